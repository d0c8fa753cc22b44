/**
 * Alibaba Cloud OSS: buckets and bucket replication rules (module `pulumi-bucket-replication/oss`).
 * Credentials: stack config `alicloud:accessKey`, `alicloud:secretKey`, `alicloud:securityToken`, else
 * `ALICLOUD_ACCESS_KEY`, `ALICLOUD_SECRET_KEY`, `ALICLOUD_SECURITY_TOKEN`; endpoint override
 * `bucket-replication:ossEndpoint` or `ALICLOUD_OSS_ENDPOINT`. Never resource inputs or outputs:
 * environment variables leave nothing in state; stack config is stored there (README, Credentials).
 */
import * as pulumi from "@pulumi/pulumi";
import { claim } from "./claims";
import { ReplicationResource } from "./resource";

export interface BucketArgs {
	/**
	 * The bucket name: 3 to 63 lower-case letters, digits or `-`, starting and ending with a letter or
	 * digit; global across all OSS accounts. Changing it replaces the bucket.
	 * @default undefined (required)
	 */
	bucket: pulumi.Input<string>;
	/**
	 * The region, as `oss-cn-hangzhou` or `cn-hangzhou` (stored as `oss-cn-hangzhou`). Changing it
	 * replaces the bucket.
	 * @default undefined (required)
	 */
	region: pulumi.Input<string>;
	/**
	 * Versioning: `"Enabled"` or `"Suspended"`. Absent leaves versioning off; once set it can only be
	 * switched between the two (OSS cannot turn it off). Replication needs both buckets versioned or
	 * both unversioned.
	 * @default undefined (never versioned)
	 */
	versioning?: pulumi.Input<"Enabled" | "Suspended">;
}

/**
 * An OSS bucket. Deleting it never deletes data: a bucket that still holds objects fails to delete
 * with OSS's `BucketNotEmpty`, explained.
 */
export class Bucket extends ReplicationResource {
	declare readonly bucket: pulumi.Output<string>;
	declare readonly region: pulumi.Output<string>;
	declare readonly versioning: pulumi.Output<
		"Enabled" | "Suspended" | undefined
	>;

	constructor(
		name: string,
		args: BucketArgs,
		opts?: pulumi.CustomResourceOptions,
	) {
		super("OssBucket", name, args, unset(args, ["versioning"]), opts);
	}
}

/** Optional arguments the provider fills with defaults: registered as outputs when not given. */
const optionalRuleArgs = [
	"ruleId",
	"prefixes",
	"action",
	"historicalObjectReplication",
	"syncRole",
	"sseKmsEncryptedObjects",
	"replicaKmsKeyId",
	"rtc",
	"userTaggings",
];

/** The names among `keys` that `args` leaves unset (the base class registers those as outputs). */
function unset(args: object, keys: readonly string[]): string[] {
	return keys.filter((k) => (args as Record<string, unknown>)[k] === undefined);
}

export interface BucketReplicationRuleDestinationArgs {
	/**
	 * The destination bucket; it must exist, belong to the same account and differ from the source.
	 * @default undefined (required)
	 */
	bucket: pulumi.Input<string>;
	/**
	 * The destination bucket's region (`oss-cn-beijing` or `cn-beijing`). Same as the source region:
	 * same-region replication; otherwise cross-region.
	 * @default undefined (required)
	 */
	location: pulumi.Input<string>;
	/**
	 * The transfer link: `"internal"` or `"oss_acc"` (transfer acceleration, cross-region only).
	 * @default "internal"
	 */
	transferType?: pulumi.Input<"internal" | "oss_acc">;
}

export interface BucketReplicationRuleTagArgs {
	/**
	 * 1 to 128 letters, digits, spaces or `+ - = . _ : /`; case-sensitive.
	 * @default undefined (required)
	 */
	key: pulumi.Input<string>;
	/**
	 * Up to 256 letters, digits, spaces or `+ - = . _ : /`; case-sensitive.
	 * @default ""
	 */
	value?: pulumi.Input<string>;
}

export interface BucketReplicationRuleUserTaggingsArgs {
	/**
	 * `"AND"`: objects carrying every tag; `"OR"`: objects carrying at least one.
	 * @default undefined (required)
	 */
	filterType: pulumi.Input<"AND" | "OR">;
	/**
	 * 1 to 10 tags, unique; with `"AND"` each key at most once. Order does not matter.
	 * @default undefined (required)
	 */
	userTagging: pulumi.Input<pulumi.Input<BucketReplicationRuleTagArgs>[]>;
}

export interface BucketReplicationRuleArgs {
	/**
	 * The source bucket.
	 * @default undefined (required)
	 */
	bucket: pulumi.Input<string>;
	/**
	 * The source bucket's region (`oss-cn-hangzhou` or `cn-hangzhou`).
	 * @default undefined (required)
	 */
	region: pulumi.Input<string>;
	/**
	 * The rule ID: 1 to 255 letters, digits, `.`, `_` or `-`. Without it, the id is derived from the
	 * destination (OSS allows one rule per source and destination), so `preview` and `up` show the same
	 * id and every re-run uses it; it changes only when the destination bucket or location changes.
	 * A rule that already has an id keeps it: removing `ruleId` from the program changes nothing, and
	 * rules created by 0.1 keep their random id.
	 * @default `to-<destination bucket>-<destination location>`
	 */
	ruleId?: pulumi.Input<string>;
	/**
	 * Replicate only objects whose names start with one of these: up to 10, each 1 to 1023 characters,
	 * none a prefix of another. Order does not matter.
	 * @default [] (every object)
	 */
	prefixes?: pulumi.Input<pulumi.Input<string>[]>;
	/**
	 * What is replicated: `"ALL"` (writes, deletes and aborted multipart uploads) or `"PUT"` (writes).
	 * @default "ALL"
	 */
	action?: pulumi.Input<"ALL" | "PUT">;
	/**
	 * Where objects are replicated to.
	 * @default undefined (required)
	 */
	destination: pulumi.Input<BucketReplicationRuleDestinationArgs>;
	/**
	 * Whether objects that existed before the rule are replicated too: `"enabled"` or `"disabled"`.
	 * @default "enabled"
	 */
	historicalObjectReplication?: pulumi.Input<"enabled" | "disabled">;
	/**
	 * The RAM role OSS uses to replicate. Required when `sseKmsEncryptedObjects` is `"Enabled"`.
	 * @default undefined (OSS's default role)
	 */
	syncRole?: pulumi.Input<string>;
	/**
	 * Whether objects encrypted with SSE-KMS are replicated: `"Enabled"` or `"Disabled"`.
	 * @default "Disabled"
	 */
	sseKmsEncryptedObjects?: pulumi.Input<"Enabled" | "Disabled">;
	/**
	 * The KMS key that encrypts replicas; required when `sseKmsEncryptedObjects` is `"Enabled"` and
	 * only allowed then.
	 * @default undefined
	 */
	replicaKmsKeyId?: pulumi.Input<string>;
	/**
	 * Replication Time Control: `"enabled"` or `"disabled"`; cross-region only, in regions that offer
	 * it. The only replication setting changed in place; a change of any other one replaces the rule.
	 * @default "disabled"
	 */
	rtc?: pulumi.Input<"enabled" | "disabled">;
	/**
	 * Replicate only objects with these tags.
	 * @default undefined (no tag filter)
	 */
	userTaggings?: pulumi.Input<BucketReplicationRuleUserTaggingsArgs>;
	/**
	 * No longer needed, kept so that programs written for 0.1 still run. A rule identical to this
	 * resource, rule id included, is always taken with no write (it may be this resource's own earlier
	 * write, after a lost answer or an interrupted run); a different one always fails, naming it.
	 * @default false
	 */
	adopt?: pulumi.Input<boolean>;
	/**
	 * How long a delete (also the delete half of a replacement) waits for OSS to finish closing the
	 * rule, in seconds (0 to 86400). When it runs out the operation fails, naming what is still closing.
	 * A delete uses the value stored by the last successful `up`.
	 * @default 600
	 */
	deleteTimeoutSeconds?: pulumi.Input<number>;
}

/** What OSS reports on a rule's progress (GetBucketReplicationProgress), refreshed by `pulumi refresh`. */
export interface BucketReplicationRuleProgress {
	/**
	 * Share of the objects that existed before the rule already replicated, 0 to 100; absent when
	 * `historicalObjectReplication` is `"disabled"` (OSS reports it only for historical replication).
	 */
	historicalObjectPercent?: number;
	/** Objects written before this time (ISO 8601) have been replicated. */
	newObject?: string;
}

/**
 * One OSS replication rule (PutBucketReplication). Changing any replication setting but `rtc`
 * replaces the rule: OSS cannot edit one, so the old rule is deleted, the provider waits until OSS has
 * finished closing it, then creates the new one. `deleteTimeoutSeconds` and `adopt` are the provider's
 * own: changing them sends nothing.
 */
export class BucketReplicationRule extends ReplicationResource {
	declare readonly bucket: pulumi.Output<string>;
	declare readonly region: pulumi.Output<string>;
	declare readonly ruleId: pulumi.Output<string>;
	declare readonly prefixes: pulumi.Output<string[]>;
	declare readonly action: pulumi.Output<"ALL" | "PUT">;
	declare readonly destination: pulumi.Output<{
		bucket: string;
		location: string;
		transferType: "internal" | "oss_acc";
	}>;
	declare readonly historicalObjectReplication: pulumi.Output<
		"enabled" | "disabled"
	>;
	declare readonly syncRole: pulumi.Output<string | undefined>;
	declare readonly sseKmsEncryptedObjects: pulumi.Output<
		"Enabled" | "Disabled"
	>;
	declare readonly replicaKmsKeyId: pulumi.Output<string | undefined>;
	declare readonly rtc: pulumi.Output<"enabled" | "disabled">;
	declare readonly userTaggings: pulumi.Output<
		| {
				filterType: "AND" | "OR";
				userTagging: { key: string; value: string }[];
		  }
		| undefined
	>;
	/** `starting`, then `doing` once effective (as of the last create or refresh). */
	declare readonly status: pulumi.Output<string>;
	/** Replication progress once the rule is `doing` (GetBucketReplicationProgress), as of the last refresh. */
	declare readonly progress: pulumi.Output<
		BucketReplicationRuleProgress | undefined
	>;

	constructor(
		name: string,
		args: BucketReplicationRuleArgs,
		opts?: pulumi.CustomResourceOptions,
	) {
		super(
			"OssBucketReplicationRule",
			name,
			args,
			[...unset(args, optionalRuleArgs), "status", "progress"],
			opts,
		);
		const self = `oss.BucketReplicationRule "${name}"`;
		claim(
			self,
			["oss", args.bucket, args.ruleId],
			([, bucket, ruleId]) => `rule "${ruleId}" on OSS bucket "${bucket}"`,
			this,
		);
		// OSS allows one rule per source and destination bucket.
		claim(
			self,
			["oss-pair", args.bucket, destinationBucket(args.destination)],
			([, bucket, destination]) =>
				`a rule from OSS bucket "${bucket}" to "${destination}" (OSS allows one per pair)`,
			this,
		);
	}
}

/** The destination bucket, as plain as the program gave it. */
function destinationBucket(
	destination: BucketReplicationRuleArgs["destination"],
): pulumi.Input<string> {
	return pulumi.Output.isInstance(destination) || destination instanceof Promise
		? pulumi.output(destination).bucket
		: destination.bucket;
}
