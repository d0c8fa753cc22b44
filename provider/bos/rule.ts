/**
 * `bos.BucketReplicationRule`: one replication rule of a BOS bucket, by id. BOS stores rules by id
 * (`PUT ?replication&id=` creates or overwrites one rule, up to 10 per bucket), refuses to overwrite
 * an enabled rule with a disabled one, refuses two rules identical but for their id, and restarts an
 * enabled rule's replication whenever it is written again (seed 003, api-reference.md §3.5). So this
 * resource writes only when the configuration changed, and disabling an enabled rule is a
 * replacement (see diff.ts).
 */
import type { BosReplicationRule } from "@baiducloud/sdk";
import { changedKeys, clean, deepEqual } from "../core/diff";
import {
	CloudApiError,
	ConflictError,
	PreconditionError,
} from "../core/errors";
import { inOrderOf } from "../core/order";
import { PartialFailure } from "../core/partial";
import { markTaken, takenByAnother } from "../core/taken";
import type { Props, ResourceHandler } from "../core/types";
import { deleteRule, getProgress, getRule, type Target, target } from "./api";
import { outsideBatch, type WriteOutcome, writeRule } from "./batch";
import { diffRule } from "./diff";
import {
	inUserOrder,
	normalizeRule,
	pick,
	ruleConfigKeys,
	ruleIdentityKeys,
	setKeys,
} from "./normalize";
import { restartsAfter } from "./restarts";
import {
	maxRulesPerBucket,
	type RuleConfig,
	type RuleInputs,
	ruleBody,
} from "./schema";
import { validateRule } from "./validate";

const ruleType = "BosBucketReplicationRule";

const inputKeys = [
	...ruleIdentityKeys,
	...ruleConfigKeys,
	"adopt",
	"replicationRestarts",
];

export function configOf(props: object): RuleConfig {
	return pick(props, ruleConfigKeys) as unknown as RuleConfig;
}

/** A rule as BOS returns it, in the normalized configuration shape. */
export function liveConfig(rule: BosReplicationRule): RuleConfig {
	return configOf(normalizeRule({ ...rule }));
}

/** The stored (checked) inputs or outputs of a rule, normalized. */
function ruleOf(props: Props): RuleInputs {
	return normalizeRule(props) as unknown as RuleInputs;
}

function targetOf(rule: RuleInputs): Target {
	return target(rule.region, rule.bucket, rule.ruleId);
}

/**
 * The set-like lists of `config` (sorted) in the order `like` has them: outputs keep the order of the
 * inputs, and `read` the order of the stored outputs, so that after a refresh the engine's diff of old
 * and new inputs shows no reordering (core/order.ts).
 */
function listsInOrderOf(config: object, like: Props): Props {
	const out: Props = {};
	for (const k of setKeys) out[k] = inOrderOf((config as Props)[k], like[k]);
	return out;
}

const resourceId = (rule: RuleInputs) => `${rule.bucket}/${rule.ruleId}`;

function valuesOf(config: Props, keys: string[]): string {
	return keys.map((k) => `${k} ${JSON.stringify(config[k])}`).join(", ");
}

/** BOS refuses a rule identical to another one but for its id; name that rule before writing. */
function assertNoTwin(
	t: Target,
	rules: readonly BosReplicationRule[],
	rule: RuleInputs,
): void {
	const desired = configOf(rule);
	const twin = rules.find(
		(r) => r.id !== rule.ruleId && deepEqual(liveConfig(r), desired),
	);
	if (twin) {
		throw new ConflictError(
			t.context,
			`BOS refuses this rule: it is identical to rule "${twin.id}" on the same bucket except for its id`,
			`Change the rule, or manage rule "${twin.id}" instead (ruleId "${twin.id}": an identical rule is taken over without a write)`,
		);
	}
}

function assertRoom(t: Target, rules: readonly BosReplicationRule[]): void {
	if (rules.length >= maxRulesPerBucket) {
		throw new PreconditionError(
			t.context,
			`the bucket already has ${rules.length} replication rules (${rules.map((r) => r.id).join(", ")}); BOS allows ${maxRulesPerBucket}`,
			"Delete a rule first",
		);
	}
}

/**
 * A source bucket that does not exist, worded as COS and OSS word it (their preconditions.ts): seen
 * through the CLI, BOS alone said "ListBucketReplication failed" without saying which bucket was missing.
 */
function missingSource(
	t: Target,
	rule: RuleInputs,
	error: unknown,
): PreconditionError | undefined {
	if (
		!(error instanceof CloudApiError) ||
		error.code !== "NoSuchBucket" ||
		error.operation !== "ListBucketReplication"
	)
		return undefined;
	return new PreconditionError(
		t.context,
		`the source bucket "${rule.bucket}" does not exist in ${rule.region} (ListBucketReplication: BOS code NoSuchBucket, request id ${error.requestId ?? "none"})`,
		"Create it first (`bos.Bucket`, and pass its `bucket` output so Pulumi orders the two), or fix bucket and region",
	);
}

/** The rule to PUT: the body BOS takes (schema.ts), in the shape BOS lists it. */
function bodyOf(rule: RuleInputs): BosReplicationRule {
	return ruleBody(rule.ruleId, configOf(rule)) as BosReplicationRule;
}

/**
 * Outputs: the applied inputs, then what BOS computed, from the rule as listed before (no write) or as
 * read back after the write. `live` is left to `read`. A failure here comes after the write (or after
 * taking an existing rule), so it is a partial failure.
 */
async function outputsFor(
	t: Target,
	rule: RuleInputs,
	inputs: Props,
	outcome: WriteOutcome,
): Promise<Props> {
	try {
		const stored = outcome.written ? await outcome.readBack : outcome.listed;
		if (!stored) {
			throw new ConflictError(
				t.context,
				"the rule was written but is gone when read back",
				"Another process deletes rules on this bucket; run `pulumi up` again",
			);
		}
		// Only the two fields are kept while the progress request is in flight.
		const { createTime, destRegion } = stored;
		const progress = await getProgress(t, rule.ruleId);
		return clean({
			__resource: ruleType,
			schemaVersion: 1,
			...pick(rule, inputKeys),
			...listsInOrderOf(rule, inputs),
			createTime,
			destRegion,
			progress,
		});
	} catch (error) {
		// Written but not verified: record the rule anyway, so that it is never orphaned.
		throw new PartialFailure(error, resourceId(rule), {
			...inputs,
			__resource: ruleType,
			schemaVersion: 1,
		});
	}
}

const rule: ResourceHandler = {
	async check(olds, news) {
		const normalized = normalizeRule(news);
		const failures = validateRule(normalized);
		if (failures.length) return { failures };
		normalized.replicationRestarts = restartsAfter(olds, normalized);
		// Lists in the user's order, so that an appended entry previews as one `+` (diff sorts them).
		return {
			inputs: { __resource: ruleType, ...normalized, ...inUserOrder(news) },
		};
	},

	async diff(_id, olds, news) {
		return diffRule(olds, news);
	},

	/**
	 * LIST, then PUT, LIST (the read-back) and GET progress, the LISTs shared with the creates and
	 * updates of the same bucket that run at the same time (batch.ts). An existing rule with this id is
	 * taken, with no write, only when it is identical; otherwise the error names what differs.
	 */
	async create(inputs) {
		const desired = ruleOf(inputs);
		const t = targetOf(desired);
		const outcome = await writeRule({
			t,
			ruleId: desired.ruleId,
			holds: (rule) => deepEqual(liveConfig(rule), configOf(desired)),
			decide(rules) {
				const existing = rules.find((r) => r.id === desired.ruleId);
				if (existing) {
					const live = liveConfig(existing) as unknown as Props;
					const differs = changedKeys(
						live,
						configOf(desired) as unknown as Props,
					);
					if (differs.length) {
						throw new ConflictError(
							t.context,
							`a rule with this id already exists and differs: on BOS ${valuesOf(live, differs)}; it may belong to another resource of this stack, to another stack, or to a tool outside Pulumi`,
							"If another resource declares the same ruleId, give one of them another ruleId. To manage the existing rule here instead, make the program match it",
						);
					}
					// Identical: this resource's own earlier write (a lost answer, an interrupted run), taken
					// with no write (core/ownership.ts).
					markTaken("bos", desired.bucket, desired.ruleId);
					return "unchanged";
				}
				assertNoTwin(t, rules, desired);
				assertRoom(t, rules);
				return bodyOf(desired);
			},
		}).catch((error: unknown) => {
			throw missingSource(t, desired, error) ?? error;
		});
		return {
			id: resourceId(desired),
			outs: await outputsFor(t, desired, inputs, outcome),
		};
	},

	/** GET and GET progress; `{}` only when BOS says the rule (or its bucket) does not exist. */
	async read(id, props) {
		const stored = ruleOf(props);
		const t = targetOf(stored);
		const found = await outsideBatch(stored.bucket, () =>
			getRule(t, stored.ruleId),
		);
		if (!found) return {};
		const progress = await getProgress(t, stored.ruleId);
		if (!progress) return {};
		const live = liveConfig(found);
		return {
			id,
			props: clean({
				...props,
				createTime: found.createTime,
				destRegion: found.destRegion,
				progress,
				live,
			}),
			inputs: clean({
				__resource: ruleType,
				...pick(stored, ruleIdentityKeys),
				...live,
				...listsInOrderOf(live, props),
				adopt: stored.adopt,
				replicationRestarts: stored.replicationRestarts,
			}),
		};
	},

	/**
	 * LIST, then PUT, LIST (the read-back) and GET progress, the LISTs shared as in `create`; no PUT
	 * (so no restart) when BOS already has exactly this configuration.
	 */
	async update(_id, _olds, news) {
		const desired = ruleOf(news);
		const t = targetOf(desired);
		const outcome = await writeRule({
			t,
			ruleId: desired.ruleId,
			holds: (rule) => deepEqual(liveConfig(rule), configOf(desired)),
			decide(rules) {
				const current = rules.find((r) => r.id === desired.ruleId);
				const live = current ? liveConfig(current) : undefined;
				if (live?.status === "enabled" && desired.status === "disabled") {
					throw new ConflictError(
						t.context,
						"the rule is enabled on BOS, and BOS refuses to disable an enabled rule",
						"Run `pulumi refresh`: the next `pulumi up` then replaces the rule (delete, then create it disabled)",
					);
				}
				if (live && deepEqual(live, configOf(desired))) return "unchanged";
				assertNoTwin(t, rules, desired);
				if (!current) assertRoom(t, rules);
				return bodyOf(desired);
			},
		});
		return { outs: await outputsFor(t, desired, news, outcome) };
	},

	/** DELETE by id: only this rule; already gone is fine. */
	async delete(_id, props) {
		const stored = ruleOf(props);
		// Renamed without aliases: the new resource took this rule in this run (core/taken.ts).
		if (takenByAnother("bos", stored.bucket, stored.ruleId)) return;
		await outsideBatch(stored.bucket, () =>
			deleteRule(targetOf(stored), stored.ruleId),
		);
	},
};

export const ruleHandlers: Record<string, ResourceHandler> = {
	[ruleType]: rule,
};
