/**
 * Baidu Cloud BOS, minimal: a source bucket in Beijing, a backup bucket in Guangzhou, both versioned,
 * and one rule that replicates the whole source bucket.
 */
import { bos } from "pulumi-bucket-replication";

// BOS bucket names are global across all accounts: choose your own.
const source = new bos.Bucket("source", {
	bucket: "example-bos-minimal-src",
	region: "bj",
	versioning: "enabled",
});
const backup = new bos.Bucket("backup", {
	bucket: "example-bos-minimal-backup",
	region: "gz",
	versioning: "enabled",
});

// Without `resource`, the rule covers the whole bucket. BOS finds the destination's region from its
// name. Passing the buckets' outputs makes Pulumi create them before the rule (and delete it first).
new bos.BucketReplicationRule("everything", {
	bucket: source.bucket,
	region: source.region,
	ruleId: "everything",
	destination: { bucket: backup.bucket },
});

export const sourceBucket = source.bucket;
export const backupBucket = backup.bucket;
