import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Account, randomAccount } from "../../emulator/core/accounts";
import { type OssHarness, startOss, tamper } from "./oss-helpers";

/** Keys from Alibaba Cloud STS: an AccessKey pair and its SecurityToken, until `expiration`. */
function temporary(name: string, expiration: string): Account {
	const account = randomAccount(name);
	account.oss.securityToken = `sts-${name}+token/${"x".repeat(40)}==`;
	account.oss.expiration = expiration;
	return account;
}

const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString();
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

interface OssError {
	status: number;
	code: string;
	message: string;
	requestId: string;
	ecCode?: string;
}

async function rejection(call: Promise<unknown>): Promise<OssError> {
	try {
		await call;
	} catch (error) {
		return error as OssError;
	}
	throw new Error("expected the call to fail");
}

// Temporary credentials through ali-oss's `stsToken` (emulator/oss/securityToken.ts).
describe("OSS emulator: STS security token", () => {
	let oss: OssHarness;
	const sts = temporary("sts", inAnHour());
	const expired = temporary("expired", hourAgo());
	const permanent = randomAccount("permanent");
	beforeAll(async () => {
		oss = await startOss({ accounts: [sts, expired, permanent] });
	});
	afterAll(() => oss.close());

	const withToken = (
		account: Account,
		stsToken?: string,
		signing: { authorizationV4?: boolean } = {},
	) =>
		oss.client({
			account,
			bucket: "sts-src",
			...signing,
			...(stsToken && { stsToken, refreshSTSTokenInterval: 3_600_000 }),
		});

	it.each<[string, { authorizationV4?: boolean }]>([
		["V1", {}],
		["V4", { authorizationV4: true }],
	])(
		"accepts %s requests carrying the token in x-oss-security-token",
		async (_, signing) => {
			const client = withToken(sts, sts.oss.securityToken, signing);
			if (!signing.authorizationV4) await client.putBucket("sts-src");
			await client.put("hello.txt", Buffer.from("hello"));
			expect((await client.get("hello.txt")).content?.toString()).toBe("hello");
		},
	);

	it("refuses a token added after signing: OSS signs every x-oss-* header", async () => {
		const client = tamper(withToken(sts), (url, params) => [
			url,
			{
				...params,
				headers: {
					...params.headers,
					"x-oss-security-token": String(sts.oss.securityToken),
				},
			},
		]);
		expect(await rejection(client.get("hello.txt"))).toMatchObject({
			status: 403,
			code: "SignatureDoesNotMatch",
		});
	});

	it.each([
		[
			"a wrong token",
			() => withToken(sts, "not-the-token"),
			"InvalidSecurityToken",
			"0002-00000006",
		],
		[
			"no token with temporary keys",
			() => withToken(sts),
			"InvalidAccessKeyId",
			"0002-00000902",
		],
		[
			"a token with long-term keys",
			() => withToken(permanent, "any-token"),
			"InvalidAccessKeyId",
			"0002-00000002",
		],
		[
			"an expired token",
			() => withToken(expired, expired.oss.securityToken),
			"SecurityTokenExpired",
			"0002-00000007",
		],
	])("refuses %s with the OSS code and EC", async (_, client, code, ecCode) => {
		const error = await rejection(client().get("hello.txt"));
		expect(error).toMatchObject({ status: 403, code, ecCode });
		expect(error.requestId).toBeTruthy();
	});

	it("serves a presigned URL that carries the token as security-token, which it signs", async () => {
		// ali-oss presigns for a host name only: path style through localhost.
		const url = oss
			.client({
				account: sts,
				stsToken: sts.oss.securityToken,
				refreshSTSTokenInterval: 3_600_000,
				endpoint: oss.server.endpoint.replace("127.0.0.1", "localhost"),
				sldEnable: true,
				bucket: "sts-src",
			})
			.signatureUrl("hello.txt", { expires: 60 });
		expect(new URL(url).searchParams.get("security-token")).toBe(
			sts.oss.securityToken,
		);
		const answer = await fetch(url);
		expect(answer.status).toBe(200);
		expect(await answer.text()).toBe("hello");

		const tampered = new URL(url);
		tampered.searchParams.set("security-token", "forged");
		const refused = await fetch(tampered);
		expect(refused.status).toBe(403);
		expect(await refused.text()).toContain(
			"<Code>SignatureDoesNotMatch</Code>",
		);
		const withoutToken = new URL(url);
		withoutToken.searchParams.delete("security-token");
		expect(await (await fetch(withoutToken)).text()).toContain(
			"<Code>SignatureDoesNotMatch</Code>",
		);
	});
});
