/**
 * Tencent Cloud COS, minimal: a source bucket in Guangzhou, a backup bucket in Beijing, both versioned,
 * and one rule that replicates everything under `logs/`.
 */
import * as pulumi from "@pulumi/pulumi";
import { cos } from "pulumi-bucket-replication";

// COS bucket names end with the account's APPID: `pulumi config set tencentcloud:appId <APPID>`,
// or TENCENTCLOUD_APPID (which `npx replication-emulator --env` prints).
const appId =
	new pulumi.Config("tencentcloud").get("appId") ??
	process.env.TENCENTCLOUD_APPID;
if (!appId)
	throw new Error(
		"Set `pulumi config set tencentcloud:appId <APPID>` or TENCENTCLOUD_APPID.",
	);

// Replication needs versioning on both buckets ("Enabled" is also cos.Bucket's default).
const source = new cos.Bucket("source", {
	bucket: `minimal-src-${appId}`,
	region: "ap-guangzhou",
	versioning: "Enabled",
});
const backup = new cos.Bucket("backup", {
	bucket: `minimal-backup-${appId}`,
	region: "ap-beijing",
	versioning: "Enabled",
});

// The whole replication configuration of the source bucket. Passing the buckets' outputs makes
// Pulumi create both buckets (and their versioning) before the rule.
new cos.BucketReplication("replication", {
	bucket: source.bucket,
	region: source.region,
	// The CAM identity COS replicates as: qcs::cam::uin/<OwnerUin>:uin/<SubUin> of your account.
	role: "qcs::cam::uin/100000000001:uin/100000000001",
	rules: [
		{
			id: "logs",
			prefix: "logs/",
			destination: { bucket: backup.bucket, region: backup.region },
		},
	],
});

export const sourceBucket = source.bucket;
export const backupBucket = backup.bucket;
