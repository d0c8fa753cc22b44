import { cacheByIdentity } from "../core/cacheByIdentity";
import type { StoredBucket } from "../core/store";
import { ownedBucket } from "./buckets";
import { bosConfig, type RuleProgress } from "./config";
import type { BosContext, Handler } from "./context";
import { bosError } from "./errors";
import { emptyResponse, jsonResponse, jsonTextResponse } from "./responses";
import {
	multiAzClasses,
	parseRule,
	type ReplicationRule,
	type RuleInput,
	sameExceptId,
	singleAzClasses,
} from "./rule";

// Limits of PutBucketReplication (https://cloud.baidu.com/doc/BOS/s/fkc4evoy4, seed 003).
const maxRules = 10;
const maxRuleBytes = 128 * 1024;
const maxAllRulesBytes = 200 * 1024;

/**
 * The rule named by `id`. Without an id (the Node SDK sends `id=`), [INFERRED] the first rule, as
 * when BOS had one rule per bucket (reference §3.5). None: `NoReplicationConfiguration` 404.
 */
function findRule(ctx: BosContext, bucket: StoredBucket): ReplicationRule {
	const id = ctx.query.get("id") ?? "";
	const rules = bosConfig(bucket).replication;
	const rule = id ? rules.find((r) => r.id === id) : rules[0];
	if (!rule) throw bosError("NoReplicationConfiguration");
	return rule;
}

/** The destination must exist, be writable by the caller and take the rule's storage classes. */
function checkDestination(
	ctx: BosContext,
	source: StoredBucket,
	input: RuleInput,
): StoredBucket {
	const destination = ctx.state.store.getBucket(input.destination.bucket);
	if (!destination) {
		throw bosError(
			"NoSuchBucket",
			`The destination bucket ${input.destination.bucket} does not exist.`,
		);
	}
	// Cross-account rules need write permission on the destination; bucket ACLs are not emulated,
	// so another account's bucket is never writable (README.md).
	if (destination.owner !== ctx.account.name) {
		throw bosError(
			"AccessDenied",
			`No write permission on the destination bucket ${destination.name}.`,
		);
	}
	if (destination.name === source.name) {
		throw bosError(
			"InvalidArgument",
			"The destination bucket must differ from the source bucket.",
		);
	}
	const allowed = bosConfig(destination).multiAz
		? multiAzClasses
		: singleAzClasses;
	for (const name of [
		input.destination.storageClass,
		input.replicateHistory?.storageClass,
	]) {
		if (name !== undefined && name !== "REMAIN" && !allowed.includes(name)) {
			throw bosError(
				"InappropriateJSON",
				`Storage class ${name} is not available in bucket ${destination.name}.`,
			);
		}
	}
	return destination;
}

/**
 * PutBucketReplication — `PUT /<bucket>?replication&id=<id>`: creates the rule `id`, or overwrites
 * it. Enabled → disabled is refused; re-sending an enabled rule restarts its replication (progress
 * back to 0, historical copy again); two rules identical but for their id are refused; at most 10
 * rules, 128 KB per rule and 200 KB for all rules; the destination must exist
 * (https://cloud.baidu.com/doc/BOS/s/fkc4evoy4, seed 003, reference §3.5). 200, empty body.
 */
export const putReplication: Handler = (ctx) => {
	const bucket = ownedBucket(ctx);
	if (ctx.req.body.length > maxRuleBytes) {
		throw bosError(
			"EntityTooLarge",
			"A replication rule must not exceed 128 KB.",
		);
	}
	const input = parseRule(ctx.req.body, bucket.name, ctx.query.get("id") ?? "");
	const destination = checkDestination(ctx, bucket, input);

	const config = bosConfig(bucket);
	const existing = config.replication.find((r) => r.id === input.id);
	if (existing?.status === "enabled" && input.status === "disabled") {
		throw bosError(
			"InvalidArgument",
			`Rule ${input.id} is enabled and cannot be disabled; delete it instead.`,
		);
	}
	if (!existing && config.replication.length >= maxRules) {
		throw bosError(
			"InvalidArgument",
			`A bucket has at most ${maxRules} replication rules.`,
		);
	}
	const twin = config.replication.find(
		(r) => r.id !== input.id && sameExceptId(r, input),
	);
	if (twin) {
		throw bosError(
			"InvalidArgument",
			`Rule ${input.id} is identical to rule ${twin.id} except for its id.`,
		);
	}

	const rule: ReplicationRule = {
		...input,
		createTime: existing?.createTime ?? Math.floor(Date.now() / 1000),
		destRegion: destination.region,
	};
	const rules = existing
		? config.replication.map((r) => (r === existing ? rule : r))
		: [...config.replication, rule];
	const allBytes = rules.reduce((n, r) => n + JSON.stringify(r).length, 0);
	if (allBytes > maxAllRulesBytes) {
		throw bosError(
			"EntityTooLarge",
			"The replication rules of a bucket must not exceed 200 KB in all.",
		);
	}

	config.replication = rules;
	if (rule.status === "enabled") ctx.state.copier.start(bucket, rule);
	else config.progress[rule.id] ??= notStarted();
	ctx.state.store.saveBucket(bucket);
	return emptyResponse();
};

function notStarted(): RuleProgress {
	return {
		run: 0,
		historyTotal: 0,
		historyPending: [],
		latestReplicationTime: 0,
	};
}

/**
 * The answer is the stored rule as it is (progress has its own GET): rendered once per stored rule.
 * A rule is never changed in place (a PUT stores a new one) and `saveBucket` stores a copy, so a
 * stored rule's text never changes (cacheByIdentity.ts). Issue 13 item 5.
 */
const renderRule = cacheByIdentity((rule: ReplicationRule) =>
	JSON.stringify(rule),
);

/**
 * GetBucketReplication — `GET /<bucket>?replication&id=<id>`: the rule with `createTime` and
 * `destRegion` (https://cloud.baidu.com/doc/BOS/s/7kc4ewr1u, reference §3.5).
 */
export const getReplication: Handler = (ctx) =>
	jsonTextResponse(200, renderRule(findRule(ctx, ownedBucket(ctx))));

/**
 * ListBucketReplication — `GET /<bucket>?replication&list`: `{"rules":[...]}`, `[]` when none
 * (https://cloud.baidu.com/doc/BOS/s/Vkcoek9t5, reference §3.5).
 */
export const listReplication: Handler = (ctx) =>
	jsonResponse(200, { rules: bosConfig(ownedBucket(ctx)).replication });

/**
 * DeleteBucketReplication — `DELETE /<bucket>?replication&id=<id>`: removes the rule; replication
 * stops. [CONFLICT] 204 (https://cloud.baidu.com/doc/BOS/s/dkc4exqvg, reference §3.5).
 */
export const deleteReplication: Handler = (ctx) => {
	const bucket = ownedBucket(ctx);
	const rule = findRule(ctx, bucket);
	const config = bosConfig(bucket);
	config.replication = config.replication.filter((r) => r !== rule);
	delete config.progress[rule.id];
	ctx.state.store.saveBucket(bucket);
	return emptyResponse(204);
};

/**
 * GetBucketReplicationProgress — `GET /<bucket>?replicationProgress&id=<id>`:
 * `{"status","historyReplicationPercent","latestReplicationTime"}`; the percent of the historical
 * copy done (0 without `replicateHistory`), the time a JSON number of epoch seconds, as both vendor
 * pages print it (https://cloud.baidu.com/doc/BOS/s/ekc4eyua6 example `1504448315`, and the
 * OpenAPI page https://cloud.baidu.com/doc/BOS/s/Jkkp8dxi2 "Integer"); reference §3.5 [CONFLICT], README.md.
 */
export const getReplicationProgress: Handler = (ctx) => {
	const bucket = ownedBucket(ctx);
	const rule = findRule(ctx, bucket);
	const progress = bosConfig(bucket).progress[rule.id] ?? notStarted();
	return jsonResponse(200, {
		status: rule.status,
		historyReplicationPercent: historyPercent(rule, progress),
		latestReplicationTime: progress.latestReplicationTime,
	});
};

function historyPercent(rule: ReplicationRule, progress: RuleProgress): number {
	if (!rule.replicateHistory || progress.run === 0) return 0;
	if (progress.historyTotal === 0) return 100;
	const done = progress.historyTotal - progress.historyPending.length;
	return Math.floor((done / progress.historyTotal) * 100);
}
