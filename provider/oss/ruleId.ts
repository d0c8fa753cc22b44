import { createHash } from "node:crypto";
import { UNKNOWN } from "../core/diff";
import type { Props } from "../core/types";
import { isObject, normalizeRule } from "./normalize";
import { ruleIdPattern } from "./schema";

/**
 * The rule id of a rule declared without `ruleId`. OSS allows one rule per source and destination
 * bucket (BucketReplicationAlreadyExist, reference §2.5), so the pair names the rule:
 * `to-<destination bucket>-<destination location>`. It is a pure function of the declaration, so
 * `preview` and `up` show the same id, every retry and re-run uses it, and a create can tell its own
 * earlier rule (core/ownership.ts). Unknown while the destination is unknown.
 */
export function derivedRuleId(news: Props): string | undefined {
	const destination = normalizeRule(news).destination;
	if (!isObject(destination)) return undefined;
	const { bucket, location } = destination;
	if (bucket === UNKNOWN || location === UNKNOWN) return UNKNOWN;
	if (typeof bucket !== "string" || typeof location !== "string")
		return undefined;
	const readable = `to-${bucket}-${location}`;
	if (ruleIdPattern.test(readable)) return readable;
	// Names that are not valid ids themselves (validation reports them) still get a stable id.
	return `to-${createHash("sha256").update(`${bucket}\n${location}`).digest("hex").slice(0, 32)}`;
}

/**
 * The rule id `check` stores: the user's; else the one this resource already has, as long as what the
 * id is derived from did not change (ids drawn at random by version 0.1 stay, with no replacement);
 * else the derived one (a changed destination replaces the rule, and the diff shows the new id).
 */
export function ruleIdFor(olds: Props, news: Props): unknown {
	if (news.ruleId !== undefined) return news.ruleId;
	const derived = derivedRuleId(news);
	if (olds.ruleId !== undefined && derived !== UNKNOWN) {
		const before = normalizeRule(olds);
		const after = normalizeRule(news);
		if (
			before.bucket === after.bucket &&
			JSON.stringify(pair(before)) === JSON.stringify(pair(after))
		)
			return olds.ruleId;
	}
	return derived;
}

function pair(rule: Props): unknown[] {
	const d = isObject(rule.destination) ? rule.destination : {};
	return [d.bucket, d.location];
}
