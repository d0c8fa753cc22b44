/**
 * Alibaba Cloud OSS, minimal: a source bucket in Hangzhou, a backup bucket in Shanghai, both versioned,
 * and one rule that replicates everything under `logs/`, objects written before the rule included.
 */
import { oss } from "pulumi-bucket-replication";

// OSS bucket names are global across all accounts: choose your own.
const source = new oss.Bucket("source", {
	bucket: "example-oss-minimal-src",
	region: "cn-hangzhou",
	versioning: "Enabled",
});
// OSS replicates between two versioned buckets or two unversioned ones, never a mix.
const backup = new oss.Bucket("backup", {
	bucket: "example-oss-minimal-backup",
	region: "cn-shanghai",
	versioning: "Enabled",
});

// Passing the buckets' outputs makes Pulumi create both buckets before the rule.
new oss.BucketReplicationRule("logs", {
	bucket: source.bucket,
	region: source.region,
	// Optional: without it the id is derived from the destination (`to-<bucket>-<location>`).
	ruleId: "logs-to-shanghai",
	prefixes: ["logs/"],
	destination: { bucket: backup.bucket, location: backup.region },
});

export const sourceBucket = source.bucket;
export const backupBucket = backup.bucket;
