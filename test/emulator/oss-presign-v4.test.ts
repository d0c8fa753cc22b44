import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Account, randomAccount } from "../../emulator/core/accounts";
import { type OssHarness, startOss } from "./oss-helpers";

// ali-oss signatureUrlV4 against the emulator (emulator/oss/auth.ts verifyV4Url):
// https://www.alibabacloud.com/help/en/oss/developer-reference/add-signatures-to-urls
let oss: OssHarness;
const sts = randomAccount("sts");
sts.oss.securityToken = `sts-token+/${"x".repeat(40)}==`;

beforeAll(async () => {
	oss = await startOss({ accounts: [randomAccount("alice"), sts] });
	await oss.client().putBucket("v4-src");
	await oss.client({ bucket: "v4-src" }).put("hello.txt", Buffer.from("hello"));
	await oss
		.client({
			account: sts,
			stsToken: sts.oss.securityToken,
			refreshSTSTokenInterval: 3_600_000,
		})
		.putBucket("v4-sts");
});
afterAll(() => oss.close());

/** ali-oss presigns for a host name only: path style through localhost, as for V1 URLs. */
function signer(account?: Account, options: { stsToken?: string } = {}) {
	return oss.client({
		account,
		endpoint: oss.server.endpoint.replace("127.0.0.1", "localhost"),
		sldEnable: true,
		bucket: account === sts ? "v4-sts" : "v4-src",
		...(options.stsToken && {
			stsToken: options.stsToken,
			refreshSTSTokenInterval: 3_600_000,
		}),
	});
}

const getUrl = (expires = 60) =>
	signer().signatureUrlV4("GET", expires, {}, "hello.txt");

/** Signs with the clock moved by `offsetMs`, as a client whose clock is off (or a URL kept for later) would. */
async function signedAt(offsetMs: number, expires: number): Promise<string> {
	vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + offsetMs });
	try {
		return await getUrl(expires);
	} finally {
		vi.useRealTimers();
	}
}

/** Status, code, EC and message of the emulator's answer. */
async function answer(url: string | URL, init?: RequestInit) {
	const res = await fetch(url, init);
	const body = await res.text();
	return {
		status: res.status,
		code: /<Code>([^<]*)<\/Code>/.exec(body)?.[1],
		ec: res.headers.get("x-oss-ec") ?? undefined,
		message: /<Message>([^<]*)<\/Message>/.exec(body)?.[1],
		body,
	};
}

function changed(url: string, change: (u: URL) => void): URL {
	const u = new URL(url);
	change(u);
	return u;
}

describe("OSS emulator: V4 presigned URLs (ali-oss signatureUrlV4)", () => {
	it("serves GET through the URL", async () => {
		const url = await getUrl();
		expect(new URL(url).searchParams.get("x-oss-signature-version")).toBe(
			"OSS4-HMAC-SHA256",
		);
		const res = await fetch(url);
		expect(res.status).toBe(200);
		expect(await res.text()).toBe("hello");
	});

	it("stores a PUT through the URL, with the Content-Type it signed", async () => {
		const headers = { "content-type": "text/plain" };
		const url = await signer().signatureUrlV4(
			"PUT",
			60,
			{ headers },
			"put.txt",
		);
		const put = await answer(url, { method: "PUT", body: "put", headers });
		expect(put.status).toBe(200);
		const got = await oss.client({ bucket: "v4-src" }).get("put.txt");
		expect(got.content?.toString()).toBe("put");
	});

	it("signs Content-Type: a PUT with another one is SignatureDoesNotMatch", async () => {
		const url = await signer().signatureUrlV4("PUT", 60, {}, "put.txt");
		const put = await answer(url, {
			method: "PUT",
			body: "put",
			headers: { "content-type": "text/html" },
		});
		expect(put).toMatchObject({
			status: 403,
			code: "SignatureDoesNotMatch",
			ec: "0002-00000040",
		});
		expect(put.body).toContain("<CanonicalRequest>PUT\n/v4-src/put.txt\n");
	});

	it("signs the additional headers it names (x-oss-additional-headers=host)", async () => {
		const host = new URL(oss.server.endpoint).host.replace(
			"127.0.0.1",
			"localhost",
		);
		const url = await signer().signatureUrlV4(
			"GET",
			60,
			{ headers: { host } },
			"hello.txt",
			["host"],
		);
		expect(new URL(url).searchParams.get("x-oss-additional-headers")).toBe(
			"host",
		);
		expect((await answer(url)).status).toBe(200);
	});

	it.each([
		[
			"another object",
			(u: URL) => {
				u.pathname = u.pathname.replace("hello.txt", "put.txt");
			},
		],
		[
			"a longer x-oss-expires",
			(u: URL) => u.searchParams.set("x-oss-expires", "3600"),
		],
		[
			"an added parameter",
			(u: URL) => u.searchParams.set("response-content-type", "text/html"),
		],
		["no signature", (u: URL) => u.searchParams.delete("x-oss-signature")],
	])(
		"refuses a URL changed to %s with SignatureDoesNotMatch",
		async (_, change) => {
			expect(await answer(changed(await getUrl(), change))).toMatchObject({
				status: 403,
				code: "SignatureDoesNotMatch",
				ec: "0002-00000040",
			});
		},
	);

	it("refuses a URL signed with a wrong secret, or by an unknown key", async () => {
		const alice = oss.accounts[0];
		const wrong = {
			...alice,
			oss: { ...alice.oss, accessKeySecret: "wrong" },
		};
		const bad = await signer(wrong).signatureUrlV4("GET", 60, {}, "hello.txt");
		expect(await answer(bad)).toMatchObject({
			status: 403,
			code: "SignatureDoesNotMatch",
			ec: "0002-00000040",
		});
		const unknown = {
			...alice,
			oss: { accessKeyId: "LTAIunknown", accessKeySecret: "x" },
		};
		const url = await signer(unknown).signatureUrlV4(
			"GET",
			60,
			{},
			"hello.txt",
		);
		expect(await answer(url)).toMatchObject({
			status: 403,
			code: "InvalidAccessKeyId",
		});
	});

	it("refuses an expired URL: 403 AccessDenied, Request has expired., EC 0002-00000236", async () => {
		// Signed two hours ago for one hour: expired an hour ago.
		expect(await answer(await signedAt(-7_200_000, 3600))).toMatchObject({
			status: 403,
			code: "AccessDenied",
			message: "Request has expired.",
			ec: "0002-00000236",
		});
		// Signed 20 minutes ago for an hour: still valid, however far from the server's clock.
		expect((await answer(await signedAt(-1_200_000, 3600))).status).toBe(200);
	});

	it("refuses a URL dated more than 15 minutes ahead: EC 0002-00000235", async () => {
		expect(await answer(await signedAt(20 * 60_000, 3600))).toMatchObject({
			status: 403,
			code: "AccessDenied",
			ec: "0002-00000235",
		});
		expect((await answer(await signedAt(10 * 60_000, 3600))).status).toBe(200);
	});

	it.each([
		["x-oss-expires over 7 days", "x-oss-expires", "604801", "0002-00000232"],
		["x-oss-expires 0", "x-oss-expires", "0", "0002-00000232"],
		["no x-oss-expires", "x-oss-expires", undefined, "0002-00000215"],
		["an empty x-oss-expires", "x-oss-expires", "", "0002-00000216"],
		["no x-oss-credential", "x-oss-credential", undefined, "0002-00000217"],
		["an empty x-oss-credential", "x-oss-credential", "", "0002-00000218"],
	])("refuses %s with its EC", async (_, name, value, ec) => {
		const url = changed(await getUrl(), (u) =>
			value === undefined
				? u.searchParams.delete(name)
				: u.searchParams.set(name, value),
		);
		expect(await answer(url)).toMatchObject({
			status: 403,
			code: "AccessDenied",
			ec,
		});
	});

	it("serves temporary keys with their x-oss-security-token, which it signs", async () => {
		const token = String(sts.oss.securityToken);
		await oss
			.client({
				account: sts,
				bucket: "v4-sts",
				stsToken: token,
				refreshSTSTokenInterval: 3_600_000,
			})
			.put("t.txt", Buffer.from("temporary"));
		const url = await signer(sts, { stsToken: token }).signatureUrlV4(
			"GET",
			60,
			{},
			"t.txt",
		);
		expect(new URL(url).searchParams.get("x-oss-security-token")).toBe(token);
		const ok = await fetch(url);
		expect(ok.status).toBe(200);
		expect(await ok.text()).toBe("temporary");

		for (const change of [
			(u: URL) => u.searchParams.set("x-oss-security-token", "forged"),
			(u: URL) => u.searchParams.delete("x-oss-security-token"),
		])
			expect(await answer(changed(url, change))).toMatchObject({
				status: 403,
				code: "SignatureDoesNotMatch",
			});

		const wrongToken = await signer(sts, {
			stsToken: "not-the-token",
		}).signatureUrlV4("GET", 60, {}, "t.txt");
		expect(await answer(wrongToken)).toMatchObject({
			status: 403,
			code: "InvalidSecurityToken",
			ec: "0002-00000006",
		});

		const withoutToken = await signer(sts).signatureUrlV4(
			"GET",
			60,
			{},
			"t.txt",
		);
		expect(await answer(withoutToken)).toMatchObject({
			status: 403,
			code: "InvalidAccessKeyId",
		});
	});
});
