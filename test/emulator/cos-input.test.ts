import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	type CosHarness,
	createBucket,
	type RawRequest,
	rawRequest,
	startCos,
} from "./cos-support";

let cos: CosHarness;
let Bucket: string;
beforeAll(async () => {
	cos = await startCos();
	Bucket = cos.bucket("input");
	await createBucket(cos.client(), Bucket);
});
afterAll(() => cos.close());

/** After every bad request the server still answers a good one. */
async function stillServes(): Promise<void> {
	const res = await rawRequest(cos, { method: "HEAD", bucket: Bucket });
	expect(res.status).toBe(200);
}

describe("COS bad input", () => {
	const bigBody = Buffer.alloc(5 * 1024 * 1024 + 1, "x");
	it.each<{
		name: string;
		request: () => RawRequest;
		status: number;
		code: string;
	}>([
		{
			name: "malformed replication XML",
			request: () => ({
				method: "PUT",
				bucket: Bucket,
				query: "replication",
				body: "<ReplicationConfiguration><Role>",
			}),
			status: 400,
			code: "MalformedXML",
		},
		{
			name: "a replication body that is not XML",
			request: () => ({
				method: "PUT",
				bucket: Bucket,
				query: "replication=",
				body: "rules please",
			}),
			status: 400,
			code: "MalformedXML",
		},
		{
			name: "an empty replication body",
			request: () => ({
				method: "PUT",
				bucket: Bucket,
				query: "replication",
				body: "",
			}),
			status: 400,
			code: "InvalidArgument",
		},
		{
			name: "a replication body with another root",
			request: () => ({
				method: "PUT",
				bucket: Bucket,
				query: "replication",
				body: "<Other/>",
			}),
			status: 400,
			code: "MalformedXML",
		},
		{
			name: "malformed versioning XML",
			request: () => ({
				method: "PUT",
				bucket: Bucket,
				query: "versioning",
				body: "<VersioningConfiguration>",
			}),
			status: 400,
			code: "MalformedXML",
		},
		{
			name: "malformed tagging XML",
			request: () => ({
				method: "PUT",
				bucket: Bucket,
				query: "tagging",
				body: "<Tagging><TagSet>",
			}),
			status: 400,
			code: "MalformedXML",
		},
		{
			name: "a body over 5 MiB",
			request: () => ({
				method: "PUT",
				bucket: Bucket,
				path: "/big",
				body: bigBody,
			}),
			status: 400,
			code: "EntityTooLarge",
		},
		{
			name: "a sub-resource COS has but we do not emulate",
			request: () => ({ method: "GET", bucket: Bucket, query: "acl" }),
			status: 501,
			code: "NotImplemented",
		},
		{
			name: "an unknown sub-resource",
			request: () => ({ method: "GET", bucket: Bucket, query: "frobnicate" }),
			status: 501,
			code: "NotImplemented",
		},
		{
			name: "an object version",
			request: () => ({
				method: "GET",
				bucket: Bucket,
				path: "/k",
				query: "versionId=abc",
			}),
			status: 501,
			code: "NotImplemented",
		},
		{
			name: "object tags of a version",
			request: () => ({
				method: "GET",
				bucket: Bucket,
				path: "/k",
				query: "tagging&versionId=abc",
			}),
			status: 501,
			code: "NotImplemented",
		},
		{
			name: "a response-* override",
			request: () => ({
				method: "GET",
				bucket: Bucket,
				path: "/k",
				query: "response-content-type=text%2Fplain",
			}),
			status: 501,
			code: "NotImplemented",
		},
		{
			name: "an encoding-type other than url",
			request: () => ({
				method: "GET",
				bucket: Bucket,
				query: "encoding-type=base64",
			}),
			status: 400,
			code: "InvalidArgument",
		},
		{
			name: "a malformed Authorization (algorithm other than sha1)",
			request: () => ({
				method: "GET",
				bucket: Bucket,
				account: null,
				headers: {
					authorization:
						"q-sign-algorithm=md5&q-ak=x&q-sign-time=1;2&q-key-time=1;2&q-header-list=&q-url-param-list=&q-signature=00",
				},
			}),
			status: 403,
			code: "AccessDenied",
		},
		{
			name: "two sub-resources",
			request: () => ({
				method: "GET",
				bucket: Bucket,
				query: "replication&versioning",
			}),
			status: 400,
			code: "InvalidArgument",
		},
		{
			name: "a method the resource does not take",
			request: () => ({ method: "POST", bucket: Bucket, query: "replication" }),
			status: 405,
			code: "MethodNotAllowed",
		},
		{
			name: "an underscored bucket name",
			request: () => ({
				method: "GET",
				host: "bad_name-1250000000.cos.ap-guangzhou.myqcloud.com",
			}),
			status: 400,
			code: "InvalidBucketName",
		},
		{
			name: "a bucket without APPID",
			request: () => ({
				method: "GET",
				host: "noappid.cos.ap-guangzhou.myqcloud.com",
			}),
			status: 400,
			code: "InvalidBucketName",
		},
		{
			name: "a domain over 60 characters",
			request: () => ({
				method: "GET",
				host: `${"a".repeat(20)}-1250000000.cos.ap-guangzhou.myqcloud.com`,
			}),
			status: 400,
			code: "InvalidBucketName",
		},
		{
			name: "a Host that names no bucket",
			request: () => ({ method: "GET", host: "127.0.0.1" }),
			status: 400,
			code: "InvalidURI",
		},
		{
			name: "a path that is not percent-decodable",
			request: () => ({
				method: "GET",
				bucket: Bucket,
				path: "/%E0%A4%A",
				account: null,
			}),
			status: 400,
			code: "InvalidURI",
		},
	])("answers $name with $status $code", async ({ request, status, code }) => {
		const res = await rawRequest(cos, request());
		expect(res.status).toBe(status);
		expect(res.headers["content-type"]).toBe("application/xml");
		expect(res.body).toContain(`<Code>${code}</Code>`);
		expect(res.body).toContain(
			`<RequestId>${res.headers["x-cos-request-id"]}</RequestId>`,
		);
		expect(res.body).toMatch(/<TraceId>.+<\/TraceId>/);
		await stillServes();
	});

	it("accepts a domain of exactly 60 characters", async () => {
		const name = `${"a".repeat(19)}-${cos.accounts[0].cos.appId}`;
		expect(`${name}.cos.ap-guangzhou.myqcloud.com`).toHaveLength(60);
		const res = await rawRequest(cos, { method: "PUT", bucket: name });
		expect(res.status).toBe(200);
	});

	it("takes the backup domain tencentcos.cn and answers as Server: tencent-cos", async () => {
		const res = await rawRequest(cos, {
			method: "HEAD",
			host: `${Bucket}.cos.ap-guangzhou.tencentcos.cn`,
		});
		expect(res.status).toBe(200);
		expect(res.headers.server).toBe("tencent-cos");
	});

	it("says why a malformed Authorization is refused", async () => {
		const res = await rawRequest(cos, {
			method: "GET",
			bucket: Bucket,
			account: null,
			headers: { authorization: "q-sign-algorithm=sha1&q-sign-time=bad" },
		});
		expect(res.status).toBe(403);
		expect(res.body).toContain(
			"<Message>Authorization is malformed.</Message>",
		);
	});

	it("answers HEAD errors without a body", async () => {
		const res = await rawRequest(cos, {
			method: "HEAD",
			bucket: cos.bucket("absent"),
		});
		expect([res.status, res.body]).toEqual([404, ""]);
		expect(res.headers["x-cos-request-id"]).toBeTruthy();
	});

	it.each([
		{ kind: "throttle" as const, status: 503, code: "SlowDown" },
		{ kind: "serverError" as const, status: 500, code: "InternalError" },
	])("injects $kind as $status $code", ({ kind, status, code }) => {
		const error = cos.service.transientError(kind);
		expect([error.status, error.code]).toEqual([status, code]);
	});
});
