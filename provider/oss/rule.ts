/**
 * `oss.BucketReplicationRule`: one OSS replication rule. OSS adds one rule per call, allows one rule
 * per source and destination pair, edits nothing but RTC, and deletes asynchronously (reference §2.5,
 * §2.7). So: RTC updates in place, anything else replaces the rule (delete first, waiting until the old
 * rule is gone), and create takes an existing rule only when it is identical, rule id included (its own
 * earlier write: core/ownership.ts).
 */
import { changedKeys, clean, planDiff } from "../core/diff";
import { ConflictError, type ErrorContext } from "../core/errors";
import { inOrderOf } from "../core/order";
import { sharedRead } from "../core/shared";
import { markTaken, takenByAnother } from "../core/taken";
import type { Props, ResourceHandler } from "../core/types";
import { BucketApi, failedWith } from "./api";
import { inUserOrder, isObject, normalizeRule } from "./normalize";
import { checkPreconditions, missingBucket } from "./preconditions";
import { ruleIdFor } from "./ruleId";
import {
	OSS_RULE,
	type RuleConfig,
	type RuleInputs,
	type RuleProgress,
	ruleConfigKeys,
	ruleReplaceKeys,
} from "./schema";
import { validateRule } from "./validate";
import { waitUntilGone } from "./wait";
import { type LiveRule, pickConfig } from "./wire";

export const ruleHandler: ResourceHandler = {
	async check(olds, news) {
		// Never "the first rule of the bucket" (mission-anchors.md #16): see ruleId.ts.
		const ruleId = ruleIdFor(olds, news);
		const inputs = {
			__resource: OSS_RULE,
			...normalizeRule({ ...news, ruleId }),
			// Lists in the user's order, so that an appended entry previews as one `+` (diff sorts them).
			...inUserOrder(news),
		};
		const failures = validateRule(inputs, news);
		return failures.length ? { inputs, failures } : { inputs };
	},

	async diff(_id, olds, news) {
		// `adopt` no longer steers anything (sdk/oss.ts): not a change, as on COS and BOS, so that a
		// preview never lists an update that does nothing.
		const { adopt: _was, ...applied } = normalizeRule(olds);
		const { adopt: _is, ...desired } = normalizeRule(news);
		return planDiff({
			applied,
			live: isObject(olds.live) ? withLive(applied, olds.live) : undefined,
			desired,
			replaceKeys: ruleReplaceKeys,
			// The new rule has the same source, rule id and often the same destination: OSS refuses it
			// until the old one is gone.
			deleteBeforeReplace: true,
		});
	},

	async create(inputs) {
		const rule = normalizeRule(inputs) as unknown as RuleInputs;
		const source = sourceApi(rule);
		const desired = pickConfig(rule as unknown as Props);
		const existing = (await rulesOfSource(source)).find(
			(r) =>
				r.config.ruleId === rule.ruleId ||
				r.config.destination.bucket === rule.destination.bucket,
		);
		if (existing?.status === "closing") {
			// Deleted out of band or by an earlier run: OSS refuses the pair until it is gone.
			await waitUntilGone(
				source,
				(r) => r.config.ruleId === existing.config.ruleId,
				rule.deleteTimeoutSeconds,
				`the closing rule "${existing.config.ruleId}" to destination "${existing.config.destination.bucket}"`,
			);
		} else if (existing) {
			adoptable(source.context, rule, existing, desired);
			markTaken("oss", rule.bucket, rule.ruleId);
			return created(rule, inputs, { status: existing.status });
		}
		await checkPreconditions(rule, source);
		try {
			await source.addRule(desired);
		} catch (error) {
			// A retry after a lost answer finds the rule its first attempt added: that is success.
			const mine = failedWith(
				error,
				"BucketReplicationAlreadyExist",
				"InvalidArgument",
			)
				? (await source.getRules()).find((r) => r.config.ruleId === rule.ruleId)
				: undefined;
			if (
				mine &&
				!changedKeys(
					mine.config as unknown as Props,
					desired as unknown as Props,
				).length
			)
				return created(rule, inputs, { status: mine.status });
			if (failedWith(error, "BucketReplicationAlreadyExist"))
				throw new ConflictError(
					source.context,
					`a rule to destination "${rule.destination.bucket}" appeared while this one was being created`,
					"Run `pulumi refresh` and `pulumi up` again; if another tool manages that rule, remove one of the two",
				);
			throw error;
		}
		// OSS reports a new rule as `starting` (reference §2.5); `read` updates it.
		return created(rule, inputs, { status: "starting" });
	},

	async read(_id, props) {
		const applied = normalizeRule(props);
		const rule = applied as unknown as RuleInputs;
		const source = sourceApi(rule);
		let found: LiveRule | undefined;
		try {
			// Shared with concurrent reads of the same source bucket (refresh; core/shared.ts).
			const rules = await sharedRead(
				`oss/${source.region}/${source.bucket}/replication`,
				() => source.getRules(),
			);
			found = rules.find((r) => r.config.ruleId === rule.ruleId);
		} catch (error) {
			if (failedWith(error, "NoSuchBucket")) return {};
			throw error;
		}
		// Absent, or closing (deleted and on its way out): gone for good.
		if (!found || found.status === "closing") return {};
		let progress: RuleProgress = {};
		if (found.status === "doing") {
			try {
				progress = await source.getProgress(rule.ruleId);
			} catch (error) {
				if (
					failedWith(
						error,
						"NoSuchReplicationRule",
						"NoSuchReplicationConfiguration",
					)
				)
					return {};
				throw error;
			}
		}
		return {
			id: ruleResourceId(rule),
			props: outputs(listsInOrderOf(applied, props), {
				status: found.status,
				progress,
				live: found.config,
			}),
			// Non-cloud inputs (bucket, region, adopt, deleteTimeoutSeconds) stay as applied.
			inputs: clean({
				__resource: OSS_RULE,
				...listsInOrderOf(withLive(applied, found.config), props),
			}),
		};
	},

	async update(_id, olds, news) {
		const applied = normalizeRule(olds);
		const desired = normalizeRule(news) as unknown as RuleInputs;
		// RTC is the only field a diff sends here (PutBucketRTC); the cloud's value is the live one if
		// a refresh saw it, else the one last applied.
		const current = isObject(olds.live) ? olds.live.rtc : applied.rtc;
		if (desired.rtc !== current)
			await sourceApi(desired).putRtc(desired.ruleId, desired.rtc);
		return {
			outs: outputs(listsInOrderOf(desired as unknown as Props, news), {
				status: typeof olds.status === "string" ? olds.status : undefined,
				progress: isObject(olds.progress)
					? (olds.progress as RuleProgress)
					: undefined,
			}),
		};
	},

	async delete(_id, props) {
		const rule = normalizeRule(props) as unknown as RuleInputs;
		// Renamed without aliases: the new resource took this rule in this run (core/taken.ts).
		if (takenByAnother("oss", rule.bucket, rule.ruleId)) return;
		const source = sourceApi(rule);
		try {
			await source.deleteRule(rule.ruleId);
		} catch (error) {
			if (
				failedWith(
					error,
					"NoSuchBucket",
					"NoSuchReplicationRule",
					"NoSuchReplicationConfiguration",
				)
			)
				return;
			throw error;
		}
		await waitUntilGone(
			source,
			(r) => r.config.ruleId === rule.ruleId,
			rule.deleteTimeoutSeconds,
			`the deleted rule "${rule.ruleId}"`,
		);
	},
};

function sourceApi(rule: RuleInputs): BucketApi {
	const context: ErrorContext = {
		cloud: "oss",
		bucket: rule.bucket,
		ruleId: rule.ruleId,
	};
	return new BucketApi(rule.bucket, rule.region, context);
}

/**
 * GetBucketReplication of the source; a missing source bucket, or one in another region, is a
 * precondition, not an API error.
 */
async function rulesOfSource(source: BucketApi): Promise<LiveRule[]> {
	try {
		return await source.getRules();
	} catch (error) {
		throw (
			missingBucket(
				source,
				"source",
				"bucket and region",
				"GetBucketReplication",
				error,
			) ?? error
		);
	}
}

/**
 * The pair (or the rule id) already has a rule. It becomes this resource only when it is identical,
 * rule id included; otherwise fail naming it and what differs.
 */
function adoptable(
	context: ErrorContext,
	rule: RuleInputs,
	existing: LiveRule,
	desired: RuleConfig,
): void {
	const id = existing.config.ruleId;
	const differs = changedKeys(
		existing.config as unknown as Props,
		desired as unknown as Props,
	);
	const what =
		existing.config.destination.bucket === rule.destination.bucket
			? `the bucket already has rule "${id}" to destination "${rule.destination.bucket}" (OSS allows one rule per source and destination)`
			: `rule id "${id}" is already used by a rule to destination "${existing.config.destination.bucket}"`;
	// Identical, rule id included: this resource's own earlier write (core/ownership.ts).
	if (differs.length)
		throw new ConflictError(
			context,
			`${what}, and it differs in ${differs.join(", ")}; it may belong to another resource of this stack, to another stack, or to a tool outside Pulumi`,
			`If another resource declares the same destination, keep one of the two. To manage the existing rule here instead, delete it, or make this resource identical to it (ruleId: "${id}")`,
		);
}

/** The applied inputs with the cloud-side fields replaced by the live ones. */
function withLive(applied: Props, live: object): Props {
	const out: Props = { ...applied };
	for (const k of ruleConfigKeys) out[k] = (live as Props)[k];
	return clean(out);
}

function ruleResourceId(rule: RuleInputs): string {
	return `${rule.bucket}:${rule.ruleId}`;
}

/** `inputs`: what `check` stored, whose list order the outputs keep. */
function created(
	rule: RuleInputs,
	inputs: Props,
	computed: { status: string },
) {
	return {
		id: ruleResourceId(rule),
		outs: outputs(listsInOrderOf(rule as unknown as Props, inputs), computed),
	};
}

/**
 * `config` (normalized: prefixes and tags sorted) with those lists in the order `like` has them:
 * outputs keep the order of the inputs, and `read` the order of the stored outputs, so that after a
 * refresh the engine's diff of old and new inputs shows no reordering (core/order.ts).
 */
function listsInOrderOf(config: Props, like: Props): Props {
	const out: Props = {
		...config,
		prefixes: inOrderOf(config.prefixes, like.prefixes),
	};
	const tags = config.userTaggings;
	const likeTags = like.userTaggings;
	if (isObject(tags) && isObject(likeTags))
		out.userTaggings = {
			...tags,
			userTagging: inOrderOf(tags.userTagging, likeTags.userTagging),
		};
	return out;
}

/**
 * The JSON-clean outputs: the applied normalized inputs, the computed status and progress, and `live`
 * (the configuration `read` last saw; absent after a write until the next refresh).
 */
function outputs(
	inputs: Props,
	computed: { status?: string; progress?: RuleProgress; live?: RuleConfig },
): Props {
	return clean({
		__resource: OSS_RULE,
		schemaVersion: 1,
		...inputs,
		status: computed.status,
		progress: computed.progress,
		live: computed.live,
	});
}
