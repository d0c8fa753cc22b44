/**
 * Baidu Cloud BOS resources. Credentials come from stack config `baiducloud:accessKey` /
 * `baiducloud:secretKey` and, with temporary STS keys, `baiducloud:securityToken` (or
 * `BAIDUCLOUD_ACCESS_KEY` / `BAIDUCLOUD_SECRET_KEY` / `BAIDUCLOUD_SECURITY_TOKEN`); the endpoint from
 * `bucket-replication:bosEndpoint` (or `BAIDUCLOUD_BOS_ENDPOINT`), else `https://<region>.bcebos.com`.
 * Environment variables leave nothing in state; stack config is stored there (README, Credentials).
 * See docs/bos.md.
 */
import type * as pulumi from "@pulumi/pulumi";
import { normalizeRule, pick, ruleConfigKeys } from "../provider/bos/normalize";
import { type Claimant, claim, partOf } from "./claims";
import { ReplicationResource } from "./resource";

export type Switch = "enabled" | "disabled";

/** Storage classes a rule may name; the MAZ_* ones only for multi-AZ buckets. */
export type StorageClass =
	| "STANDARD"
	| "STANDARD_IA"
	| "COLD"
	| "MAZ_STANDARD"
	| "MAZ_STANDARD_IA";

export interface ReplicationDestinationArgs {
	/**
	 * Destination bucket name. It must exist and differ from the source; BOS finds its region from
	 * the name, so same-region and cross-region rules look alike.
	 * @default undefined (required)
	 */
	bucket: pulumi.Input<string>;
	/**
	 * Storage class of the copies.
	 * @default undefined: the source bucket's storage class
	 */
	storageClass?: pulumi.Input<StorageClass>;
	/**
	 * Path prefix put in front of each copied key in the destination (for example `"backup/"`).
	 * @default undefined: keys are copied unchanged
	 */
	prefix?: pulumi.Input<string>;
}

export interface ReplicateHistoryArgs {
	/**
	 * Storage class of the copies of existing objects; `REMAIN` keeps each object's own class.
	 * @default undefined: the source bucket's storage class
	 */
	storageClass?: pulumi.Input<StorageClass | "REMAIN">;
}

export interface BucketReplicationRuleArgs {
	/**
	 * Region of the source bucket, as in `<region>.bcebos.com` (`bj`, `gz`, `su`, `bd`, `fwh`,
	 * `hkg`, ...). Changing it replaces the rule.
	 * @default undefined (required)
	 */
	region: pulumi.Input<string>;
	/**
	 * Source bucket. Changing it replaces the rule.
	 * @default undefined (required)
	 */
	bucket: pulumi.Input<string>;
	/**
	 * The rule's id on BOS (the API's `id`; `id` is reserved by Pulumi): 1 to 20 letters, digits,
	 * `-` and `_`, unique in the bucket. Changing it replaces the rule.
	 * @default undefined (required)
	 */
	ruleId: pulumi.Input<string>;
	/**
	 * `enabled` or `disabled`. BOS refuses to disable an enabled rule by overwriting it, so
	 * `enabled` -> `disabled` **replaces** the rule (delete, then create disabled); `disabled` ->
	 * `enabled` is an update.
	 * @default "enabled"
	 */
	status?: pulumi.Input<Switch>;
	/**
	 * What to replicate: 1 to 20 entries `"<bucket>/<prefix>"`, `"<bucket>/<prefix>*"` or
	 * `"<bucket>/*"`, each starting with the source bucket. Order does not matter.
	 * @default ["<bucket>/*"]: the whole bucket
	 */
	resource?: pulumi.Input<pulumi.Input<string>[]>;
	/**
	 * What not to replicate: up to 20 entries, only `"<bucket>/<prefix>*"`, `"<bucket>/*<suffix>"` or
	 * `"<bucket>/*<infix>*"`. Order does not matter.
	 * @default []
	 */
	notIncludeResource?: pulumi.Input<pulumi.Input<string>[]>;
	/**
	 * Where copies go.
	 * @default undefined (required)
	 */
	destination: pulumi.Input<ReplicationDestinationArgs>;
	/**
	 * Set (even to `{}`) to also copy the objects that existed before the rule, within `resource`.
	 * @default undefined: only new writes are replicated
	 */
	replicateHistory?: pulumi.Input<ReplicateHistoryArgs>;
	/**
	 * `enabled` to replicate deletions too.
	 * @default "disabled"
	 */
	replicateDeletes?: pulumi.Input<Switch>;
	/**
	 * No longer needed, kept so that programs written for 0.1 still run. An existing rule with this id
	 * that is identical to this resource is always taken, writing nothing (it may be this resource's
	 * own earlier write, after a lost answer or an interrupted run); one that differs is an error that
	 * names the differences.
	 * @default false
	 */
	adopt?: pulumi.Input<boolean>;
}

/** GetBucketReplicationProgress. */
export interface ReplicationProgress {
	/** The rule's status as BOS reports it with the progress: `enabled` or `disabled`. */
	status: string;
	/** Percent of the historical copy done; 0 without `replicateHistory`. */
	historyReplicationPercent: number;
	/** Epoch seconds of the latest replicated write; 0 before the first. */
	latestReplicationTime: number;
}

const ruleProperties = [
	"region",
	"bucket",
	"ruleId",
	"status",
	"resource",
	"notIncludeResource",
	"destination",
	"replicateHistory",
	"replicateDeletes",
	"adopt",
	"replicationRestarts",
	"createTime",
	"destRegion",
	"progress",
];

/** The properties `args` leaves unset: registered as outputs so their defaults are readable. */
function unset(args: object, properties: readonly string[]): string[] {
	const given = args as Record<string, unknown>;
	return properties.filter((key) => given[key] === undefined);
}

/**
 * One replication rule of a BOS bucket, by id; the other rules of the bucket are left alone.
 *
 * **An update of an enabled rule restarts its replication**: BOS re-runs an enabled rule (history
 * copy included) each time the rule is written. This resource writes only when the configuration
 * changed, never on a no-op `up`, and `pulumi preview --diff` shows each such update as
 * `~ replicationRestarts: n => n+1` next to the changed properties.
 */
export class BucketReplicationRule extends ReplicationResource {
	declare readonly region: pulumi.Output<string>;
	declare readonly bucket: pulumi.Output<string>;
	declare readonly ruleId: pulumi.Output<string>;
	declare readonly status: pulumi.Output<Switch>;
	declare readonly resource: pulumi.Output<string[]>;
	declare readonly notIncludeResource: pulumi.Output<string[]>;
	declare readonly destination: pulumi.Output<{
		bucket: string;
		storageClass?: string;
		prefix?: string;
	}>;
	declare readonly replicateHistory: pulumi.Output<
		{ storageClass?: string } | undefined
	>;
	declare readonly replicateDeletes: pulumi.Output<Switch>;
	declare readonly adopt: pulumi.Output<boolean>;
	/** In-place updates of this rule that restarted its replication (computed; never set it). */
	declare readonly replicationRestarts: pulumi.Output<number>;
	/** Epoch seconds when BOS created the rule. */
	declare readonly createTime: pulumi.Output<number>;
	/** Region of the destination bucket, as BOS derived it. */
	declare readonly destRegion: pulumi.Output<string>;
	/** Replication progress, as of the last create, update or refresh. */
	declare readonly progress: pulumi.Output<ReplicationProgress>;

	constructor(
		name: string,
		args: BucketReplicationRuleArgs,
		opts?: pulumi.CustomResourceOptions,
	) {
		// Before `super()`: a duplicate throws before this resource registers (sdk/claims.ts).
		const claimant: Claimant = {};
		const self = `bos.BucketReplicationRule "${name}"`;
		claim(
			self,
			["bos", args.bucket, args.ruleId],
			([, bucket, ruleId]) => `rule "${ruleId}" on BOS bucket "${bucket}"`,
			claimant,
		);
		// BOS refuses a rule identical to another of its bucket but for the id (docs/bos.md): at `up`,
		// after the first of the two was written.
		claim(
			self,
			["bos-twin", args.bucket, partOf(args, twinKey)],
			([, bucket]) =>
				`the same replication rule on BOS bucket "${bucket}", but for its ruleId`,
			claimant,
			"BOS refuses a rule identical to another rule of the bucket but for its id: change one of them, or remove one",
		);
		super(
			"BosBucketReplicationRule",
			name,
			args,
			unset(args, ruleProperties),
			opts,
		);
		claimant.resource = this;
	}
}

export interface BucketArgs {
	/**
	 * Region to create the bucket in, as in `<region>.bcebos.com` (`bj`, `gz`, `su`, ...). Changing
	 * it replaces the bucket.
	 * @default undefined (required)
	 */
	region: pulumi.Input<string>;
	/**
	 * Bucket name, global on BOS: 3 to 63 lower-case letters, digits and `-`, starting and ending
	 * with a letter or digit. Changing it replaces the bucket.
	 * @default undefined (required)
	 */
	bucket: pulumi.Input<string>;
	/**
	 * `enabled`, `suspended` or `notEnabled`. Once enabled, a bucket can only be suspended.
	 * @default "notEnabled"
	 */
	versioning?: pulumi.Input<"enabled" | "suspended" | "notEnabled">;
	/**
	 * No longer needed, kept so that programs written for 0.1 still run. An existing bucket of these
	 * credentials whose versioning matches, or was never set, is always taken (it may be this
	 * resource's own earlier create); otherwise an existing bucket is an error.
	 * @default false
	 */
	adopt?: pulumi.Input<boolean>;
}

const bucketProperties = ["region", "bucket", "versioning", "adopt"];

/**
 * A BOS bucket with its versioning state. Destroying it fails while it holds objects or replication
 * rules (BOS refuses); it is never emptied for you.
 */
export class Bucket extends ReplicationResource {
	declare readonly region: pulumi.Output<string>;
	declare readonly bucket: pulumi.Output<string>;
	declare readonly versioning: pulumi.Output<string>;
	declare readonly adopt: pulumi.Output<boolean>;

	constructor(
		name: string,
		args: BucketArgs,
		opts?: pulumi.CustomResourceOptions,
	) {
		super("BosBucket", name, args, unset(args, bucketProperties), opts);
	}
}

/** What makes two rules of one bucket twins: their configuration, normalized, without the id. */
function twinKey(args: object): string {
	return stableJson(pick(normalizeRule({ ...args }), ruleConfigKeys));
}

/** JSON with object keys sorted, so that the order the program wrote them in does not count. */
function stableJson(value: unknown): string {
	return JSON.stringify(value, (_key, v: unknown) =>
		typeof v === "object" && v !== null && !Array.isArray(v)
			? Object.fromEntries(
					Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
				)
			: v,
	);
}
