import { Auth, type BosClientConfig } from "@baiducloud/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Account, randomAccount } from "../../emulator/core/accounts";
import { putRule, rejection, startBos } from "./bos-helpers";

/** Keys from Baidu STS: an AK/SK pair and its session token, until `expiration`. */
function temporary(name: string, expiration?: string): Account {
	const account = randomAccount(name);
	account.bos.securityToken = `sts-${name}+token/${"x".repeat(40)}==`;
	if (expiration) account.bos.expiration = expiration;
	return account;
}

/** The SDK's own signer (http_client.js `createSignature`), recording each `Authorization` it made. */
function recordingSigner(
	signed: string[],
	leaveOut?: string,
): BosClientConfig["createSignature"] {
	return (credentials, method, path, params, headers) => {
		const toSign = { ...headers };
		if (leaveOut) delete toSign[leaveOut];
		const authorization = new Auth(
			credentials.ak,
			credentials.sk,
		).generateAuthorization(method, path, params, toSign);
		signed.push(authorization);
		return authorization;
	};
}

const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString();
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

// Temporary credentials through the official SDK's `sessionToken` (bos/securityToken.ts).
describe("BOS emulator: STS security token", () => {
	let bos: Awaited<ReturnType<typeof startBos>>;
	const sts = temporary("sts", inAnHour());
	const expired = temporary("expired", hourAgo());
	const permanent = randomAccount("permanent");
	beforeAll(async () => {
		bos = await startBos({ accounts: [sts, expired, permanent] });
	});
	afterAll(() => bos.close());

	const withToken = (account: Account, sessionToken?: string) =>
		bos.clientFor(account, sessionToken ? { sessionToken } : {});

	it("accepts requests carrying the token, which the SDK signs as x-bce-security-token", async () => {
		const signed: string[] = [];
		const client = bos.clientFor(sts, {
			sessionToken: sts.bos.securityToken,
			createSignature: recordingSigner(signed),
		});
		await client.createBucket("sts-src");
		await client.createBucket("sts-dst");
		await putRule(client, "sts-src", {
			id: "r1",
			status: "enabled",
			resource: ["sts-src/*"],
			destination: { bucket: "sts-dst" },
			replicateDeletes: "disabled",
		});
		const { body } = await client.sendRequest<{ rules: Array<{ id: string }> }>(
			"GET",
			{ bucketName: "sts-src", params: { replication: "", list: "" } },
		);
		expect(body.rules.map((r) => r.id)).toEqual(["r1"]);
		for (const authorization of signed)
			expect(authorization.split("/")[4].split(";")).toContain(
				"x-bce-security-token",
			);
	});

	it("accepts the token outside the signed headers (the BCE rules leave the list to the caller)", async () => {
		const signed: string[] = [];
		const client = bos.clientFor(sts, {
			sessionToken: sts.bos.securityToken,
			createSignature: recordingSigner(signed, "x-bce-security-token"),
		});
		expect(await client.doesBucketExist("sts-src")).toBe(true);
		expect(signed[0]).not.toContain("x-bce-security-token");
		// ... but the token still must be right.
		const wrong = bos.clientFor(sts, {
			sessionToken: "wrong-token",
			createSignature: recordingSigner([], "x-bce-security-token"),
		});
		expect(await rejection(wrong.getBucketVersioning("sts-src"))).toMatchObject(
			{ status_code: 403, code: "AccessDenied" },
		);
	});

	it.each([
		["a wrong token", () => withToken(sts, "not-the-token"), /invalid/],
		[
			"no token with temporary keys",
			() => withToken(sts),
			/needs its security token/,
		],
		[
			"a token with long-term keys",
			() => withToken(permanent, "any-token"),
			/not temporary/,
		],
		[
			"an expired token",
			() => withToken(expired, expired.bos.securityToken),
			/has expired/,
		],
	])("refuses %s with AccessDenied 403", async (_, client, message) => {
		const error = await rejection(
			client().sendRequest("GET", {
				bucketName: "sts-src",
				params: { replication: "", list: "" },
			}),
		);
		expect(error).toMatchObject({ status_code: 403, code: "AccessDenied" });
		expect(error.message).toMatch(message);
		expect(error.request_id).toBeTruthy();
	});

	it("serves a presigned URL that carries the token as a query parameter", async () => {
		const client = withToken(sts, sts.bos.securityToken);
		await client.putObjectFromString("sts-src", "shared.txt", "hello");
		const presign = (
			client as unknown as {
				generatePresignedUrl(
					bucket: string,
					key: string,
					timestamp: number,
					expirationInSeconds: number,
				): string;
			}
		).generatePresignedUrl.bind(client);
		const url = presign(
			"sts-src",
			"shared.txt",
			Math.floor(Date.now() / 1000),
			1800,
		);
		expect(new URL(url).searchParams.get("x-bce-security-token")).toBe(
			sts.bos.securityToken,
		);
		const answer = await fetch(url);
		expect(answer.status).toBe(200);
		expect(await answer.text()).toBe("hello");
		const tampered = new URL(url);
		tampered.searchParams.set("x-bce-security-token", "forged");
		expect((await fetch(tampered)).status).toBe(400); // the token is signed there: SignatureDoesNotMatch
	});
});
