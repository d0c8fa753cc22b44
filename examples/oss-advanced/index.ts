/**
 * Alibaba Cloud OSS, advanced: a cross-region rule that replicates only tagged objects, with
 * Replication Time Control (RTC) and replication of SSE-KMS-encrypted objects.
 */
import { oss } from "pulumi-bucket-replication";

// OSS bucket names are global across all accounts: choose your own.
const source = new oss.Bucket("source", {
	bucket: "example-oss-advanced-src",
	region: "cn-hangzhou",
	versioning: "Enabled",
});
// RTC is only offered across regions (and in some regions only): Hangzhou to Beijing has it.
const disasterRecovery = new oss.Bucket("disaster-recovery", {
	bucket: "example-oss-advanced-dr",
	region: "cn-beijing",
	versioning: "Enabled",
});

// OSS can change nothing of a rule in place but RTC: changing any other argument replaces the rule
// (the provider deletes it, waits until OSS has closed it, then creates the new one).
new oss.BucketReplicationRule("finance", {
	bucket: source.bucket,
	region: source.region,
	ruleId: "finance-to-beijing",
	prefixes: ["finance/", "audit/"],
	// Writes only: deletions in the source are not replicated.
	action: "PUT",
	destination: {
		bucket: disasterRecovery.bucket,
		location: disasterRecovery.region,
	},
	// Only objects tagged both team=finance and replicate=yes.
	userTaggings: {
		filterType: "AND",
		userTagging: [
			{ key: "team", value: "finance" },
			{ key: "replicate", value: "yes" },
		],
	},
	// Replication Time Control: a guaranteed replication time (billed separately); the one setting
	// OSS changes in place.
	rtc: "enabled",
	// Replicate SSE-KMS-encrypted objects too, re-encrypting replicas with a key of the destination
	// region; OSS then needs a RAM role allowed to use KMS.
	sseKmsEncryptedObjects: "Enabled",
	replicaKmsKeyId: "example-kms-key-id",
	syncRole: "AliyunOSSRole",
	// Objects already in the bucket when the rule is created are replicated too (the default).
	historicalObjectReplication: "enabled",
});

export const sourceBucket = source.bucket;
export const disasterRecoveryBucket = disasterRecovery.bucket;
