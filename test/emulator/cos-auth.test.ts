import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomAccount } from "../../emulator/core/accounts";
import {
	type CosHarness,
	createBucket,
	failure,
	rawRequest,
	region,
	startCos,
} from "./cos-support";

let cos: CosHarness;
let Bucket: string;
beforeAll(async () => {
	cos = await startCos();
	Bucket = cos.bucket("auth");
	await createBucket(cos.client(), Bucket);
	await cos.client().putObject({ Bucket, Region: region, Key: "a", Body: "a" });
});
afterAll(() => cos.close());

const hour = 3600_000;

describe("COS signature verification", () => {
	it("accepts the SDK's signature", async () => {
		const got = await cos
			.client()
			.getObject({ Bucket, Region: region, Key: "a" });
		expect(got.Body.toString()).toBe("a");
	});

	it.each([
		{
			name: "wrong SecretKey",
			client: () => {
				const alice = cos.accounts[0];
				return cos.client({
					...alice,
					cos: { ...alice.cos, secretKey: "not-the-key" },
				});
			},
			status: 403,
			code: "SignatureDoesNotMatch",
		},
		{
			name: "unknown SecretId",
			client: () => cos.client(randomAccount("stranger")),
			status: 403,
			code: "InvalidAccessKeyId",
		},
		{
			name: "expired q-sign-time",
			client: () =>
				cos.client(undefined, {
					SystemClockOffset: -hour,
					CorrectClockSkew: false,
				}),
			status: 403,
			code: "AccessDenied",
			message: "Request has expired",
		},
		{
			name: "q-sign-time beyond the allowed clock skew",
			client: () =>
				cos.client(undefined, {
					SystemClockOffset: hour,
					CorrectClockSkew: false,
				}),
			status: 403,
			code: "RequestTimeTooSkewed",
		},
	])(
		"refuses a request with $name",
		async ({ client, status, code, message }) => {
			const err = await failure(
				client().getObject({ Bucket, Region: region, Key: "a" }),
			);
			expect([err.statusCode, err.code]).toEqual([status, code]);
			if (message) expect(err.message).toBe(message);
			expect(err.headers?.["x-cos-request-id"]).toBeTruthy();
		},
	);

	it("lets the SDK correct its clock from the Date of an expiry or skew error", async () => {
		for (const SystemClockOffset of [-hour, hour]) {
			const client = cos.client(undefined, { SystemClockOffset });
			const got = await client.getObject({ Bucket, Region: region, Key: "a" });
			expect(got.statusCode).toBe(200);
		}
	});

	it("honours clockSkewMs", async () => {
		const lenient = await startCos({ clockSkewMs: 2 * hour });
		try {
			const client = lenient.client(undefined, {
				SystemClockOffset: hour,
				CorrectClockSkew: false,
			});
			const put = await client.putBucket({
				Bucket: lenient.bucket("skew"),
				Region: region,
			});
			expect(put.statusCode).toBe(200);
		} finally {
			await lenient.close();
		}
	});

	it("refuses a request tampered with after signing: 403 SignatureDoesNotMatch", async () => {
		const client = cos.client();
		client.on("before-send", (opt: { url: string }) => {
			opt.url = opt.url.replace(/\/a$/, "/b");
		});
		const err = await failure(
			client.putObject({ Bucket, Region: region, Key: "a", Body: "evil" }),
		);
		expect([err.statusCode, err.code]).toEqual([403, "SignatureDoesNotMatch"]);
		const kept = await cos
			.client()
			.getObject({ Bucket, Region: region, Key: "a" });
		expect(kept.Body.toString()).toBe("a");
	});

	// q-header-list names are the headers' names as the SDK encodes them: `x-cos-meta-a!b` is listed
	// as `x-cos-meta-a%21b` (its value is looked up by encoding every header's name).
	it.each([
		{ name: "a signed header", header: "x-cos-meta-plain" },
		{
			name: "a signed header whose name the SDK encodes",
			header: "x-cos-meta-a!b",
		},
	])(
		"verifies $name: accepted as signed, refused when changed after signing",
		async ({ header }) => {
			const put = (afterSigning?: Record<string, string>) =>
				rawRequest(cos, {
					method: "PUT",
					bucket: Bucket,
					path: "/signed-header",
					body: "x",
					headers: { [header]: "v 1" },
					afterSigning,
				});
			expect((await put()).status).toBe(200);
			const changed = await put({ [header]: "v 2" });
			expect(changed.status).toBe(403);
			expect(changed.body).toContain("<Code>SignatureDoesNotMatch</Code>");
		},
	);

	it("refuses an unsigned request: 403 AccessDenied", async () => {
		const res = await rawRequest(cos, {
			method: "GET",
			bucket: Bucket,
			path: "/a",
			account: null,
		});
		expect(res.status).toBe(403);
		expect(res.body).toContain("<Code>AccessDenied</Code>");
	});

	it("denies another account's bucket: 403 AccessDenied", async () => {
		const bob = cos.client(cos.accounts[1]);
		for (const call of [
			bob.getObject({ Bucket, Region: region, Key: "a" }),
			bob.getBucketReplication({ Bucket, Region: region }),
			bob.putBucket({ Bucket: cos.bucket("squat"), Region: region }),
		]) {
			const err = await failure(call);
			expect([err.statusCode, err.code]).toEqual([403, "AccessDenied"]);
		}
		const head = await failure(bob.headBucket({ Bucket, Region: region }));
		expect(head.statusCode).toBe(403);
	});
});
