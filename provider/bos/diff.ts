/**
 * Pure, offline diffs of BOS resources (dynamic-providers.md §3.5, via `planDiff`). `olds` are the
 * stored outputs: the last-applied normalized inputs plus `live`, the configuration `read` last saw.
 */
import { containsUnknown, deepEqual, planDiff, UNKNOWN } from "../core/diff";
import type { DiffResult, Props } from "../core/types";
import {
	normalizeBucket,
	normalizeRule,
	pick,
	ruleConfigKeys,
	ruleIdentityKeys,
} from "./normalize";

/** What a rule diff compares; `adopt` only matters at create, progress and createTime change by themselves. */
const ruleDiffKeys = [
	...ruleIdentityKeys,
	...ruleConfigKeys,
	"replicationRestarts",
];

function liveOf(olds: Props): Props | undefined {
	const live = olds.live;
	return typeof live === "object" && live !== null
		? (live as Props)
		: undefined;
}

function changed(from: unknown, to: unknown): boolean {
	return containsUnknown(to) || !deepEqual(from, to);
}

/**
 * - Region, bucket or rule id changed: a new rule (replacement).
 * - An enabled rule becoming disabled: BOS refuses that overwrite (seed 003), so the rule is deleted
 *   and created again, delete first, and `replaces: ["status"]` names the cause in `preview --json` (`replaceReasons`; the text shows only `+-`).
 * - Anything else: an update in place, with the same id.
 * The rule keeps its identity (bucket + id) across the replacement, and BOS refuses a second rule
 * identical but for its id, so delete comes first unless the source bucket changes.
 */
export function diffRule(olds: Props, news: Props): DiffResult {
	const applied = pick(normalizeRule(olds), ruleDiffKeys);
	const desired = pick(normalizeRule(news), ruleDiffKeys);
	const liveConfig = liveOf(olds);
	const live = liveConfig
		? pick(normalizeRule({ ...applied, ...liveConfig }), ruleDiffKeys)
		: undefined;
	const plan = planDiff({ applied, live, desired });
	if (plan.changes === false) return plan;

	const replaces: string[] = ruleIdentityKeys.filter((k) =>
		changed(applied[k], desired[k]),
	);
	const statusNow = (live ?? applied).status;
	if (
		statusNow === "enabled" &&
		(desired.status === "disabled" || desired.status === UNKNOWN)
	) {
		replaces.push("status");
	}
	if (replaces.length === 0) return plan;
	const sourceMoves =
		desired.bucket !== UNKNOWN && desired.bucket !== applied.bucket;
	return { ...plan, replaces, deleteBeforeReplace: !sourceMoves };
}

const bucketDiffKeys = ["region", "bucket", "versioning"];

/**
 * Bucket name or region changed: a new bucket. The name is global, so a move to another region with
 * the same name deletes first. Versioning changes in place.
 */
export function diffBucket(olds: Props, news: Props): DiffResult {
	const applied = pick(normalizeBucket(olds), bucketDiffKeys);
	const desired = pick(normalizeBucket(news), bucketDiffKeys);
	const liveConfig = liveOf(olds);
	const live = liveConfig ? { ...applied, ...liveConfig } : undefined;
	const plan = planDiff({ applied, live, desired });
	if (plan.changes === false) return plan;
	const replaces = ["region", "bucket"].filter((k) =>
		changed(applied[k], desired[k]),
	);
	if (replaces.length === 0) return plan;
	const sameName = !changed(applied.bucket, desired.bucket);
	return { ...plan, replaces, deleteBeforeReplace: sameName };
}
