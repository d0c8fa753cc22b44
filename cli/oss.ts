/**
 * OSS: one `oss.BucketReplicationRule` per rule of the bucket. Rules that are `closing` (deleted, on
 * their way out) are left out: they cannot be managed any more.
 */
import { changedKeys } from "../provider/core/diff";
import type { Props } from "../provider/core/types";
import { BucketApi } from "../provider/oss/api";
import { location, normalizeRule } from "../provider/oss/normalize";
import { ruleHandler } from "../provider/oss/rule";
import { ruleConfigKeys } from "../provider/oss/schema";
import { type LiveRule, pickConfig } from "../provider/oss/wire";
import type { Found } from "./candidate";
import { ordered } from "./render";

/** Arguments in the order `sdk/oss.ts` documents them: the source, the rule's fields, then adoption. */
const argOrder = ["bucket", "region", ...ruleConfigKeys, "adopt"];

/** One GetBucketReplication. */
export async function discoverOss(
	bucket: string,
	region: string,
): Promise<Found> {
	const source = location(region);
	const rules = await new BucketApi(bucket, source).getRules();
	return ossCandidates(bucket, source, rules);
}

/** The declarations of `rules` (what GetBucketReplication returned, normalized). */
export function ossCandidates(
	bucket: string,
	region: string,
	rules: LiveRule[],
): Found {
	const closing = rules.filter((r) => r.status === "closing");
	return {
		candidates: rules
			.filter((r) => r.status !== "closing")
			.map((rule) => ({
				resource: "BucketReplicationRule" as const,
				name: `${bucket}-${rule.config.ruleId}`,
				args: ordered(
					{ bucket, region: location(region), ...rule.config, adopt: true },
					argOrder,
				),
				handler: ruleHandler,
				differences: (inputs: Props) =>
					changedKeys(
						rule.config as unknown as Props,
						pickConfig(normalizeRule(inputs)) as unknown as Props,
					),
			})),
		notes: closing.map(
			(r) =>
				`rule "${r.config.ruleId}" is closing (deleted, OSS is still removing it): not declared`,
		),
	};
}
