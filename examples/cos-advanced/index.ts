/**
 * Tencent Cloud COS, advanced: one `cos.BucketReplicationRule` per rule (non-authoritative, so rules
 * made elsewhere on the bucket survive), tag filters, priorities for overlapping prefixes, a cheaper
 * storage class for replicas, and replication of KMS-encrypted objects.
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

const source = new cos.Bucket("source", {
	bucket: `advanced-src-${appId}`,
	region: "ap-guangzhou",
	versioning: "Enabled",
});
// COS replicates every rule of a bucket to the same destination bucket.
const replica = new cos.Bucket("replica", {
	bucket: `advanced-replica-${appId}`,
	region: "ap-shanghai",
	versioning: "Enabled",
});

// Every rule of a bucket shares one role: the CAM identity COS replicates as.
const role = "qcs::cam::uin/100000000001:uin/100000000001";
const shared = { bucket: source.bucket, region: source.region, role };
const destination = { bucket: replica.bucket, region: replica.region };

// Both rules match reports/: priorities let prefixes overlap, and the lowest number wins. So critical
// reports keep the source's storage class and the others become STANDARD_IA. Either every rule of a
// bucket has a priority or none has.
new cos.BucketReplicationRule("critical-reports", {
	...shared,
	ruleId: "critical-reports",
	priority: 1,
	// Prefix and tags together: objects under reports/ tagged classification=critical. With tags,
	// COS requires delete markers not to be replicated (the provider defaults that for you).
	filter: {
		prefix: "reports/",
		tags: [{ key: "classification", value: "critical" }],
	},
	destination,
});

new cos.BucketReplicationRule("reports", {
	...shared,
	ruleId: "reports",
	priority: 2,
	filter: { prefix: "reports/" },
	destination: {
		...destination,
		storageClass: "STANDARD_IA",
		// Replicas of KMS-encrypted objects are encrypted with this key in the destination region.
		encryptionConfiguration: { replicaKmsKeyId: "example-kms-key-id" },
	},
	sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
});

export const sourceBucket = source.bucket;
export const replicaBucket = replica.bucket;
