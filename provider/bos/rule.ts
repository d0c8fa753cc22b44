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
import { ConflictError, PreconditionError } from "../core/errors";
import { withLock } from "../core/lock";
import { PartialFailure } from "../core/partial";
import type { Props, ResourceHandler } from "../core/types";
import {
	deleteRule,
	getProgress,
	getRule,
	listRules,
	putRule,
	type Target,
	target,
} from "./api";
import { diffRule } from "./diff";
import {
	inUserOrder,
	normalizeRule,
	pick,
	ruleConfigKeys,
	ruleIdentityKeys,
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

const resourceId = (rule: RuleInputs) => `${rule.bucket}/${rule.ruleId}`;

function valuesOf(config: Props, keys: string[]): string {
	return keys.map((k) => `${k} ${JSON.stringify(config[k])}`).join(", ");
}

/** BOS refuses a rule identical to another one but for its id; name that rule before writing. */
function assertNoTwin(
	t: Target,
	rules: BosReplicationRule[],
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
			`Change the rule, or manage rule "${twin.id}" instead (ruleId "${twin.id}" with adopt: true)`,
		);
	}
}

function assertRoom(t: Target, rules: BosReplicationRule[]): void {
	if (rules.length >= maxRulesPerBucket) {
		throw new PreconditionError(
			t.context,
			`the bucket already has ${rules.length} replication rules (${rules.map((r) => r.id).join(", ")}); BOS allows ${maxRulesPerBucket}`,
			"Delete a rule first",
		);
	}
}

/**
 * Outputs: the applied inputs, then what BOS computed (`written` when already fetched). `live` is
 * left to `read`. A failure here comes after the write, so it is a partial failure.
 */
async function outputsFor(
	t: Target,
	rule: RuleInputs,
	inputs: Props,
	written?: BosReplicationRule,
): Promise<Props> {
	try {
		const stored = written ?? (await getRule(t, rule.ruleId));
		if (!stored) {
			throw new ConflictError(
				t.context,
				"the rule was written but is gone when read back",
				"Another process deletes rules on this bucket; run `pulumi up` again",
			);
		}
		const progress = await getProgress(t, rule.ruleId);
		return clean({
			__resource: ruleType,
			schemaVersion: 1,
			...pick(rule, inputKeys),
			createTime: stored.createTime,
			destRegion: stored.destRegion,
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
	 * LIST, then PUT, GET and GET progress. An existing rule with this id is taken, with no write, only
	 * when it is identical; otherwise the error names what differs.
	 */
	async create(inputs) {
		const desired = ruleOf(inputs);
		const t = targetOf(desired);
		return withLock(`bos/${desired.bucket}`, async () => {
			const rules = await listRules(t);
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
				return {
					id: resourceId(desired),
					outs: await outputsFor(t, desired, inputs, existing),
				};
			}
			assertNoTwin(t, rules, desired);
			assertRoom(t, rules);
			await putRule(
				t,
				desired.ruleId,
				ruleBody(desired.ruleId, configOf(desired)),
			);
			return {
				id: resourceId(desired),
				outs: await outputsFor(t, desired, inputs),
			};
		});
	},

	/** GET and GET progress; `{}` only when BOS says the rule (or its bucket) does not exist. */
	async read(id, props) {
		const stored = ruleOf(props);
		const t = targetOf(stored);
		const found = await getRule(t, stored.ruleId);
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
				adopt: stored.adopt,
				replicationRestarts: stored.replicationRestarts,
			}),
		};
	},

	/**
	 * LIST, then PUT, GET and GET progress; no PUT (so no restart) when BOS already has exactly this
	 * configuration.
	 */
	async update(_id, _olds, news) {
		const desired = ruleOf(news);
		const t = targetOf(desired);
		return withLock(`bos/${desired.bucket}`, async () => {
			const rules = await listRules(t);
			const current = rules.find((r) => r.id === desired.ruleId);
			const live = current ? liveConfig(current) : undefined;
			if (live?.status === "enabled" && desired.status === "disabled") {
				throw new ConflictError(
					t.context,
					"the rule is enabled on BOS, and BOS refuses to disable an enabled rule",
					"Run `pulumi refresh`: the next `pulumi up` then replaces the rule (delete, then create it disabled)",
				);
			}
			if (live && deepEqual(live, configOf(desired))) {
				return { outs: await outputsFor(t, desired, news, current) };
			}
			assertNoTwin(t, rules, desired);
			if (!current) assertRoom(t, rules);
			await putRule(
				t,
				desired.ruleId,
				ruleBody(desired.ruleId, configOf(desired)),
			);
			return { outs: await outputsFor(t, desired, news) };
		});
	},

	/** DELETE by id: only this rule; already gone is fine. */
	async delete(_id, props) {
		const stored = ruleOf(props);
		await deleteRule(targetOf(stored), stored.ruleId);
	},
};

export const ruleHandlers: Record<string, ResourceHandler> = {
	[ruleType]: rule,
};
