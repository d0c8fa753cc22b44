import type COS from "cos-nodejs-sdk-v5";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Account, randomAccount } from "../../emulator/core/accounts";
import {
	type CosHarness,
	createBucket,
	failure,
	rawRequest,
	region,
	startCos,
} from "./cos-support";

/** Keys from Tencent STS: a SecretId/SecretKey pair and its token, until `expiration`. */
function temporary(name: string, expiration: string): Account {
	const account = randomAccount(name);
	account.cos.securityToken = `sts-${name}+token/${"x".repeat(40)}==`;
	account.cos.expiration = expiration;
	return account;
}

const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString();
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

// Temporary keys through cos-nodejs-sdk-v5's `SecurityToken` (emulator/cos/securityToken.ts).
describe("COS emulator: STS security token", () => {
	let cos: CosHarness;
	const sts = temporary("sts", inAnHour());
	const expired = temporary("expired", hourAgo());
	const permanent = randomAccount("permanent");
	const authorizations: string[] = [];
	beforeAll(async () => {
		cos = await startCos({ accounts: [sts, expired, permanent] });
		// Each Authorization the SDK sent, to read its q-header-list.
		const handle = cos.service.handle.bind(cos.service);
		cos.service.handle = (req) => {
			authorizations.push(String(req.headers.authorization));
			return handle(req);
		};
	});
	afterAll(() => cos.close());

	const withToken = (account: Account, SecurityToken?: string) =>
		cos.client(account, SecurityToken ? { SecurityToken } : {});
	const bucket = () => cos.bucket("sts", sts);

	it("accepts requests carrying the token, which the SDK sends unsigned as x-cos-security-token", async () => {
		const client = withToken(sts, sts.cos.securityToken);
		await createBucket(client, bucket());
		const { VersioningConfiguration } = await client.getBucketVersioning({
			Bucket: bucket(),
			Region: region,
		});
		expect(VersioningConfiguration.Status).toBe("Enabled");
		expect(authorizations.length).toBeGreaterThanOrEqual(3);
		for (const authorization of authorizations) {
			const list = /q-header-list=([^&]*)/.exec(authorization)?.[1];
			expect(list?.split(";")).not.toContain("x-cos-security-token");
		}
	});

	it("accepts the token among the signed headers too", async () => {
		const answer = await rawRequest(cos, {
			method: "GET",
			bucket: bucket(),
			query: "versioning",
			headers: { "x-cos-security-token": String(sts.cos.securityToken) },
			account: sts,
		});
		expect(answer.status).toBe(200);
	});

	it.each([
		[
			"a wrong token",
			() => withToken(sts, "not-the-token"),
			403,
			"InvalidAccessKeyId",
			/security token is invalid/,
		],
		[
			"no token with temporary keys",
			() => withToken(sts),
			403,
			"InvalidAccessKeyId",
			/needs its security token/,
		],
		[
			"a token with long-term keys",
			() => withToken(permanent, "any-token"),
			403,
			"InvalidAccessKeyId",
			/not temporary/,
		],
		[
			"an expired token",
			() => withToken(expired, expired.cos.securityToken),
			400,
			"ExpiredToken",
			/has expired/,
		],
	])(
		"refuses %s with the COS code",
		async (_, client, statusCode, code, message) => {
			const error = await failure(
				(client() as COS).getBucketVersioning({
					Bucket: bucket(),
					Region: region,
				}),
			);
			expect(error).toMatchObject({ statusCode, code });
			expect(error.message).toMatch(message);
			expect(error.RequestId).toBeTruthy();
		},
	);
});
