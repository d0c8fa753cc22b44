/**
 * The demo program (`npm start` runs it against the local emulators): source and destination buckets with
 * versioning and replication on all three clouds, side by side.
 *
 * - COS: one authoritative configuration (`cos.BucketReplication`) with two rules.
 * - OSS: one rule to a bucket in another region (`oss.BucketReplicationRule`), with history replication.
 * - BOS: one rule with an exclusion and a destination prefix (`bos.BucketReplicationRule`).
 *
 * Pointed at real clouds (credentials and no endpoint settings), the same program works unchanged.
 */
import * as pulumi from "@pulumi/pulumi";
import { bos, cos, oss } from "pulumi-bucket-replication";

// COS bucket names end with the account's APPID: stack config `tencentcloud:appId`, or the environment
// (the demo sets TENCENTCLOUD_APPID from the emulator account).
const appId =
	new pulumi.Config("tencentcloud").get("appId") ??
	process.env.TENCENTCLOUD_APPID;
if (!appId)
	throw new Error(
		"Set `pulumi config set tencentcloud:appId <APPID>` or TENCENTCLOUD_APPID.",
	);

// --- Tencent Cloud COS ---
const cosSource = new cos.Bucket("cos-source", {
	bucket: `demo-src-${appId}`,
	region: "ap-guangzhou",
});
const cosDestination = new cos.Bucket("cos-destination", {
	bucket: `demo-dst-${appId}`,
	region: "ap-beijing",
});
new cos.BucketReplication("cos-replication", {
	bucket: cosSource.bucket,
	region: cosSource.region,
	role: "qcs::cam::uin/100000000001:uin/100000000001",
	rules: [
		{
			id: "logs",
			prefix: "logs/",
			destination: {
				bucket: cosDestination.bucket,
				region: cosDestination.region,
				storageClass: "STANDARD_IA",
			},
		},
		{
			id: "reports",
			prefix: "reports/",
			destination: {
				bucket: cosDestination.bucket,
				region: cosDestination.region,
			},
		},
	],
});

// --- Alibaba Cloud OSS ---
const ossSource = new oss.Bucket("oss-source", {
	bucket: "demo-oss-src",
	region: "oss-cn-hangzhou",
});
const ossDestination = new oss.Bucket("oss-destination", {
	bucket: "demo-oss-dst",
	region: "oss-cn-shanghai",
});
new oss.BucketReplicationRule("oss-images", {
	bucket: ossSource.bucket,
	region: ossSource.region,
	ruleId: "images-to-shanghai",
	prefixes: ["images/"],
	destination: {
		bucket: ossDestination.bucket,
		location: ossDestination.region,
	},
	historicalObjectReplication: "enabled",
});

// --- Baidu Cloud BOS ---
const bosSource = new bos.Bucket("bos-source", {
	bucket: "demo-bos-src",
	region: "bj",
});
const bosDestination = new bos.Bucket("bos-destination", {
	bucket: "demo-bos-dst",
	region: "gz",
});
new bos.BucketReplicationRule("bos-reports", {
	bucket: bosSource.bucket,
	region: bosSource.region,
	ruleId: "reports",
	resource: [pulumi.interpolate`${bosSource.bucket}/reports/*`],
	notIncludeResource: [pulumi.interpolate`${bosSource.bucket}/*.tmp`],
	destination: { bucket: bosDestination.bucket, prefix: "backup/" },
	replicateDeletes: "enabled",
});

export const cosBuckets = {
	source: cosSource.bucket,
	region: cosSource.region,
	destination: cosDestination.bucket,
	destinationRegion: cosDestination.region,
};
export const ossBuckets = {
	source: ossSource.bucket,
	region: ossSource.region,
	destination: ossDestination.bucket,
	destinationRegion: ossDestination.region,
};
export const bosBuckets = {
	source: bosSource.bucket,
	destination: bosDestination.bucket,
};
