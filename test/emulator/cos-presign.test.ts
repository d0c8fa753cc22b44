import type COS from "cos-nodejs-sdk-v5";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Account, randomAccount } from "../../emulator/core/accounts";
import {
	type CosHarness,
	createBucket,
	type RawResponse,
	rawRequest,
	region,
	startCos,
} from "./cos-support";

// cos-nodejs-sdk-v5 getObjectUrl({ Sign: true }) against the emulator: the q-sign fields in the query
// (https://cloud.tencent.com/document/product/436/7778, .../436/68284; emulator/cos/auth.ts).
let cos: CosHarness;
const sts = randomAccount("sts");
// A token with `+`, `/` and `=`, which the SDK appends to the URL as they are.
sts.cos.securityToken = `sts+token/${"x".repeat(40)}==`;
const token = String(sts.cos.securityToken);

beforeAll(async () => {
	cos = await startCos({ accounts: [randomAccount("alice"), sts] });
	const alice = cos.client();
	await createBucket(alice, cos.bucket("presign"), null);
	await alice.putObject({
		Bucket: cos.bucket("presign"),
		Region: region,
		Key: "hello.txt",
		Body: "hello",
	});
	const temporary = cos.client(sts, { SecurityToken: token });
	await createBucket(temporary, cos.bucket("presign-sts", sts), null);
	await temporary.putObject({
		Bucket: cos.bucket("presign-sts", sts),
		Region: region,
		Key: "t.txt",
		Body: "temporary",
	});
});
afterAll(() => cos.close());

interface UrlOptions {
	account?: Account;
	client?: Partial<COS.COSOptions>;
	Method?: string;
	Key?: string;
	Query?: Record<string, string>;
	Expires?: number;
}

/** The SDK's presigned URL (its asynchronous form, which encodes `q-url-param-list` once more). */
function presign(options: UrlOptions = {}): Promise<string> {
	const { account, client, ...params } = options;
	const bucket =
		account === sts ? cos.bucket("presign-sts", sts) : cos.bucket("presign");
	return new Promise((resolve, reject) =>
		cos.client(account, client).getObjectUrl(
			{
				Bucket: bucket,
				Region: region,
				Key: "hello.txt",
				Sign: true,
				...params,
			} as COS.GetObjectUrlParams,
			(err, data) => (err ? reject(err) : resolve(data.Url)),
		),
	);
}

/** Signs with the clock moved by `offsetMs`, as a client whose clock is off (or a URL kept for later). */
async function presignAt(offsetMs: number, Expires: number): Promise<string> {
	vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + offsetMs });
	try {
		return await presign({ Expires });
	} finally {
		vi.useRealTimers();
	}
}

/**
 * Sends the URL as a browser or curl would, over real HTTP to the emulator: the Host of the URL
 * (`<bucket>.cos.<region>.myqcloud.com`, which does not resolve here), its path and query as written.
 */
function send(
	url: string,
	init: { method?: string; body?: string } = {},
): Promise<RawResponse & { code?: string }> {
	const u = new URL(url);
	return rawRequest(cos, {
		method: init.method ?? "GET",
		host: u.host,
		path: u.pathname,
		query: url.slice(url.indexOf("?") + 1),
		body: init.body,
		account: null,
	}).then((res) => ({
		...res,
		code: /<Code>([^<]*)<\/Code>/.exec(res.body)?.[1],
	}));
}

describe("COS emulator: presigned URLs (getObjectUrl with Sign: true)", () => {
	it("serves GET through the URL", async () => {
		const url = await presign();
		expect(url).toContain("q-signature=");
		const res = await send(url);
		expect(res.status).toBe(200);
		expect(res.body).toBe("hello");
	});

	it("serves GET through the SDK's synchronous URL too", async () => {
		const url = cos.client().getObjectUrl(
			{
				Bucket: cos.bucket("presign"),
				Region: region,
				Key: "hello.txt",
				Sign: true,
			},
			() => {},
		);
		expect((await send(url)).status).toBe(200);
	});

	it("stores a PUT through the URL", async () => {
		const url = await presign({ Method: "PUT", Key: "put.txt" });
		const put = await send(url, { method: "PUT", body: "put" });
		expect(put.status).toBe(200);
		const got = await cos.client().getObject({
			Bucket: cos.bucket("presign"),
			Region: region,
			Key: "put.txt",
		});
		expect(got.Body.toString()).toBe("put");
	});

	it.each<[string, (url: string) => string]>([
		["another object", (url) => url.replace("/hello.txt?", "/put.txt?")],
		[
			"another signed parameter value",
			(url) =>
				url.replace(
					"response-content-type=text%2Fplain",
					"response-content-type=text%2Fhtml",
				),
		],
		[
			"another q-sign-time",
			(url) =>
				url.replace(
					/q-sign-time=(\d+);(\d+)/,
					(_, a, b) => `q-sign-time=${a};${Number(b) + 60}`,
				),
		],
		["the PUT method", (url) => url],
	])(
		"refuses a URL changed to %s with SignatureDoesNotMatch",
		async (name, change) => {
			const url = await presign({
				Query: { "response-content-type": "text/plain" },
			});
			const res = await send(change(url), {
				method: name === "the PUT method" ? "PUT" : "GET",
			});
			expect(res).toMatchObject({ status: 403, code: "SignatureDoesNotMatch" });
		},
	);

	it("refuses a URL signed with a wrong secret, or by an unknown key", async () => {
		const alice = cos.accounts[0];
		const wrong = { ...alice, cos: { ...alice.cos, secretKey: "wrong" } };
		expect(await send(await presign({ account: wrong }))).toMatchObject({
			status: 403,
			code: "SignatureDoesNotMatch",
		});
		const unknown = {
			...alice,
			cos: { ...alice.cos, secretId: "AKIDunknown" },
		};
		expect(await send(await presign({ account: unknown }))).toMatchObject({
			status: 403,
			code: "InvalidAccessKeyId",
		});
	});

	it("refuses an expired URL as the header form: 403 AccessDenied, Request has expired", async () => {
		// Signed two hours ago for one hour.
		const res = await send(await presignAt(-7_200_000, 3600));
		expect(res).toMatchObject({ status: 403, code: "AccessDenied" });
		expect(res.body).toContain("<Message>Request has expired</Message>");
		expect((await send(await presignAt(-1_200_000, 3600))).status).toBe(200);
	});

	it("refuses a URL signed further ahead than the allowed skew: RequestTimeTooSkewed", async () => {
		expect(await send(await presignAt(20 * 60_000, 3600))).toMatchObject({
			status: 403,
			code: "RequestTimeTooSkewed",
		});
	});

	it("serves temporary keys with their x-cos-security-token, which is not signed", async () => {
		const url = await presign({
			account: sts,
			client: { SecurityToken: token },
			Key: "t.txt",
		});
		expect(url).toContain(`&x-cos-security-token=${token}`);
		const ok = await send(url);
		expect(ok.status).toBe(200);
		expect(ok.body).toBe("temporary");

		const forged = url.replace(
			`x-cos-security-token=${token}`,
			"x-cos-security-token=forged",
		);
		expect(await send(forged)).toMatchObject({
			status: 403,
			code: "InvalidAccessKeyId",
		});
		const withoutToken = await presign({ account: sts, Key: "t.txt" });
		const refused = await send(withoutToken);
		expect(refused).toMatchObject({ status: 403, code: "InvalidAccessKeyId" });
		expect(refused.body).toContain("x-cos-security-token");
	});
});
