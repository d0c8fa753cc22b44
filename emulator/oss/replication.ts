import { cacheByIdentity } from "../core/cacheByIdentity";
import type { ServiceResponse } from "../core/http";
import { toXml } from "../core/xml";
import { isValidBucketName } from "./addressing";
import {
	type OssContext,
	type OssRequest,
	ownedBucket,
	requestXml,
	xmlResponse,
} from "./context";
import { ossError } from "./errors";
import { parseRule } from "./parseRule";
import {
	isKnownRegion,
	knownRegions,
	supportsRtc,
	supportsTagFilter,
} from "./regions";
import {
	progressXml,
	type ReplicationRule,
	rulesOf,
	ruleXml,
	setRules,
} from "./rules";

/** Rules per bucket, outgoing and incoming (PutBucketReplication `TooManyOutgoingReplication`). */
const maxRulesPerBucket = 100;

/**
 * PutBucketReplication: adds one rule (`POST /?replication&comp=add`); answers its id in
 * `x-oss-replication-rule-id`. The rule starts in `starting`, then `doing`.
 * https://www.alibabacloud.com/help/en/oss/developer-reference/putbucketreplication (seed 002, reference §2.5)
 */
export function putBucketReplication(
	ctx: OssContext,
	r: OssRequest,
): ServiceResponse {
	const source = ownedBucket(ctx, r);
	const root = requestXml(r, [
		"Rule",
		"Prefix",
		"UserTagging",
	]).ReplicationConfiguration;
	if (root === undefined)
		throw ossError("MalformedXML", {
			message: "ReplicationConfiguration is missing.",
			ec: "0031-00000001",
		});
	const sent =
		(typeof root === "object"
			? (root as { Rule?: unknown[] }).Rule
			: undefined) ?? [];
	if (sent.length === 0)
		throw ossError("MalformedXML", { message: "Rule is missing." });
	if (sent.length > 1) throw ossError("TooManyReplicationRules");
	const rule = parseRule(sent[0]);
	// Seed 002's usage notes; the code is not documented ([INFERRED] InvalidArgument, README.md).
	if (rule.userTaggings && !supportsTagFilter(source.region))
		throw ossError("InvalidArgument", {
			message: `Tag-based filtering is not supported in ${source.region}.`,
		});
	const existing = rulesOf(source);
	if (existing.some((x) => x.id === rule.id))
		throw ossError("InvalidArgument", {
			message: `A rule with ID ${rule.id} already exists.`,
		});

	const name = rule.destination.bucket;
	if (!isValidBucketName(name))
		throw ossError("InvalidTargetBucket", {
			message: "The target bucket name is invalid.",
			ec: "0031-00000101",
		});
	if (name === source.name)
		throw ossError("InvalidTargetBucket", {
			message: "The target bucket cannot be the source bucket.",
		});
	const target = ctx.store.getBucket(name);
	if (!target || target.owner !== source.owner)
		throw ossError("InvalidTargetBucket", {
			message: "The target bucket does not exist.",
		});
	if (!isKnownRegion(rule.destination.location))
		throw ossError("BadReplicationLocation");
	if (rule.destination.location !== target.region)
		throw ossError("InvalidTargetLocation");
	const crossRegion = target.region !== source.region;
	if (rule.destination.transferType === "oss_acc" && !crossRegion)
		throw ossError("InvalidArgument", {
			message: "TransferType oss_acc is only for cross-region replication.",
		});
	if (
		rule.rtc === "enabled" &&
		!(crossRegion && supportsRtc(source.region) && supportsRtc(target.region))
	)
		throw ossError("ReplicationLocationNotSupportRtc");
	// Both versioned or both unversioned (EC 0031-00000053, reference §2.4).
	if ((source.versioning ?? "") !== (target.versioning ?? ""))
		throw ossError("InvalidArgument", {
			message:
				"The source and target buckets must have the same versioning status.",
			ec: "0031-00000053",
		});
	// One rule per source/destination pair, closing rules included (reference §2.7).
	if (existing.some((x) => x.destination.bucket === name))
		throw ossError("BucketReplicationAlreadyExist");
	if (existing.length >= maxRulesPerBucket)
		throw ossError("TooManyOutgoingReplication");
	if (incomingRules(ctx, name) >= maxRulesPerBucket)
		throw ossError("TooManyIncomingReplication");

	setRules(source, [
		...existing,
		{
			...rule,
			status: "starting",
			progress: { historicalTotal: 0, historicalDone: 0 },
		},
	]);
	ctx.store.saveBucket(source);
	ctx.replication.ruleAdded(source.name, rule.id);
	return { status: 200, headers: { "x-oss-replication-rule-id": rule.id } };
}

function incomingRules(ctx: OssContext, destination: string): number {
	return ctx.store
		.listBuckets()
		.reduce(
			(n, b) =>
				n +
				rulesOf(b).filter((x) => x.destination.bucket === destination).length,
			0,
		);
}

/**
 * GetBucketReplication: every rule of the bucket, closing ones included; 404
 * `NoSuchReplicationConfiguration` when there is none.
 * https://www.alibabacloud.com/help/en/oss/developer-reference/getbucketreplication (reference §2.5)
 */
export function getBucketReplication(
	ctx: OssContext,
	r: OssRequest,
): ServiceResponse {
	return {
		status: 200,
		headers: { "content-type": "application/xml" },
		body: renderStored(rulesOrNotFound(ctx, r)),
	};
}

// The XML answer of the stored rules: their states (starting, doing, closing, RTC enabling) are
// saved with them, so the answer changes only when they are saved again (issue 13 item 5).
const renderStored = cacheByIdentity((rules: ReplicationRule[]) =>
	toXml({ ReplicationConfiguration: { Rule: rules.map(ruleXml) } }),
);

function rulesOrNotFound(ctx: OssContext, r: OssRequest): ReplicationRule[] {
	const bucket = ownedBucket(ctx, r);
	const rules = rulesOf(bucket);
	if (!rules.length)
		throw ossError("NoSuchReplicationConfiguration", {
			fields: { BucketName: bucket.name },
		});
	return rules;
}

/**
 * DeleteBucketReplication: `POST /?replication&comp=delete`. Asynchronous: the rule shows `closing`
 * until OSS has cleaned up; 204 if it is already closing; 200 when the bucket has no rule.
 * https://help.aliyun.com/zh/oss/developer-reference/deletebucketreplication (reference §2.5)
 */
export function deleteBucketReplication(
	ctx: OssContext,
	r: OssRequest,
): ServiceResponse {
	const bucket = ownedBucket(ctx, r);
	const root = requestXml(r, ["ID"]).ReplicationRules;
	const ids =
		(typeof root === "object" && root !== null
			? (root as { ID?: unknown[] }).ID
			: undefined) ?? [];
	if (ids.length === 0 || typeof ids[0] !== "string" || !ids[0])
		throw ossError("MalformedXML", {
			message: "ReplicationRules/ID is missing.",
		});
	if (ids.length > 1) throw ossError("TooManyReplicationRules");
	const rules = rulesOf(bucket);
	if (!rules.length) return { status: 200 };
	const rule = rules.find((x) => x.id === ids[0]);
	if (!rule)
		throw ossError("NoSuchReplicationRule", {
			fields: { BucketName: bucket.name },
		});
	if (rule.status === "closing") return { status: 204 };
	rule.status = "closing";
	ctx.store.saveBucket(bucket);
	ctx.replication.ruleClosing(bucket.name, rule.id);
	return { status: 200 };
}

/**
 * GetBucketReplicationProgress: `GET /?replicationProgress&rule-id=<id>`; without `rule-id` (2021
 * doc) every rule. Progress is what really happened: historical fraction copied and NewObject time.
 * https://www.alibabacloud.com/help/en/oss/developer-reference/getbucketreplicationprogress (reference §2.5)
 */
export function getBucketReplicationProgress(
	ctx: OssContext,
	r: OssRequest,
): ServiceResponse {
	const rules = rulesOrNotFound(ctx, r);
	const ruleId = r.http.query.get("rule-id");
	const selected =
		ruleId === null ? rules : rules.filter((x) => x.id === ruleId);
	if (!selected.length) throw ossError("NoSuchReplicationRule");
	return xmlResponse({
		ReplicationProgress: { Rule: selected.map(progressXml) },
	});
}

/**
 * GetBucketReplicationLocation: the regions a cross-region rule of this bucket may replicate to
 * (the bucket's own region is not one: the sample lists others only), those where the `oss_acc`
 * transfer type applies (the sample's constraint names only `oss_acc`) and where RTC is available.
 * https://www.alibabacloud.com/help/en/oss/developer-reference/getbucketreplicationlocation (reference §2.5)
 */
export function getBucketReplicationLocation(
	ctx: OssContext,
	r: OssRequest,
): ServiceResponse {
	const bucket = ownedBucket(ctx, r);
	const others = knownRegions().filter((x) => x !== bucket.region);
	const rtc = supportsRtc(bucket.region) ? others.filter(supportsRtc) : [];
	return xmlResponse({
		ReplicationLocation: {
			Location: others,
			LocationTransferTypeConstraint: {
				LocationTransferType: others.map((x) => ({
					Location: x,
					TransferTypes: { Type: "oss_acc" },
				})),
			},
			LocationRTCConstraint: rtc.length ? { Location: rtc } : "",
		},
	});
}

/**
 * PutBucketRTC: turns Replication Time Control on or off for an existing rule, the only in-place
 * change OSS allows (`PUT /?rtc`).
 * https://www.alibabacloud.com/help/en/oss/developer-reference/putbucketrtc (reference §2.5)
 */
export function putBucketRtc(ctx: OssContext, r: OssRequest): ServiceResponse {
	const bucket = ownedBucket(ctx, r);
	const root = requestXml(r).ReplicationRule;
	if (typeof root !== "object" || root === null) throw ossError("MalformedXML");
	const { ID: id, RTC: rtc } = root as {
		ID?: unknown;
		RTC?: { Status?: unknown };
	};
	if (typeof id !== "string" || !id)
		throw ossError("MissingArgument", {
			message: "The rule ID is missing.",
			ec: "0031-00000015",
		});
	const status = typeof rtc === "object" ? rtc.Status : undefined;
	if (status !== "enabled" && status !== "disabled")
		throw ossError("InvalidArgument", {
			message: "RTC/Status must be enabled or disabled.",
		});
	const rule = rulesOf(bucket).find((x) => x.id === id);
	if (!rule) throw ossError("NoSuchReplicationRule", { ec: "0031-00000110" });
	if (rule.status === "closing")
		throw ossError("BucketReplicationInClosingState");
	const location = rule.destination.location;
	if (
		status === "enabled" &&
		!(
			location !== bucket.region &&
			supportsRtc(bucket.region) &&
			supportsRtc(location)
		)
	)
		throw ossError("ReplicationLocationNotSupportRtc");
	rule.rtc = status;
	ctx.store.saveBucket(bucket);
	return { status: 200 };
}
