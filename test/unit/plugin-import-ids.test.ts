import { describe, expect, it } from "vitest";
import { createdId, parseImportId } from "../../plugin/importIds";
import { tokenOf, tokenOfUrn } from "../../plugin/tokens";

describe("plugin import ids", () => {
	it.each([
		[
			"bucket-replication:cos:Bucket",
			"ap-guangzhou/src-1250000000",
			{ region: "ap-guangzhou", bucket: "src-1250000000" },
			"src-1250000000",
		],
		[
			"bucket-replication:cos:BucketReplication",
			"ap-guangzhou/src-1250000000",
			{ region: "ap-guangzhou", bucket: "src-1250000000" },
			"src-1250000000",
		],
		[
			"bucket-replication:cos:BucketReplicationRule",
			"ap-guangzhou/src-1250000000/logs",
			{ region: "ap-guangzhou", bucket: "src-1250000000", ruleId: "logs" },
			"src-1250000000/logs",
		],
		[
			"bucket-replication:oss:Bucket",
			"cn-hangzhou/src",
			{ region: "cn-hangzhou", bucket: "src" },
			"src",
		],
		[
			"bucket-replication:oss:BucketReplicationRule",
			"cn-hangzhou/src/r1",
			{ region: "cn-hangzhou", bucket: "src", ruleId: "r1" },
			"src:r1",
		],
		[
			"bucket-replication:bos:Bucket",
			"bj/src",
			{ region: "bj", bucket: "src" },
			"src",
		],
		[
			"bucket-replication:bos:BucketReplicationRule",
			"bj/src/everything",
			{ region: "bj", bucket: "src", ruleId: "everything" },
			"src/everything",
		],
	])("%s %s", (token, id, identity, created) => {
		expect(parseImportId(token, id)).toEqual(identity);
		expect(createdId(token, identity)).toBe(created);
	});

	it.each([
		["bucket-replication:cos:Bucket", "src-1250000000", "<region>/<bucket>"],
		["bucket-replication:cos:Bucket", "a/b/c", "<region>/<bucket>"],
		[
			"bucket-replication:oss:BucketReplicationRule",
			"cn-hangzhou/src",
			"<region>/<bucket>/<ruleId>",
		],
		[
			"bucket-replication:bos:BucketReplicationRule",
			"bj//r",
			"<region>/<bucket>/<ruleId>",
		],
	])("%s refuses %s and names the format", (token, id, format) => {
		expect(() => parseImportId(token, id)).toThrow(format);
	});

	// The example is of the token's own cloud: a COS region and bucket read wrong for BOS.
	it.each([
		["bucket-replication:cos:Bucket", "ap-guangzhou/examplebucket-1250000000"],
		["bucket-replication:oss:Bucket", "cn-hangzhou/examplebucket"],
		["bucket-replication:bos:BucketReplicationRule", "bj/examplebucket/rule-1"],
	])("%s: the example id is of its cloud", (token, example) => {
		expect(() => parseImportId(token, "x")).toThrow(
			`Example: pulumi import ${token} my-rule ${example}`,
		);
	});
});

describe("plugin tokens", () => {
	it.each([
		["CosBucketReplication", "bucket-replication:cos:BucketReplication"],
		[
			"OssBucketReplicationRule",
			"bucket-replication:oss:BucketReplicationRule",
		],
		["BosBucket", "bucket-replication:bos:Bucket"],
		["Smoke", undefined],
	])("%s -> %s", (type, token) => {
		expect(tokenOf(type)).toBe(token);
	});

	it("reads the type of a URN, also under a parent", () => {
		expect(
			tokenOfUrn("urn:pulumi:dev::p::bucket-replication:cos:Bucket::src"),
		).toBe("bucket-replication:cos:Bucket");
		expect(
			tokenOfUrn(
				"urn:pulumi:dev::p::my:Component$bucket-replication:oss:Bucket::src",
			),
		).toBe("bucket-replication:oss:Bucket");
	});
});
