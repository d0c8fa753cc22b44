import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	getProgress,
	type OssClient,
	type OssHarness,
	startOss,
} from "./oss-helpers";

/**
 * The vendor documents' own examples, sent as written (signed by ali-oss), answered as documented.
 * PutBucketReplication: seed 002 (= https://www.alibabacloud.com/help/en/oss/developer-reference/putbucketreplication);
 * Get/Delete/Progress/Location: `AlibabaCloudDocs/oss` intl.en-US/API Reference/Bucket operations/Data Replication/*.md;
 * errors: https://www.alibabacloud.com/help/en/oss/user-guide/error-responses (reference §2.6).
 */
let oss: OssHarness;
let hangzhou: OssClient;

interface Raw {
	status: number;
	headers: Record<string, string>;
	body: string;
}

/** One request signed by ali-oss, answered whatever the status, with the raw body. */
async function send(
	method: string,
	bucket: string,
	subres: Record<string, string>,
	body?: string,
	query?: Record<string, string>,
): Promise<Raw> {
	const params = hangzhou._bucketRequestParams(method, bucket, subres);
	if (body !== undefined) {
		params.mime = "xml";
		params.content = body;
	}
	if (query) params.query = query;
	const result = (await hangzhou.request(params)) as unknown as {
		status: number;
		headers: Record<string, string>;
		data: Buffer;
	};
	return {
		status: result.status,
		headers: result.headers,
		body: Buffer.from(result.data ?? "").toString("utf8"),
	};
}

beforeAll(async () => {
	oss = await startOss({ startingDelayMs: 0 });
	hangzhou = oss.client();
	const beijing = oss.client({ region: "oss-cn-beijing" });
	for (const name of ["oss-example", "oss-example-and", "oss-example-del"])
		await hangzhou.putBucket(name);
	for (const name of ["destbucket", "target-bucket"])
		await beijing.putBucket(name);
});
afterAll(() => oss.close());

const add = { replication: "", comp: "add" };

// Seed 002, "Sample request 1 (OR filtering policy)".
const sample1 = `<?xml version="1.0" encoding="UTF-8"?>
<ReplicationConfiguration>
<Rule>
<RTC>
<Status>enabled</Status>
</RTC>
<PrefixSet>
<Prefix>source1</Prefix>
<Prefix>video</Prefix>
</PrefixSet>
<Action>PUT</Action>
<Destination>
<Bucket>destbucket</Bucket>
<Location>oss-cn-beijing</Location>
<TransferType>oss_acc</TransferType>
</Destination>
<HistoricalObjectReplication>enabled</HistoricalObjectReplication>
<SyncRole>aliyunramrole</SyncRole>
<SourceSelectionCriteria>
<SseKmsEncryptedObjects>
<Status>Enabled</Status>
</SseKmsEncryptedObjects>
</SourceSelectionCriteria>
<EncryptionConfiguration>
<ReplicaKmsKeyID>c4d49f85-ee30-426b-a5ed-95e9139d****</ReplicaKmsKeyID>
</EncryptionConfiguration>
<UserTaggings>
<FilterType>OR</FilterType>
<UserTagging>
<Key>env</Key>
<Value>test</Value>
</UserTagging>
<UserTagging>
<Key>dept</Key>
<Value>dev</Value>
</UserTagging>
</UserTaggings>
</Rule>
</ReplicationConfiguration>`;

// Seed 002, "Sample request 2 (AND filtering policy)".
const sample2 = `<?xml version="1.0" encoding="UTF-8"?>
<ReplicationConfiguration>
<Rule>
<PrefixSet>
<Prefix>source1</Prefix>
<Prefix>video</Prefix>
</PrefixSet>
<Action>PUT</Action>
<Destination>
<Bucket>destbucket</Bucket>
<Location>oss-cn-beijing</Location>
<TransferType>oss_acc</TransferType>
</Destination>
<HistoricalObjectReplication>disabled</HistoricalObjectReplication>
<SyncRole>aliyunramrole</SyncRole>
<UserTaggings>
<FilterType>AND</FilterType>
<UserTagging>
<Key>env</Key>
<Value>production</Value>
</UserTagging>
<UserTagging>
<Key>dept</Key>
<Value>finance</Value>
</UserTagging>
</UserTaggings>
</Rule>
</ReplicationConfiguration>`;

describe("PutBucketReplication, seed 002's samples", () => {
	it.each([
		{ name: "1 (OR)", bucket: "oss-example", body: sample1 },
		{ name: "2 (AND)", bucket: "oss-example-and", body: sample2 },
	])(
		"answers sample $name with 200, an empty body, a request id and a generated rule id",
		async ({ bucket, body }) => {
			const res = await send("POST", bucket, add, body);
			expect([res.status, res.body]).toEqual([200, ""]);
			expect(res.headers["x-oss-request-id"]).toMatch(/^[0-9A-F]{24}$/);
			expect(res.headers["x-oss-replication-rule-id"]).toMatch(
				/^[0-9a-f-]{36}$/,
			);
			expect(res.headers.server).toBe("AliyunOSS");
		},
	);

	it("answers sample 2 signed as the samples are: OSS4-HMAC-SHA256 with AdditionalHeaders=content-length", async () => {
		const v4 = oss.client({ authorizationV4: true });
		await v4.putBucket("oss-example-v4");
		const params = v4._bucketRequestParams("POST", "oss-example-v4", add);
		params.mime = "xml";
		params.content = sample2;
		(params as { additionalHeaders?: string[] }).additionalHeaders = [
			"content-length",
		];
		let authorization = "";
		const real = v4.urllib;
		v4.urllib = {
			request: (url, options) => {
				authorization = String(
					(options as { headers: Record<string, string> }).headers
						.authorization,
				);
				return real.request(url, options);
			},
		};
		const result = await v4.request(params);
		expect(authorization).toMatch(
			/^OSS4-HMAC-SHA256 Credential=[^,]+\/oss\/aliyun_v4_request,AdditionalHeaders=content-length,Signature=[0-9a-f]{64}$/,
		);
		expect(result.status).toBe(200);
	});

	it("answers GetBucketReplication with sample 1's rule in the documented element order", async () => {
		const res = await send("GET", "oss-example", { replication: "" });
		expect(res.status).toBe(200);
		expect(res.headers["content-type"]).toBe("application/xml");
		// Children of <Rule>: opening tags two levels below the root.
		let depth = 0;
		const rule: string[] = [];
		for (const [, close, name] of res.body.matchAll(/<(\/?)(\w+)>/g)) {
			if (close) depth--;
			else if (++depth === 3) rule.push(name);
		}
		const top = [
			"ID",
			"PrefixSet",
			"Action",
			"Destination",
			"Status",
			"HistoricalObjectReplication",
			"SyncRole",
			"RTC",
			"SourceSelectionCriteria",
			"EncryptionConfiguration",
			"UserTaggings",
		];
		expect(rule).toEqual(top);
		expect(res.body).toContain(
			"<Destination><Bucket>destbucket</Bucket><Location>oss-cn-beijing</Location><TransferType>oss_acc</TransferType></Destination>",
		);
	});
});

describe("GetBucketReplication, DeleteBucketReplication, progress and location, their documents", () => {
	it("answers a bucket without rules with 404 NoSuchReplicationConfiguration, a missing bucket with 404 NoSuchBucket", async () => {
		const none = await send("GET", "oss-example-del", { replication: "" });
		expect(none.status).toBe(404);
		expect(none.body).toContain("<Code>NoSuchReplicationConfiguration</Code>");
		const missing = await send("GET", "no-such-bucket", { replication: "" });
		expect(missing.status).toBe(404);
		expect(missing.headers["content-type"]).toBe("application/xml");
		// The error responses page: Code, Message, RequestId, HostId, BucketName, EC.
		expect(missing.body).toMatch(
			/<Error><Code>NoSuchBucket<\/Code><Message>[^<]+<\/Message><RequestId>[0-9A-F]{24}<\/RequestId><HostId>no-such-bucket\.oss-cn-hangzhou\.aliyuncs\.com<\/HostId><BucketName>no-such-bucket<\/BucketName><EC>0015-00000101<\/EC>/,
		);
		expect(missing.headers["x-oss-ec"]).toBe("0015-00000101");
	});

	it("deletes as documented: 200 without rules, 200 for a rule, 204 while it is closing", async () => {
		// The DeleteBucketReplication sample's body, whitespace and all.
		const body = `<?xml version="1.0" encoding="UTF-8"?>
<ReplicationRules>
  <ID>test_replication_1</ID>
</ReplicationRules>`;
		const del = { replication: "", comp: "delete" };
		expect((await send("POST", "oss-example-del", del, body)).status).toBe(200);
		const rule = `<ReplicationConfiguration><Rule><ID>test_replication_1</ID><Destination><Bucket>target-bucket</Bucket><Location>oss-cn-beijing</Location><TransferType>internal</TransferType></Destination></Rule></ReplicationConfiguration>`;
		expect((await send("POST", "oss-example-del", add, rule)).status).toBe(200);
		const first = await send("POST", "oss-example-del", del, body);
		expect([first.status, first.body]).toEqual([200, ""]);
		const again = await send("POST", "oss-example-del", del, body);
		expect([again.status, again.body]).toEqual([204, ""]);
	});

	it("reports progress in the sample's shape once the rule is doing", async () => {
		oss.service.flush();
		const [rule] = await getProgress(hangzhou, "oss-example-and");
		expect(rule).toMatchObject({
			Action: "PUT",
			Destination: {
				Bucket: "destbucket",
				Location: "oss-cn-beijing",
				TransferType: "oss_acc",
			},
			Status: "doing",
			HistoricalObjectReplication: "disabled",
		});
		// HistoricalObject is valid only when historical replication is enabled.
		expect(rule.Progress?.HistoricalObject).toBeUndefined();
		const missing = await send(
			"GET",
			"oss-example-and",
			{ replicationProgress: "" },
			undefined,
			{ "rule-id": "nope" },
		);
		expect(missing.status).toBe(404);
		expect(missing.body).toContain("<Code>NoSuchReplicationRule</Code>");
	});

	it("lists replication locations with the documented element names", async () => {
		const res = await send("GET", "oss-example", { replicationLocation: "" });
		expect(res.status).toBe(200);
		expect(res.body).toMatch(
			/^<\?xml[^>]*>\s*<ReplicationLocation><Location>oss-cn-/,
		);
		expect(res.body).toContain(
			"<LocationTransferTypeConstraint><LocationTransferType><Location>",
		);
		// As the sample: the source's own region is not listed, and the constraint names oss_acc.
		expect(res.body).not.toContain("<Location>oss-cn-hangzhou</Location>");
		expect(res.body).toContain(
			"<Location>oss-cn-hongkong</Location><TransferTypes><Type>oss_acc</Type></TransferTypes>",
		);
	});

	it("turns RTC off with PutBucketRTC's body", async () => {
		const [rule] = await getProgress(hangzhou, "oss-example");
		const body = `<?xml version="1.0" encoding="UTF-8"?>
<ReplicationRule>
<RTC>
<Status>disabled</Status>
</RTC>
<ID>${rule.ID}</ID>
</ReplicationRule>`;
		const res = await send("PUT", "oss-example", { rtc: "" }, body);
		expect([res.status, res.body]).toEqual([200, ""]);
		const got = await send("GET", "oss-example", { replication: "" });
		expect(got.body).toContain("<RTC><Status>disabled</Status></RTC>");
	});
});

describe("every replication endpoint of a missing bucket (each document's error table)", () => {
	const rule =
		"<ReplicationConfiguration><Rule><Destination><Bucket>destbucket</Bucket><Location>oss-cn-beijing</Location></Destination></Rule></ReplicationConfiguration>";
	it.each<[string, string, Record<string, string>, string?]>([
		["PutBucketReplication", "POST", add, rule],
		["GetBucketReplication", "GET", { replication: "" }],
		[
			"DeleteBucketReplication",
			"POST",
			{ replication: "", comp: "delete" },
			"<ReplicationRules><ID>r</ID></ReplicationRules>",
		],
		["GetBucketReplicationProgress", "GET", { replicationProgress: "" }],
		["GetBucketReplicationLocation", "GET", { replicationLocation: "" }],
		[
			"PutBucketRTC",
			"PUT",
			{ rtc: "" },
			"<ReplicationRule><RTC><Status>enabled</Status></RTC><ID>r</ID></ReplicationRule>",
		],
	])("%s answers 404 NoSuchBucket", async (_, method, subres, body) => {
		const res = await send(method, "absent-bucket", subres, body);
		expect(res.status).toBe(404);
		expect(res.body).toContain("<Code>NoSuchBucket</Code>");
		expect(res.body).toContain("<BucketName>absent-bucket</BucketName>");
	});
});

describe("GetBucketVersioning, its document", () => {
	it("answers a bucket never versioned with the sample's empty VersioningConfiguration", async () => {
		const res = await send("GET", "oss-example", { versioning: "" });
		expect(res.status).toBe(200);
		expect(res.headers["content-type"]).toBe("application/xml");
		expect(res.body).toBe(
			'<VersioningConfiguration xmlns="http://doc.oss-cn-hangzhou.aliyuncs.com"/>',
		);
		const sdk = await hangzhou.getBucketVersioning("oss-example");
		expect(sdk.versionStatus).toBeUndefined();
	});
});
