/**
 * Baidu Cloud BOS, advanced: several rules on one bucket, each managed on its own, with exclusions,
 * replication of existing objects ("history"), a destination prefix, storage classes and deletions.
 */
import * as pulumi from "@pulumi/pulumi";
import { bos } from "pulumi-bucket-replication";

// BOS bucket names are global across all accounts: choose your own.
const source = new bos.Bucket("source", {
	bucket: "example-bos-advanced-src",
	region: "bj",
	versioning: "enabled",
});
const backup = new bos.Bucket("backup", {
	bucket: "example-bos-advanced-backup",
	region: "su",
	versioning: "enabled",
});

// `resource` and `notIncludeResource` entries start with the source bucket's name.
const under = (path: string) => pulumi.interpolate`${source.bucket}/${path}`;
const common = { bucket: source.bucket, region: source.region };

// Logs, but not temporary files, copied under backup/ in the destination; objects that existed before
// the rule are copied too, kept in their own storage class; deletions are replicated.
new bos.BucketReplicationRule("logs", {
	...common,
	ruleId: "logs",
	resource: [under("logs/*")],
	notIncludeResource: [under("logs/tmp*"), under("*.tmp")],
	destination: { bucket: backup.bucket, prefix: "backup/" },
	replicateHistory: { storageClass: "REMAIN" },
	replicateDeletes: "enabled",
});

// Archives go to cold storage; history too, in the same class.
new bos.BucketReplicationRule("archive", {
	...common,
	ruleId: "archive",
	resource: [under("archive/*")],
	destination: { bucket: backup.bucket, storageClass: "COLD" },
	replicateHistory: { storageClass: "COLD" },
});

// Declared but switched off. Note: enabled -> disabled replaces a BOS rule (BOS refuses to disable one
// in place), and every update of an enabled rule restarts its replication (see `replicationRestarts`
// in `pulumi preview --diff`).
new bos.BucketReplicationRule("images", {
	...common,
	ruleId: "images",
	status: "disabled",
	resource: [under("images/*")],
	destination: { bucket: backup.bucket, storageClass: "STANDARD_IA" },
});

export const sourceBucket = source.bucket;
export const backupBucket = backup.bucket;
