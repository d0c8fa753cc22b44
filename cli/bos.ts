/** BOS: one `bos.BucketReplicationRule` per rule of the bucket, by id. */
import type { BosReplicationRule } from "@baiducloud/sdk";
import { listRules, target } from "../provider/bos/api";
import { normalizeRule } from "../provider/bos/normalize";
import { configOf, liveConfig, ruleHandlers } from "../provider/bos/rule";
import { changedKeys } from "../provider/core/diff";
import type { Props } from "../provider/core/types";
import type { Found } from "./candidate";

/** One ListBucketReplication. */
export async function discoverBos(
	bucket: string,
	region: string,
): Promise<Found> {
	const rules = await listRules(target(region, bucket));
	return bosCandidates(bucket, region, rules);
}

/** The declarations of `rules` (what ListBucketReplication returned). */
export function bosCandidates(
	bucket: string,
	region: string,
	rules: BosReplicationRule[],
): Found {
	return {
		candidates: rules.map((rule) => {
			const live = liveConfig(rule);
			return {
				resource: "BucketReplicationRule" as const,
				name: `${bucket}-${rule.id}`,
				// Identity first, then the configuration in the order the provider normalizes it.
				args: { region, bucket, ruleId: rule.id, ...live, adopt: true },
				handler: ruleHandlers.BosBucketReplicationRule,
				differences: (inputs: Props) =>
					changedKeys(
						live as unknown as Props,
						configOf(normalizeRule(inputs)) as unknown as Props,
					),
			};
		}),
		notes: [],
	};
}
