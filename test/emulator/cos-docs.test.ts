import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultAccount, randomAccount } from "../../emulator/core/accounts";
import {
	type CosHarness,
	createBucket,
	failure,
	type RawRequest,
	rawRequest,
	region,
	startCos,
} from "./cos-support";

/**
 * The vendor documents' own examples, sent as written, answered as documented. The default account
 * has the documents' APPID 1250000000, so their bucket names work unchanged.
 * PUT: https://cloud.tencent.com/document/product/436/19223 (three examples, newest zh doc)
 * GET: https://cloud.tencent.com/document/product/436/19222 ; DELETE: https://intl.cloud.tencent.com/document/api/436/19221
 * Versioning: https://cloud.tencent.com/document/product/436/19889 ; errors: https://intl.cloud.tencent.com/document/api/436/7730
 */
let cos: CosHarness;
const origin = "originbucket-1250000000";
const destination = "destinationbucket-1250000000";
beforeAll(async () => {
	cos = await startCos({ accounts: [defaultAccount(), randomAccount("bob")] });
	await createBucket(cos.client(), origin);
	await createBucket(cos.client(), destination);
});
afterAll(() => cos.close());

const role = "<Role>qcs::cam::uin/100000000001:uin/100000000001</Role>";
const toDestination = `<Destination>
            <Bucket>qcs::cos:ap-guangzhou::destinationbucket-1250000000</Bucket>`;

// "案例一：根据前缀筛选的存储桶复制规则"
const example1 = `<ReplicationConfiguration>
    ${role}
    <Rule>
        <Status>Enabled</Status>
        <ID>RuleId_01</ID>
        <Prefix>testPrefix</Prefix>
        ${toDestination}
        </Destination>
    </Rule>
</ReplicationConfiguration>`;

// "案例二：根据标签筛选的存储桶复制规则", sent with the example's form Content-Type.
const example2 = `<ReplicationConfiguration>
    ${role}
    <Rule>
        <Status>Enabled</Status>
        <Filter>
            <And>
                <Prefix>test1</Prefix>
                <Tag>
                    <Key>111</Key>
                    <Value>222</Value>
                </Tag>
            </And>
        </Filter>
        ${toDestination}
            <StorageClass>Standard</StorageClass>
        </Destination>
        <DeleteMarkerReplication>
            <Status>Disabled</Status>
        </DeleteMarkerReplication>
    </Rule>
</ReplicationConfiguration>`;

// "案例三": two rules with overlapping prefixes ordered by Priority; the example repeats <Role>.
const priorityRule = (priority: number, tag: string, storageClass: string) => `
    ${role}
    <Rule>
        <Status>Enabled</Status>
        <Priority>${priority}</Priority>
        <Filter>
            <And>
                <Prefix>test1</Prefix>
                <Tag>
                    <Key>${tag}</Key>
                    <Value>${tag}</Value>
                </Tag>
            </And>
        </Filter>
        ${toDestination}
            <StorageClass>${storageClass}</StorageClass>
        </Destination>
        <DeleteMarkerReplication>
            <Status>Disabled</Status>
        </DeleteMarkerReplication>
    </Rule>`;
const example3 = `<ReplicationConfiguration>${priorityRule(1, "a", "Standard")}${priorityRule(2, "b", "Standard_IA")}
</ReplicationConfiguration>`;

function put(
	query: string,
	body: string,
	headers: Record<string, string> = {},
): RawRequest {
	return {
		method: "PUT",
		bucket: origin,
		query,
		body,
		headers: {
			"content-md5": createHash("md5").update(body).digest("base64"),
			...headers,
		},
	};
}

describe("COS PUT/GET/DELETE Bucket replication, the documents' examples", () => {
	it.each<{ name: string; body: string; headers: Record<string, string> }>([
		{ name: "one", body: example1, headers: {} },
		{
			name: "two (tags, form Content-Type)",
			body: example2,
			headers: { "content-type": "application/x-www-form-urlencoded" },
		},
		{ name: "three (Priority, <Role> repeated)", body: example3, headers: {} },
	])(
		"answers example $name with 200, an empty body and the documented headers",
		async ({ body, headers }) => {
			const res = await rawRequest(cos, put("replication", body, headers));
			expect([res.status, res.body]).toEqual([200, ""]);
			expect(res.headers).toMatchObject({
				"content-length": "0",
				server: "tencent-cos",
				"x-cos-bucket-region": region,
			});
			expect(res.headers["x-cos-request-id"]).toBeTruthy();
			expect(res.headers["x-cos-trace-id"]).toBeUndefined();
		},
	);

	it("answers seed 004's PUT sample as its response shows: 200, Content-Type application/xml, Content-Length 0", async () => {
		// Seed 004:78-98: objects prefixed testPrefix to destinationbucket-1250000000 in Guangzhou.
		const res = await rawRequest(cos, put("replication", example1));
		expect(res.status).toBe(200);
		expect(res.headers).toMatchObject({
			"content-type": "application/xml",
			"content-length": "0",
			"x-cos-bucket-region": "ap-guangzhou",
		});
	});

	it("refuses a PUT whose Content-MD5 is not the body's (seed 004:17 sends one): 400 BadDigest", async () => {
		const res = await rawRequest(cos, {
			...put("replication", example1),
			headers: {
				"content-md5": createHash("md5").update("other").digest("base64"),
			},
		});
		expect(res.status).toBe(400);
		expect(res.body).toContain("<Code>BadDigest</Code>");
	});

	it("stores example three's two rules, read back through the SDK", async () => {
		await rawRequest(cos, put("replication", example3));
		const got = await cos
			.client()
			.getBucketReplication({ Bucket: origin, Region: region });
		expect(
			got.ReplicationConfiguration.Rules.map((r) => [
				(r as { Priority?: string }).Priority,
				r.Destination.StorageClass,
			]),
		).toEqual([
			["1", "Standard"],
			["2", "Standard_IA"],
		]);
	});

	it("refuses Role elements that differ: 400 InvalidArgument", async () => {
		const body = example3.replace(
			/uin\/100000000001<\/Role>(?![\s\S]*<\/Role>)/,
			"uin/100000000002</Role>",
		);
		expect(body).not.toBe(example3);
		const res = await rawRequest(cos, put("replication", body));
		expect(res.status).toBe(400);
		expect(res.body).toContain("<Code>InvalidArgument</Code>");
	});

	it("answers GET as the example: the elements in its order, with the creation-time header", async () => {
		await rawRequest(cos, put("replication", example1));
		const res = await rawRequest(cos, {
			method: "GET",
			bucket: origin,
			query: "replication",
		});
		expect(res.status).toBe(200);
		expect(res.headers["content-type"]).toBe("application/xml");
		expect(res.headers["x-cos-replication-rule-creation-time"]).toMatch(
			/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/,
		);
		expect(res.body.replace(/^<\?xml[^>]*>\s*/, "")).toBe(
			example1.replace(/>\s+</g, "><"),
		);
	});

	it("answers DELETE as the example: 204 No Content, empty", async () => {
		await rawRequest(cos, put("replication", example1));
		const res = await rawRequest(cos, {
			method: "DELETE",
			bucket: origin,
			query: "replication",
		});
		expect([res.status, res.body, res.headers["content-length"]]).toEqual([
			204,
			"",
			"0",
		]);
		expect(res.headers["x-cos-request-id"]).toBeTruthy();
	});
});

describe("COS error responses (error code list)", () => {
	it("renders <Error> with Code, Message, Resource, RequestId, TraceId in that order, and x-cos-trace-id", async () => {
		const res = await rawRequest(cos, {
			method: "GET",
			bucket: "nosuchbucket-1250000000",
			query: "replication",
		});
		expect(res.status).toBe(404);
		expect(res.headers["content-type"]).toBe("application/xml");
		const match =
			/^<\?xml[^>]*>\s*<Error><Code>NoSuchBucket<\/Code><Message>[^<]+<\/Message><Resource>([^<]+)<\/Resource><RequestId>([^<]+)<\/RequestId><TraceId>([^<]+)<\/TraceId><\/Error>$/.exec(
				res.body,
			);
		expect(match).not.toBeNull();
		expect(match?.[1]).toBe(
			"nosuchbucket-1250000000.cos.ap-guangzhou.myqcloud.com/",
		);
		expect(match?.[2]).toBe(res.headers["x-cos-request-id"]);
		expect(match?.[3]).toBe(res.headers["x-cos-trace-id"]);
	});
});

describe("COS PUT Bucket versioning, its error table", () => {
	const Bucket = "versioned-1250000000";
	beforeAll(async () => {
		await cos.client().putBucket({ Bucket, Region: region });
	});
	const versioning = (body: string, md5?: string): RawRequest => ({
		...put("versioning", body),
		bucket: Bucket,
		...(md5 === undefined ? {} : { headers: { "content-md5": md5 } }),
	});
	it.each([
		{
			name: "an empty body",
			request: () => versioning(""),
			status: 400,
			code: "InvalidArgument",
		},
		{
			name: "a Status other than Enabled/Suspended",
			request: () =>
				versioning(
					"<VersioningConfiguration><Status>Off</Status></VersioningConfiguration>",
				),
			status: 400,
			code: "InvalidArgument",
		},
		{
			name: "a Content-MD5 that differs from the body",
			request: () =>
				versioning(
					"<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>",
					"1B2M2Y8AsgTpgAmY7PhCfg==",
				),
			status: 400,
			code: "InvalidDigest",
		},
	])("answers $name with $status $code", async ({ request, status, code }) => {
		const res = await rawRequest(cos, request());
		expect(res.status).toBe(status);
		expect(res.body).toContain(`<Code>${code}</Code>`);
	});

	it("answers the example (Enabled) with 200 and an empty body", async () => {
		const res = await rawRequest(
			cos,
			versioning(
				"<VersioningConfiguration>\n<Status>Enabled</Status>\n</VersioningConfiguration>",
			),
		);
		expect([res.status, res.body]).toEqual([200, ""]);
	});
});

describe("COS PUT / HEAD Bucket, their documents", () => {
	it("HEAD answers 200 with x-cos-bucket-region, 404 for a missing bucket, 403 for another account's, all without a body", async () => {
		const ok = await rawRequest(cos, { method: "HEAD", bucket: origin });
		expect([ok.status, ok.body, ok.headers["x-cos-bucket-region"]]).toEqual([
			200,
			"",
			region,
		]);
		const missing = await rawRequest(cos, {
			method: "HEAD",
			bucket: "absent-1250000000",
		});
		expect([missing.status, missing.body]).toEqual([404, ""]);
		const bob = await failure(
			cos
				.client(cos.accounts[1])
				.headBucket({ Bucket: origin, Region: region }),
		);
		expect(bob.statusCode).toBe(403);
	});

	it("PUT with x-cos-tagging and a MAZ CreateBucketConfiguration: tags stored, HEAD says x-cos-bucket-az-type MAZ", async () => {
		const Bucket = "maz-1250000000";
		const body =
			"<CreateBucketConfiguration>\n    <BucketAZConfig>MAZ</BucketAZConfig>\n</CreateBucketConfiguration>";
		const res = await rawRequest(cos, {
			method: "PUT",
			bucket: Bucket,
			body,
			headers: {
				"content-type": "application/xml",
				"content-md5": createHash("md5").update(body).digest("base64"),
				"x-cos-tagging": "team=a&env=prod",
			},
		});
		expect([res.status, res.body]).toEqual([200, ""]);
		const head = await rawRequest(cos, { method: "HEAD", bucket: Bucket });
		expect(head.headers["x-cos-bucket-az-type"]).toBe("MAZ");
		const tags = await cos
			.client()
			.getBucketTagging({ Bucket, Region: region });
		expect(tags.Tags).toEqual([
			{ Key: "team", Value: "a" },
			{ Key: "env", Value: "prod" },
		]);
		const plain = await rawRequest(cos, { method: "HEAD", bucket: origin });
		expect(plain.headers["x-cos-bucket-az-type"]).toBeUndefined();
	});

	it("PUT of an existing bucket, even by its owner, is 409 BucketAlreadyExists", async () => {
		const res = await rawRequest(cos, { method: "PUT", bucket: origin });
		expect(res.status).toBe(409);
		expect(res.body).toContain("<Code>BucketAlreadyExists</Code>");
	});
});

describe("COS GET Bucket versioning, its document", () => {
	it("answers a bucket never versioned with exactly <VersioningConfiguration/>", async () => {
		const Bucket = "neverversioned-1250000000";
		await cos.client().putBucket({ Bucket, Region: region });
		const res = await rawRequest(cos, {
			method: "GET",
			bucket: Bucket,
			query: "versioning",
		});
		expect(res.status).toBe(200);
		expect(res.headers["content-type"]).toBe("application/xml");
		expect(res.body.replace(/^<\?xml[^>]*>\s*/, "")).toBe(
			"<VersioningConfiguration/>",
		);
		const sdk = await cos
			.client()
			.getBucketVersioning({ Bucket, Region: region });
		expect(sdk.VersioningConfiguration).toEqual({});
	});
});

describe("every replication endpoint of a missing bucket (error code list)", () => {
	it.each([
		{ method: "PUT", body: example1 },
		{ method: "GET", body: "" },
		{ method: "DELETE", body: "" },
	])(
		"$method Bucket replication answers 404 NoSuchBucket",
		async ({ method, body }) => {
			const res = await rawRequest(cos, {
				...put("replication", body),
				method,
				bucket: "absent-1250000000",
			});
			expect(res.status).toBe(404);
			expect(res.body).toContain("<Code>NoSuchBucket</Code>");
		},
	);
});
