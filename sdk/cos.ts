/**
 * Tencent Cloud COS: buckets with versioning, and bucket replication declared either as the whole
 * configuration (`BucketReplication`, authoritative) or rule by rule (`BucketReplicationRule`).
 *
 * Credentials come from stack config `tencentcloud:secretId`, `tencentcloud:secretKey` and
 * `tencentcloud:securityToken`, or from `TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY` and
 * `TENCENTCLOUD_SECURITY_TOKEN`; the endpoint from `bucket-replication:cosEndpoint` or
 * `TENCENTCLOUD_COS_ENDPOINT`. They are read when the provider runs, never resource inputs or outputs.
 * Environment variables leave nothing in state; stack config is stored there (README, Credentials).
 */
import type * as pulumi from "@pulumi/pulumi";
import { claim } from "./claims";
import { ReplicationResource } from "./resource";

/** Whether a rule, or one of its options, is in effect. */
export type ReplicationStatus = "Enabled" | "Disabled";

/** COS storage classes a replica may be written in (matched case-insensitively, stored in upper case). */
export type StorageClass =
	| "STANDARD"
	| "STANDARD_IA"
	| "INTELLIGENT_TIERING"
	| "ARCHIVE"
	| "DEEP_ARCHIVE";

/** An object tag a rule filters on (`<Tag>`). */
export interface ReplicationTagArgs {
	/** Tag key. @default undefined (required) */
	key: pulumi.Input<string>;
	/** Tag value. @default "" */
	value?: pulumi.Input<string>;
}

/** The objects a rule replicates (`<Filter>`). Give `prefix` and/or `tags`, or `and`. */
export interface ReplicationFilterArgs {
	/** Replicate objects whose key starts with this. @default "" (every object) */
	prefix?: pulumi.Input<string>;
	/**
	 * Replicate only objects carrying all these tags (at most 10). With tags, COS requires
	 * `deleteMarkerReplication.status` to be `Disabled`. @default [] (no tag condition)
	 */
	tags?: pulumi.Input<pulumi.Input<ReplicationTagArgs>[]>;
	/**
	 * The vendor's `<And>` element: prefix and tags together. Same meaning as `prefix` plus `tags`,
	 * which is how it is stored. @default undefined
	 */
	and?: pulumi.Input<{
		/** @default "" */
		prefix?: pulumi.Input<string>;
		/** @default [] */
		tags?: pulumi.Input<pulumi.Input<ReplicationTagArgs>[]>;
	}>;
}

/** Where a rule replicates to (`<Destination>`). */
export interface ReplicationDestinationArgs {
	/**
	 * The destination bucket: its full name with APPID (`"dst-1250000000"`, then `region` is
	 * required) or the COS resource id `"qcs::cos:<Region>::<BucketName-APPID>"`. It must not be
	 * the source bucket, it must have versioning enabled, and every rule of the source bucket must
	 * replicate to this same bucket (COS allows one destination per bucket). @default undefined (required)
	 */
	bucket: pulumi.Input<string>;
	/** The destination bucket's region, such as `"ap-beijing"`. @default the region in `bucket` when it is a `qcs::cos:` id */
	region?: pulumi.Input<string>;
	/** Storage class of the replicas. @default undefined (the source object's class) */
	storageClass?: pulumi.Input<StorageClass | Lowercase<StorageClass>>;
	/** KMS key for replicas of KMS-encrypted objects (`<EncryptionConfiguration>`). @default undefined */
	encryptionConfiguration?: pulumi.Input<{
		/** The KMS key id (`<ReplicaKmsKeyID>`). @default undefined (required in this block) */
		replicaKmsKeyId: pulumi.Input<string>;
	}>;
}

/** The settings of one rule, shared by both resources. */
export interface ReplicationRuleSettings {
	/** Whether the rule is in effect. @default "Enabled" */
	status?: pulumi.Input<ReplicationStatus>;
	/**
	 * 1 to 1000, unique. Either every rule of the bucket has a priority or none has; with priorities,
	 * prefixes may overlap and the lowest number wins. @default undefined (no priority)
	 */
	priority?: pulumi.Input<number>;
	/**
	 * The legacy `<Prefix>` filter: replicate objects whose key starts with this. Set this or
	 * `filter`, not both. Without priorities, the prefixes of enabled rules must not overlap.
	 * @default "" (every object) when `filter` is not set either
	 */
	prefix?: pulumi.Input<string>;
	/** The `<Filter>` element (prefix and tags). Set this or `prefix`, not both. @default undefined */
	filter?: pulumi.Input<ReplicationFilterArgs>;
	/** Where to replicate. @default undefined (required) */
	destination: pulumi.Input<ReplicationDestinationArgs>;
	/** Whether delete markers are replicated (`<DeleteMarkerReplication>`). @default `{ status: "Enabled" }`, or `"Disabled"` when the rule filters on tags */
	deleteMarkerReplication?: pulumi.Input<{
		/** @default "Enabled" (see above) */
		status: pulumi.Input<ReplicationStatus>;
	}>;
	/** Whether KMS-encrypted objects are replicated (`<SourceSelectionCriteria>`). @default undefined (COS default) */
	sourceSelectionCriteria?: pulumi.Input<{
		/** @default undefined */
		sseKmsEncryptedObjects: pulumi.Input<{
			/** @default undefined (required in this block) */
			status: pulumi.Input<ReplicationStatus>;
		}>;
	}>;
}

/** One rule of a `BucketReplication`. */
export interface ReplicationRuleArgs extends ReplicationRuleSettings {
	/**
	 * The rule's id, unique in the bucket: 1 to 255 letters, digits, `.`, `_` or `-`. Rules are
	 * matched by id, so reordering the list changes nothing. @default undefined (required)
	 */
	id: pulumi.Input<string>;
}

/** A rule as stored: enums in the vendor's casing, defaults filled, destination as bucket + region. */
export interface ReplicationRule {
	id: string;
	status: ReplicationStatus;
	priority?: number;
	prefix?: string;
	filter?: {
		prefix?: string;
		and?: { prefix?: string; tags: { key: string; value: string }[] };
	};
	destination: {
		bucket: string;
		region: string;
		storageClass?: StorageClass;
		encryptionConfiguration?: { replicaKmsKeyId: string };
	};
	deleteMarkerReplication: { status: ReplicationStatus };
	sourceSelectionCriteria?: {
		sseKmsEncryptedObjects: { status: ReplicationStatus };
	};
}

/** Arguments of the source bucket every replication resource names. */
interface SourceArgs {
	/**
	 * The source bucket's full name with APPID, such as `"examplebucket-1250000000"`. Changing it
	 * replaces the resource. @default undefined (required)
	 */
	bucket: pulumi.Input<string>;
	/** The source bucket's region, such as `"ap-guangzhou"`. Changing it replaces the resource. @default undefined (required) */
	region: pulumi.Input<string>;
	/**
	 * The CAM identity COS replicates as: `"qcs::cam::uin/<OwnerUin>:uin/<SubUin>"`. One role per
	 * bucket. @default undefined (required)
	 */
	role: pulumi.Input<string>;
}

export interface BucketReplicationArgs extends SourceArgs {
	/** Every rule of the bucket (1 to 1000), keyed by `id`. @default undefined (required) */
	rules: pulumi.Input<pulumi.Input<ReplicationRuleArgs>[]>;
	/**
	 * When the bucket already has a *different* replication configuration, take it over and write
	 * this one (its other rules are removed). An identical configuration is always adopted.
	 * Without it, create fails and names the existing rule ids. @default false
	 */
	adopt?: pulumi.Input<boolean>;
}

const missing = (args: object, keys: string[]) =>
	keys.filter((k) => (args as Record<string, unknown>)[k] === undefined);

/**
 * The whole replication configuration of a COS bucket (authoritative): its `role` and every rule.
 * An update writes the whole document once; destroy deletes it. Do not combine it with
 * `BucketReplicationRule` on the same bucket (each would remove the other's rules).
 * `pulumi import` cannot work for dynamic resources: an identical existing configuration is adopted
 * on create, and `adopt: true` takes over a different one.
 */
export class BucketReplication extends ReplicationResource {
	declare readonly bucket: pulumi.Output<string>;
	declare readonly region: pulumi.Output<string>;
	declare readonly role: pulumi.Output<string>;
	/**
	 * The rules as stored, keyed by id: each as given in `rules`, without its `id`, with its defaults
	 * filled in.
	 */
	declare readonly rules: pulumi.Output<
		Record<string, Omit<ReplicationRule, "id">>
	>;
	declare readonly adopt: pulumi.Output<boolean>;

	constructor(
		name: string,
		args: BucketReplicationArgs,
		opts?: pulumi.CustomResourceOptions,
	) {
		super("CosBucketReplication", name, args, missing(args, ["adopt"]), opts);
		// The whole document: one BucketReplication per bucket, and no BucketReplicationRule beside it.
		claim(
			`cos.BucketReplication "${name}"`,
			["cos-document", args.bucket],
			([, bucket]) => `the replication of COS bucket "${bucket}"`,
			this,
		);
	}
}

export interface BucketReplicationRuleArgs
	extends SourceArgs,
		ReplicationRuleSettings {
	/**
	 * The rule's id, unique in the bucket: 1 to 255 letters, digits, `.`, `_` or `-`. Changing it
	 * replaces the resource. @default undefined (required)
	 */
	ruleId: pulumi.Input<string>;
	/**
	 * When the bucket already has a *different* rule with this id, take it over and rewrite it to
	 * these settings. Without it, create fails. An identical rule is always taken, writing nothing.
	 * The bucket's role is never overwritten: a different `role` fails either way. @default false
	 */
	adopt?: pulumi.Input<boolean>;
}

/**
 * One replication rule of a COS bucket (non-authoritative). Create, update and delete read the
 * bucket's document, change only this rule and write it back, so rules of other resources and rules
 * made outside Pulumi survive; deleting the last rule deletes the document. Several of these may
 * share a bucket (in one stack: writes are serialized per bucket in the provider process; across
 * stacks or tools they can race). Do not combine with `BucketReplication` on the same bucket.
 */
export class BucketReplicationRule extends ReplicationResource {
	declare readonly bucket: pulumi.Output<string>;
	declare readonly region: pulumi.Output<string>;
	declare readonly role: pulumi.Output<string>;
	declare readonly ruleId: pulumi.Output<string>;
	declare readonly status: pulumi.Output<ReplicationStatus>;
	declare readonly priority: pulumi.Output<number | undefined>;
	declare readonly prefix: pulumi.Output<string | undefined>;
	declare readonly filter: pulumi.Output<ReplicationRule["filter"]>;
	declare readonly destination: pulumi.Output<ReplicationRule["destination"]>;
	declare readonly deleteMarkerReplication: pulumi.Output<
		ReplicationRule["deleteMarkerReplication"]
	>;
	declare readonly sourceSelectionCriteria: pulumi.Output<
		ReplicationRule["sourceSelectionCriteria"]
	>;
	declare readonly adopt: pulumi.Output<boolean>;

	constructor(
		name: string,
		args: BucketReplicationRuleArgs,
		opts?: pulumi.CustomResourceOptions,
	) {
		// Registered when not given, so that each declared output is an Output (maybe of undefined).
		const outputs = [
			"status",
			"priority",
			"prefix",
			"filter",
			"deleteMarkerReplication",
			"sourceSelectionCriteria",
			"adopt",
		];
		super("CosBucketReplicationRule", name, args, missing(args, outputs), opts);
		const self = `cos.BucketReplicationRule "${name}"`;
		claim(
			self,
			["cos", args.bucket, args.ruleId],
			([, bucket, ruleId]) => `rule "${ruleId}" on COS bucket "${bucket}"`,
			this,
		);
		// Rules share the document with each other, never with a BucketReplication.
		claim(
			"cos.BucketReplicationRule resources",
			["cos-document", args.bucket],
			([, bucket]) =>
				`the replication of COS bucket "${bucket}" (a BucketReplication owns the whole document)`,
			this,
		);
	}
}

export interface BucketArgs {
	/**
	 * The bucket's full name with APPID, such as `"examplebucket-1250000000"`: lower-case letters,
	 * digits and `-`, then `-<APPID>`, short enough that `<bucket>.cos.<region>.myqcloud.com` has at
	 * most 60 characters (COS bucket naming). Changing it replaces the bucket.
	 * @default undefined (required)
	 */
	bucket: pulumi.Input<string>;
	/** The region, such as `"ap-guangzhou"`. Changing it replaces the bucket. @default undefined (required) */
	region: pulumi.Input<string>;
	/**
	 * Versioning, which replication needs on both buckets. COS can suspend versioning but never
	 * turn it off once enabled, and refuses to suspend it while an enabled replication rule exists.
	 * @default "Enabled"
	 */
	versioning?: pulumi.Input<"Enabled" | "Suspended">;
}

/**
 * A COS bucket in a region, with versioning. Destroy deletes it and fails, explaining why, when the
 * bucket still holds objects (empty it first).
 */
export class Bucket extends ReplicationResource {
	declare readonly bucket: pulumi.Output<string>;
	declare readonly region: pulumi.Output<string>;
	declare readonly versioning: pulumi.Output<"Enabled" | "Suspended">;
	/** The APPID part of the bucket name. */
	declare readonly appId: pulumi.Output<string>;

	constructor(
		name: string,
		args: BucketArgs,
		opts?: pulumi.CustomResourceOptions,
	) {
		super(
			"CosBucket",
			name,
			args,
			["appId", ...missing(args, ["versioning"])],
			opts,
		);
	}
}
