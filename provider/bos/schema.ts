/**
 * The shapes and limits of BOS replication rules and buckets. Field names are the vendor's
 * (PutBucketReplication, https://cloud.baidu.com/doc/BOS/s/fkc4evoy4; api-reference.md §3.5), except
 * the rule id, which is `ruleId` because Pulumi reserves `id` for the resource id.
 */

export type Switch = "enabled" | "disabled";
export const switches: readonly Switch[] = ["enabled", "disabled"];

export interface Destination {
	bucket: string;
	/** Upper case; absent = the source bucket's class. */
	storageClass?: string;
	/** Absent = the source key unchanged. */
	prefix?: string;
}

/** What BOS stores for one rule, minus the id: the part `live` and the applied inputs share. */
export interface RuleConfig {
	status: Switch;
	/** Sorted `<bucket>/<prefix>` entries. */
	resource: string[];
	/** Sorted exclusions; empty when none. */
	notIncludeResource: string[];
	destination: Destination;
	/** Present = existing objects are copied too. */
	replicateHistory?: { storageClass?: string };
	replicateDeletes: Switch;
}

/** Where a rule lives: together with the rule id, its identity. */
export interface RuleIdentity {
	region: string;
	bucket: string;
	ruleId: string;
}

export type RuleInputs = RuleIdentity &
	RuleConfig & {
		adopt: boolean;
		/** Updates of this rule that restarted its replication (computed by `check`). */
		replicationRestarts: number;
	};

export type Versioning = "enabled" | "suspended" | "notEnabled";
export const versioningStates: readonly Versioning[] = [
	"enabled",
	"suspended",
	"notEnabled",
];

export interface BucketInputs {
	region: string;
	bucket: string;
	versioning: Versioning;
	adopt: boolean;
}

// PutBucketReplication limits (seed 003, api-reference.md §3.5).
export const maxRulesPerBucket = 10;
export const maxResources = 20;
export const maxExclusions = 20;
export const maxRuleBytes = 128 * 1024;
export const ruleIdPattern = /^[A-Za-z0-9_-]{1,20}$/;

/** Destination and history storage classes; the MAZ_* ones only for multi-AZ buckets. */
export const storageClasses = [
	"STANDARD",
	"STANDARD_IA",
	"COLD",
	"MAZ_STANDARD",
	"MAZ_STANDARD_IA",
];
/** History copies may also keep each object's own class (the Go SDK's default, api-reference.md §3.5). */
export const historyStorageClasses = [...storageClasses, "REMAIN"];

// [INFERRED] BOS bucket naming: lower-case letters, digits and `-`, starting and ending with a letter
// or digit, 3-63 characters (the emulator is stricter: 4-63).
export const bucketPattern = /^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$/;
// Region ids as in `<region>.bcebos.com`: bj, gz, su, bd, fwh, hkg, ...
export const regionPattern = /^[a-z][a-z0-9-]{0,31}$/;

/** The key part of a resource entry: `<bucket>/<prefix>` with at most one `*`, at the end. */
export const resourcePattern = /^[^*]+\*?$|^\*$/;
/** The three exclusion forms: `<prefix>*`, `*<suffix>`, `*<infix>*` (after `<bucket>/`). */
export const exclusionPattern = /^(\*[^*]+\*?|[^*]+\*)$/;

/** The rule as PutBucketReplication takes it (`id` in the body too, api-reference.md Appendix C). */
export function ruleBody(ruleId: string, config: RuleConfig): object {
	return {
		id: ruleId,
		status: config.status,
		resource: config.resource,
		...(config.notIncludeResource.length
			? { notIncludeResource: config.notIncludeResource }
			: {}),
		destination: config.destination,
		...(config.replicateHistory
			? { replicateHistory: config.replicateHistory }
			: {}),
		replicateDeletes: config.replicateDeletes,
	};
}

// The arguments of each resource (sdk/bos.ts), for the unknown-argument check (core/arguments.ts).
export const ruleArguments = {
	region: true,
	bucket: true,
	ruleId: true,
	status: true,
	resource: true,
	notIncludeResource: true,
	destination: { bucket: true, storageClass: true, prefix: true },
	replicateHistory: { storageClass: true },
	replicateDeletes: true,
	adopt: true,
} as const;
export const bucketArguments = {
	region: true,
	bucket: true,
	versioning: true,
	adopt: true,
} as const;
