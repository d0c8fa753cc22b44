/**
 * The normalized shapes of COS replication, shared by check, diff, create, read, update and delete.
 * Field names are the vendor's elements in camelCase (PUT Bucket replication,
 * https://cloud.tencent.com/document/product/436/19223; api-reference.md §1.5).
 */

export type Status = "Enabled" | "Disabled";
export const statuses: readonly Status[] = ["Enabled", "Disabled"];

export interface Tag {
	key: string;
	value: string;
}

/**
 * `<Filter>` in its canonical form: either `{ prefix }` or `{ and: { prefix?, tags } }`. Input given
 * as `{ prefix, tags }` means the same as `<And>` and is stored that way.
 */
export interface Filter {
	prefix?: string;
	and?: { prefix?: string; tags: Tag[] };
}

export interface Destination {
	/** `<BucketName-APPID>` */
	bucket: string;
	region: string;
	/** Upper case; absent = the source object's class. */
	storageClass?: string;
	encryptionConfiguration?: { replicaKmsKeyId: string };
}

export interface Rule {
	/** "" only for a rule written out of band without `<ID>`. */
	id: string;
	status: Status;
	priority?: number;
	/** Legacy `<Prefix>` directly under `<Rule>`; "" (the whole bucket) when neither it nor a filter is given. */
	prefix?: string;
	filter?: Filter;
	destination: Destination;
	deleteMarkerReplication: { status: Status };
	sourceSelectionCriteria?: { sseKmsEncryptedObjects: { status: Status } };
}

/** A bucket's whole replication document. */
export interface Configuration {
	role: string;
	rules: Rule[];
}

// Limits from the PUT Bucket replication doc (zh, newest; api-reference.md §1.5): up to 1000 rules,
// Priority 1-1000, up to 10 tags per rule.
export const maxRules = 1000;
export const maxPriority = 1000;
export const maxTags = 10;
// COS does not document the rule ID's charset or length; we keep S3's length limit and a charset that
// is safe in every tool that shows it (a decision, README "Rule ids").
export const ruleIdPattern = /^[A-Za-z0-9._-]{1,255}$/;
// "qcs::cam::uin/<OwnerUin>:uin/<SubUin>" (PUT Bucket replication, Role).
export const rolePattern = /^qcs::cam::uin\/\d+:uin\/\d+$/;
// Bucket naming: lower-case letters, digits and `-`, then `-<APPID>`
// (https://cloud.tencent.com/document/product/436/13312).
export const bucketPattern = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?-\d+$/;
export const regionPattern = /^[a-z][a-z0-9-]*[a-z0-9]$/;
/** Bucket and region are DNS labels: at most 63 characters each (RFC 1035). */
export const maxLabelLength = 63;
/**
 * `<BucketName-APPID>.cos.<Region>.myqcloud.com` is at most 60 characters ("组成的完整请求域名字符数总计最多60个字符",
 * https://cloud.tencent.com/document/product/436/13312; emulator/cos/addressing.ts enforces the same).
 */
export const maxDomainLength = 60;
/** A prefix is the start of an object key: at most 850 bytes in UTF-8 (COS object naming, https://cloud.tencent.com/document/product/436/13324). */
export const maxPrefixBytes = 850;
// Destination resource id, "qcs::cos:<Region>::<BucketName-APPID>".
export const destinationPattern = /^qcs::cos:([^:]*)::(.*)$/;
// The docs disagree on this enum (api-reference.md §1.5 [CONFLICT]): the union, in upper case.
export const storageClasses = [
	"STANDARD",
	"STANDARD_IA",
	"INTELLIGENT_TIERING",
	"ARCHIVE",
	"DEEP_ARCHIVE",
];

/** The prefix a rule filters on, whichever element carries it ("" = the whole bucket). */
export function rulePrefix(rule: Rule): string {
	return rule.prefix ?? rule.filter?.prefix ?? rule.filter?.and?.prefix ?? "";
}

export function ruleTags(rule: Rule): Tag[] {
	return rule.filter?.and?.tags ?? [];
}

/** `qcs::cos:<Region>::<BucketName-APPID>`, the form COS stores. */
export function destinationId(d: { bucket: string; region: string }): string {
	return `qcs::cos:${d.region}::${d.bucket}`;
}

/** Rule ids for a message: `"a", "b"`. */
export function ruleIdList(rules: Rule[]): string {
	return rules.map((r) => (r.id ? `"${r.id}"` : "(no ID)")).join(", ");
}

// The arguments of each resource (sdk/cos.ts), for the unknown-argument check (core/arguments.ts).
const tagArguments = { key: true, value: true } as const;
const ruleSettingArguments = {
	status: true,
	priority: true,
	prefix: true,
	filter: {
		prefix: true,
		tags: [tagArguments],
		and: { prefix: true, tags: [tagArguments] },
	},
	destination: {
		bucket: true,
		region: true,
		storageClass: true,
		encryptionConfiguration: { replicaKmsKeyId: true },
	},
	deleteMarkerReplication: { status: true },
	sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: true } },
} as const;
export const bucketReplicationArguments = {
	bucket: true,
	region: true,
	role: true,
	rules: [{ id: true, ...ruleSettingArguments }],
	adopt: true,
} as const;
export const bucketReplicationRuleArguments = {
	bucket: true,
	region: true,
	role: true,
	ruleId: true,
	...ruleSettingArguments,
	adopt: true,
} as const;
export const bucketArguments = {
	bucket: true,
	region: true,
	versioning: true,
} as const;
