/**
 * The normalized shapes of OSS resources, shared by check, diff, create, read, update and delete.
 * Field names are the vendor's elements in camelCase (PutBucketReplication, seed 002 =
 * https://www.alibabacloud.com/help/en/oss/developer-reference/putbucketreplication ; api-reference.md §2.5).
 */

export const OSS_RULE = "OssBucketReplicationRule";
export const OSS_BUCKET = "OssBucket";

export type Action = "ALL" | "PUT";
export type TransferType = "internal" | "oss_acc";
export type LowerStatus = "enabled" | "disabled";
export type UpperStatus = "Enabled" | "Disabled";
export type FilterType = "AND" | "OR";
export type Versioning = "Enabled" | "Suspended";

export interface Tag {
	key: string;
	value: string;
}

export interface Destination {
	bucket: string;
	/** `oss-<region>`, e.g. `oss-cn-beijing`. */
	location: string;
	transferType: TransferType;
}

/** The rule as the cloud holds it: what PutBucketReplication sends and GetBucketReplication returns. */
export interface RuleConfig {
	ruleId: string;
	/** Sorted; empty = every object. */
	prefixes: string[];
	action: Action;
	destination: Destination;
	historicalObjectReplication: LowerStatus;
	syncRole?: string;
	sseKmsEncryptedObjects: UpperStatus;
	replicaKmsKeyId?: string;
	rtc: LowerStatus;
	/** Tags sorted by key, then value. */
	userTaggings?: { filterType: FilterType; userTagging: Tag[] };
}

/** The normalized inputs of `oss.BucketReplicationRule`. */
export interface RuleInputs extends RuleConfig {
	bucket: string;
	/** The source bucket's region, `oss-<region>`. */
	region: string;
	adopt: boolean;
	deleteTimeoutSeconds: number;
}

/** Computed by the cloud; refreshed by `read`. They never cause a diff. */
export interface RuleProgress {
	/** Share of the historical objects already replicated, 0-100. */
	historicalObjectPercent?: number;
	/** Objects written before this time (ISO 8601) have been replicated. */
	newObject?: string;
}

/** The normalized inputs of `oss.Bucket`. */
export interface BucketInputs {
	bucket: string;
	region: string;
	/** Absent: versioning never enabled. */
	versioning?: Versioning;
}

/** The cloud-side fields of a rule, compared for drift and adoption. */
export const ruleConfigKeys: readonly (keyof RuleConfig)[] = [
	"ruleId",
	"prefixes",
	"action",
	"destination",
	"historicalObjectReplication",
	"syncRole",
	"sseKmsEncryptedObjects",
	"replicaKmsKeyId",
	"rtc",
	"userTaggings",
];

/**
 * OSS cannot edit a rule except its RTC setting (PutBucketRTC, api-reference.md §2.5), so every other
 * cloud-side field, and the source bucket itself, replaces the rule.
 */
export const ruleReplaceKeys: readonly string[] = [
	"bucket",
	"region",
	...ruleConfigKeys.filter((k) => k !== "rtc"),
];

export const bucketReplaceKeys: readonly string[] = ["bucket", "region"];

// Limits from seed 002 and api-reference.md §2.5.
export const maxPrefixes = 10;
export const maxPrefixLength = 1023;
export const maxTags = 10;
export const maxTagKeyLength = 128;
export const maxTagValueLength = 256;
/** Tag keys and values: letters, digits, spaces and `+ - = . _ : /` (seed 002, UserTagging). */
export const tagPattern = /^[A-Za-z0-9 +\-=._:/]*$/;
/**
 * OSS allows up to 255 characters (2021 PutBucketReplication doc; emulator/oss/README.md) and documents
 * no charset; we keep one that is safe in XML, in the `rule-id` query parameter and in every tool that
 * shows it (a decision).
 */
export const ruleIdPattern = /^[A-Za-z0-9._-]{1,255}$/;
/** https://www.alibabacloud.com/help/en/oss/user-guide/bucket-naming-conventions */
export const bucketPattern = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
/** A region is one DNS label (63 characters). */
export const maxRegionLength = 63;
/** `oss-<region-id>`, e.g. `oss-cn-hangzhou`, `oss-ap-southeast-1`. */
export const locationPattern = /^oss-[a-z]+(?:-[a-z0-9]+)+$/;

/** Rules leave `closing` on their own; a replace waits for it. */
export const defaultDeleteTimeoutSeconds = 600;

// The arguments of each resource (sdk/oss.ts), for the unknown-argument check (core/arguments.ts).
export const ruleArguments = {
	bucket: true,
	region: true,
	ruleId: true,
	prefixes: true,
	action: true,
	destination: { bucket: true, location: true, transferType: true },
	historicalObjectReplication: true,
	syncRole: true,
	sseKmsEncryptedObjects: true,
	replicaKmsKeyId: true,
	rtc: true,
	userTaggings: { filterType: true, userTagging: [{ key: true, value: true }] },
	adopt: true,
	deleteTimeoutSeconds: true,
} as const;
export const bucketArguments = {
	bucket: true,
	region: true,
	versioning: true,
} as const;
