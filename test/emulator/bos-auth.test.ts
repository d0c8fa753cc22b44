import { Auth, type BosClientConfig } from "@baiducloud/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomAccount } from "../../emulator/core/accounts";
import { rejection, startBos } from "./bos-helpers";

/** A signer that signs as the SDK does, but at `offsetSeconds` from now with `expiration`. */
function signAt(
	offsetSeconds: number,
	expiration = 1800,
): BosClientConfig["createSignature"] {
	return (credentials, method, path, params, headers) => {
		const seconds = Math.floor(Date.now() / 1000) + offsetSeconds;
		headers["x-bce-date"] = new Date(seconds * 1000)
			.toISOString()
			.replace(/\.\d+Z$/, "Z");
		return new Auth(credentials.ak, credentials.sk).generateAuthorization(
			method,
			path,
			params,
			headers,
			seconds,
			expiration,
		);
	};
}

// bce-auth-v1 verification (reference §3.2) against requests signed by @baiducloud/sdk.
describe("BOS emulator: bce-auth-v1 signatures", () => {
	let bos: Awaited<ReturnType<typeof startBos>>;
	beforeAll(async () => {
		bos = await startBos({ clockSkewMs: 5 * 60 * 1000 });
		await bos.client.createBucket("src-bucket");
	});
	afterAll(() => bos.close());

	it("accepts the SDK's signature, with query values over-encoded on the wire", async () => {
		const error = await rejection(
			bos.client.sendRequest("GET", {
				bucketName: "src-bucket",
				params: { replication: "", id: "rule-1_a" },
			}),
		);
		// Signature fine; the rule just does not exist.
		expect(error).toMatchObject({
			status_code: 404,
			code: "NoReplicationConfiguration",
		});
		expect(bos.server.requests.at(-1)?.rawQuery).toContain("rule%2d1%5fa");
	});

	it("accepts the SDK's signature of a key and a query value with ! ' ( ) * (encoded only by the SDK's normalize)", async () => {
		const key = "notes/it's (1)!*.txt";
		await bos.client.putObjectFromString("src-bucket", key, "sub-delims");
		const got = await bos.client.getObject("src-bucket", key);
		expect(got.body.toString()).toBe("sub-delims");
		const error = await rejection(
			bos.client.sendRequest("GET", {
				bucketName: "src-bucket",
				params: { replication: "", id: "rule(1)!*'" },
			}),
		);
		expect(error).toMatchObject({
			status_code: 404,
			code: "NoReplicationConfiguration",
		});
	});

	it("accepts a signature made long ago while its expirationPeriodInSeconds lasts", async () => {
		const client = bos.clientFor(bos.accounts[0], {
			createSignature: signAt(-3600, 7200),
		});
		expect(await client.doesBucketExist("src-bucket")).toBe(true);
	});

	it("serves the SDK's generatePresignedUrl (signed `/v1/<bucket>/<key>`), and refuses it once expired", async () => {
		await bos.client.putObjectFromString("src-bucket", "shared.txt", "hello");
		// Not in the project's SDK typings, which declare only what the provider uses.
		const presign = (
			bos.client as unknown as {
				generatePresignedUrl(
					bucket: string,
					key: string,
					timestamp: number,
					expirationInSeconds: number,
				): string;
			}
		).generatePresignedUrl.bind(bos.client);
		const now = Math.floor(Date.now() / 1000);
		const url = presign("src-bucket", "shared.txt", now, 1800);
		expect(new URL(url).pathname).toBe("/v1/src-bucket/shared.txt");
		const fresh = await fetch(url);
		expect(fresh.status).toBe(200);
		expect(await fresh.text()).toBe("hello");
		const expired = await fetch(
			presign("src-bucket", "shared.txt", now - 3600, 60),
		);
		expect(expired.status).toBe(400);
		expect(await expired.json()).toMatchObject({ code: "RequestExpired" });
	});

	const cases: Array<[string, () => Promise<unknown>, number, string]> = [
		[
			"a wrong secret key",
			() =>
				bos
					.clientFor({
						...bos.accounts[0],
						bos: { ...bos.accounts[0].bos, secretKey: "wrong" },
					})
					.listObjects("src-bucket"),
			400,
			"SignatureDoesNotMatch",
		],
		[
			"a tampered request (signed for another rule id)",
			() =>
				bos
					.clientFor(bos.accounts[0], {
						createSignature: (credentials, method, path, params, headers) =>
							new Auth(credentials.ak, credentials.sk).generateAuthorization(
								method,
								path,
								{ ...params, id: "rule2" },
								headers,
							),
					})
					.sendRequest("GET", {
						bucketName: "src-bucket",
						params: { replication: "", id: "rule1" },
					}),
			400,
			"SignatureDoesNotMatch",
		],
		[
			"an expired signature",
			() =>
				bos
					.clientFor(bos.accounts[0], { createSignature: signAt(-120, 60) })
					.listObjects("src-bucket"),
			400,
			"RequestExpired",
		],
		[
			"a signature from beyond the allowed clock skew",
			() =>
				bos
					.clientFor(bos.accounts[0], { createSignature: signAt(600) })
					.listObjects("src-bucket"),
			403,
			"RequestTimeTooSkewed",
		],
		[
			"an unknown access key",
			() => bos.clientFor(randomAccount("nobody")).listObjects("src-bucket"),
			403,
			"InvalidAccessKeyId",
		],
		[
			"another account's bucket",
			() => bos.clientFor(bos.accounts[1]).listObjects("src-bucket"),
			403,
			"AccessDenied",
		],
	];
	it.each(cases)("refuses %s", async (_name, call, status, code) => {
		const error = await rejection(call());
		expect(error).toMatchObject({ status_code: status, code });
	});

	it.each([
		["no Authorization header", undefined, 403, "AccessDenied"],
		[
			"a malformed Authorization header",
			"bce-auth-v1/ak",
			400,
			"InvalidHTTPAuthHeader",
		],
		[
			"a bad timestamp",
			`bce-auth-v1/${"a".repeat(32)}/yesterday/1800/host/${"0".repeat(64)}`,
			400,
			"InvalidHTTPAuthHeader",
		],
	])("refuses %s", async (_name, authorization, status, code) => {
		const response = await fetch(`${bos.server.endpoint}/src-bucket`, {
			headers: authorization ? { authorization } : {},
		});
		expect(response.status).toBe(status);
		expect(await response.json()).toMatchObject({ code });
	});

	it("keeps answering after refusals", async () => {
		expect(await bos.client.doesBucketExist("src-bucket")).toBe(true);
	});
});
