import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	addRule,
	getProgress,
	type HttpParams,
	type OssClient,
	type OssHarness,
	sendXml,
	startOss,
	tamper,
} from "./oss-helpers";

let oss: OssHarness;

beforeAll(async () => {
	oss = await startOss();
	const alice = oss.client();
	await alice.putBucket("auth-src");
	await oss.client({ region: "oss-cn-beijing" }).putBucket("auth-dst");
	await addRule(alice, "auth-src", {
		ID: "r1",
		Destination: { Bucket: "auth-dst", Location: "oss-cn-beijing" },
	});
});
afterAll(() => oss.close());

/** Keeps the body of the last response the client received (ali-oss drops unknown error fields). */
function capture(client: OssClient): { body: () => string } {
	const real = client.urllib;
	let last = "";
	client.urllib = {
		request: async (url, params) => {
			const result = (await real.request(url, params)) as { data?: unknown };
			last = Buffer.isBuffer(result.data) ? result.data.toString("utf8") : "";
			return result;
		},
	};
	return { body: () => last };
}

const signings = [
	["V1", {}],
	["V4", { authorizationV4: true }],
] as const;

describe.each(signings)("%s signatures", (_, signing) => {
	it("are accepted from the SDK, virtual-hosted and path style", async () => {
		const byIp = oss.client({ ...signing, bucket: "auth-src" });
		await byIp.put("ok.txt", Buffer.from("ok"));
		expect((await byIp.get("ok.txt")).content?.toString()).toBe("ok");
		// rule-id is a query parameter: unsigned in V1, signed in V4 (reference Appendix B).
		expect((await getProgress(byIp, "auth-src", "r1"))[0].ID).toBe("r1");

		const pathStyle = oss.client({
			...signing,
			endpoint: oss.server.endpoint.replace("127.0.0.1", "localhost"),
			sldEnable: true,
			bucket: "auth-src",
		});
		expect((await pathStyle.get("ok.txt")).content?.toString()).toBe("ok");
		expect((await getProgress(pathStyle, "auth-src", "r1"))[0].ID).toBe("r1");
	});

	it("refuse a wrong secret with SignatureDoesNotMatch", async () => {
		const account = {
			...oss.accounts[0],
			oss: { ...oss.accounts[0].oss, accessKeySecret: "wrong" },
		};
		await expect(
			oss.client({ ...signing, account }).getBucketInfo("auth-src"),
		).rejects.toMatchObject({
			code: "SignatureDoesNotMatch",
			status: 403,
			ecCode: "0002-00000040",
		});
	});

	it("refuse an unknown key with InvalidAccessKeyId", async () => {
		const account = {
			...oss.accounts[0],
			oss: { accessKeyId: "LTAIunknown", accessKeySecret: "x" },
		};
		await expect(
			oss.client({ ...signing, account }).getBucketInfo("auth-src"),
		).rejects.toMatchObject({
			code: "InvalidAccessKeyId",
			status: 403,
			ecCode: "0002-00000902",
		});
	});

	it.each([
		[
			"an added x-oss header",
			(u: string, p: HttpParams) => [
				u,
				{ ...p, headers: { ...p.headers, "x-oss-meta-evil": "1" } },
			],
		],
		[
			"a changed sub-resource",
			(u: string, p: HttpParams) => [u.replace("bucketInfo", "location"), p],
		],
		[
			"a changed date",
			(u: string, p: HttpParams) => [
				u,
				{
					...p,
					headers: {
						...p.headers,
						"x-oss-date": p.headers["x-oss-date"].replace(/\d\d(?=\D*$)/, (d) =>
							String((Number(d) + 1) % 60).padStart(2, "0"),
						),
					},
				},
			],
		],
	] as const)("refuse a request with %s", async (_, change) => {
		const client = tamper(
			oss.client(signing),
			(u, p) => change(u, p) as [string, HttpParams],
		);
		await expect(client.getBucketInfo("auth-src")).rejects.toMatchObject({
			code: "SignatureDoesNotMatch",
			status: 403,
		});
	});

	it("refuse a body changed under a signed Content-MD5 with InvalidDigest", async () => {
		const client = tamper(oss.client(signing), (u, p) => [
			u,
			{ ...p, content: String(p.content).replace("Enabled", "Suspend") },
		]);
		const body =
			"<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>";
		await expect(
			sendXml(client, "PUT", "auth-src", { versioning: "" }, body),
		).rejects.toMatchObject({
			code: "InvalidDigest",
			status: 400,
		});
	});

	it("refuse a signing time too far from the server's with RequestTimeTooSkewed", async () => {
		const late = oss.client({ ...signing, amendTimeSkewed: -20 * 60 * 1000 });
		await expect(late.getBucketInfo("auth-src")).rejects.toMatchObject({
			code: "RequestTimeTooSkewed",
			status: 403,
		});
	});

	it("refuse another account's bucket with AccessDenied", async () => {
		const bob = oss.client({ ...signing, account: oss.accounts[1] });
		await expect(bob.getBucketInfo("auth-src")).rejects.toMatchObject({
			code: "AccessDenied",
			status: 403,
		});
		await expect(
			addRule(bob, "auth-src", {
				Destination: { Bucket: "auth-dst", Location: "oss-cn-beijing" },
			}),
		).rejects.toMatchObject({ code: "AccessDenied", status: 403 });
	});
});

describe("other signature checks", () => {
	it("honours clockSkewMs", async () => {
		const strict = await startOss({ clockSkewMs: 1000 });
		try {
			const client = strict.client({ amendTimeSkewed: 10_000 });
			await expect(client.putBucket("skewed")).rejects.toMatchObject({
				code: "RequestTimeTooSkewed",
				status: 403,
			});
		} finally {
			await strict.close();
		}
	});

	it("explains SignatureDoesNotMatch with the string to sign and the key id", async () => {
		const account = {
			...oss.accounts[0],
			oss: { ...oss.accounts[0].oss, accessKeySecret: "wrong" },
		};
		const client = oss.client({ account });
		const seen = capture(client);
		await expect(client.getBucketInfo("auth-src")).rejects.toMatchObject({
			code: "SignatureDoesNotMatch",
		});
		const body = seen.body();
		expect(body).toMatch(
			/<StringToSign>GET\n[^<]*\/auth-src\/\?bucketInfo<\/StringToSign>/,
		);
		expect(body).toMatch(/<StringToSignBytes>[0-9a-f ]+<\/StringToSignBytes>/i);
		expect(body).toMatch(/<SignatureProvided>[^<]+<\/SignatureProvided>/);
		expect(body).toContain(
			`<OSSAccessKeyId>${account.oss.accessKeyId}</OSSAccessKeyId>`,
		);
	});

	it("names the bucket's endpoint when it is addressed through another region", async () => {
		const client = oss.client();
		const seen = capture(client);
		await expect(client.getBucketInfo("auth-dst")).rejects.toMatchObject({
			code: "AccessDenied",
			status: 403,
		});
		expect(seen.body()).toContain(
			"<Endpoint>oss-cn-beijing.aliyuncs.com</Endpoint>",
		);
	});

	it("refuses a malformed Authorization header with InvalidArgument", async () => {
		const client = tamper(oss.client(), (u, p) => [
			u,
			{ ...p, headers: { ...p.headers, authorization: "OSS nocolon" } },
		]);
		await expect(client.getBucketInfo("auth-src")).rejects.toMatchObject({
			code: "InvalidArgument",
			status: 400,
		});
	});

	it("refuses an anonymous request with AccessDenied", async () => {
		const res = await fetch(`${oss.server.endpoint}/auth-src/ok.txt`);
		expect(res.status).toBe(403);
		expect(await res.text()).toContain("<Code>AccessDenied</Code>");
	});

	it("accepts a presigned URL and refuses it once expired or tampered", async () => {
		const pathStyle = {
			endpoint: oss.server.endpoint.replace("127.0.0.1", "localhost"),
			sldEnable: true,
			bucket: "auth-src",
		};
		const client = oss.client(pathStyle);
		const fresh = await fetch(client.signatureUrl("ok.txt", { expires: 60 }));
		expect(fresh.status).toBe(200);
		expect(await fresh.text()).toBe("ok");

		const expired = await fetch(
			client.signatureUrl("ok.txt", { expires: -10 }),
		);
		expect(expired.status).toBe(403);
		expect(expired.headers.get("x-oss-ec")).toBe("0002-00000069");
		expect(await expired.text()).toContain("Request has expired.");
		const url = client.signatureUrl("ok.txt", { expires: 60 });
		for (const [expires, ec] of [
			["", "0002-00000068"],
			["soon", "0002-00000070"],
			[undefined, "0002-00000067"],
		] as const) {
			const changed = new URL(url);
			if (expires === undefined) changed.searchParams.delete("Expires");
			else changed.searchParams.set("Expires", expires);
			const refused = await fetch(changed);
			expect(refused.status).toBe(403);
			expect(refused.headers.get("x-oss-ec")).toBe(ec);
		}

		const other = await fetch(
			client
				.signatureUrl("ok.txt", { expires: 60 })
				.replace("ok.txt", "no.txt"),
		);
		expect(other.status).toBe(403);
		expect(await other.text()).toContain("<Code>SignatureDoesNotMatch</Code>");
	});
});
