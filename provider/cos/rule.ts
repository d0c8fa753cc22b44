/**
 * `CosBucketReplicationRule`: one rule, non-authoritative. COS has one document per bucket and
 * PUT replaces all of it (doc 19223), so create, update and delete read the document, change only
 * this rule and write it back, under a per-bucket lock in this process, re-reading inside the lock,
 * and read the document back to catch writers in other processes (rewrite.ts). Rules owned by others
 * survive; deleting the last rule deletes the document. An identical rule with this id is this
 * resource's own earlier write and is recorded without a write (core/ownership.ts).
 */
import {
	changedKeys,
	clean,
	containsUnknown,
	deepEqual,
	planDiff,
} from "../core/diff";
import { ConflictError, type ErrorContext } from "../core/errors";
import { markTaken, takenByAnother } from "../core/taken";
import type { CheckFailure, Props, ResourceHandler } from "../core/types";
import { BucketApi, isNoSuchBucket } from "./api";
import {
	comparableRule,
	normalizeRule,
	sortRules,
	withTagsInOrderOf,
} from "./normalize";
import { ensureVersioning } from "./preconditions";
import { withTrimmedRegions } from "./regions";
import { rewriteDocument } from "./rewrite";
import { type Configuration, type Rule, ruleIdList } from "./schema";
import {
	validateAdopt,
	validateBucket,
	validateRegion,
	validateRole,
	validateRule,
	validateRuleSet,
} from "./validate";

const type = "CosBucketReplicationRule";
const configKeys = [
	"bucket",
	"region",
	"role",
	"ruleId",
	"status",
	"priority",
	"prefix",
	"filter",
	"destination",
	"deleteMarkerReplication",
	"sourceSelectionCriteria",
] as const;

function project(props: Props): Props {
	return Object.fromEntries(configKeys.map((k) => [k, props[k]]));
}

/** The rule's fields in input shape (`ruleId` for the rule's `id`). */
function ruleProps(rule: Rule): Props {
	const { id, ...fields } = rule;
	return { ruleId: id, ...fields };
}

function ruleOf(props: Props): Rule {
	return normalizeRule(props, "ruleId");
}

function contextOf(props: Props): ErrorContext {
	return {
		cloud: "cos",
		bucket: String(props.bucket),
		ruleId: String(props.ruleId),
	};
}

function outputs(inputs: Props): Props {
	return clean({
		__resource: type,
		schemaVersion: 1,
		...project(inputs),
		adopt: inputs.adopt === true,
	});
}

/** The rule must fit beside the others (ids, priorities, overlapping prefixes): COS would refuse it. */
function mergedWith(
	context: ErrorContext,
	role: string,
	others: Rule[],
	rule: Rule,
): Configuration {
	const rules = sortRules([...others, rule]);
	const failures = validateRuleSet(rules, (i) => `rule "${rules[i].id}"`);
	if (failures.length) {
		throw new ConflictError(
			context,
			// Without the `rule "x": ` each reason starts with: the reasons name their rules already.
			`this rule does not fit beside the bucket's other rules (${ruleIdList(others)}): ${failures.map((f) => f.reason.replace(/^rule "[^"]*"(\.\w+)?: /, "")).join("; ")}`,
			"Change this rule's prefix, priority or destination, or the other rules",
		);
	}
	return { role, rules };
}

function roleConflict(
	context: ErrorContext,
	current: Configuration,
	role: string,
): ConflictError {
	return new ConflictError(
		context,
		`the bucket's replication role is "${current.role}" (rules ${ruleIdList(current.rules)}), this rule says "${role}"; a bucket has one role for all its rules and this resource never overwrites it`,
		// Changing every rule's role in one `up` does not work: each rule finds the others still on the old role.
		`Set \`role: "${current.role}"\` on this rule. To change the bucket's role, declare its rules in one \`cos.BucketReplication\` (it writes the whole document), or delete the rules and create them again with the new role`,
	);
}

export const bucketReplicationRule: ResourceHandler = {
	async check(_olds, written) {
		const news = withTrimmedRegions(written);
		const failures: CheckFailure[] = [];
		validateBucket(failures, "bucket", news.bucket, news.region);
		validateRegion(failures, "region", news.region);
		validateRole(failures, news.role);
		validateAdopt(failures, news.adopt);
		validateRule(failures, "", news, "ruleId", news.bucket);
		if (failures.length) return { failures };
		if (containsUnknown(news)) return { inputs: { ...news, __resource: type } };
		return {
			inputs: {
				__resource: type,
				bucket: news.bucket,
				region: news.region,
				role: news.role,
				// Filter tags in the user's order; diff compares them as a set.
				...ruleProps(normalizeRule(news, "ruleId", false)),
				adopt: news.adopt === true,
			},
		};
	},

	async diff(_id, olds, news) {
		const applied = comparableRule(project(olds));
		const desired = comparableRule(project(news));
		const live = olds.live as Props | undefined;
		return planDiff({
			applied,
			desired,
			live: live && comparableRule(live),
			replaceKeys: ["bucket", "region", "ruleId"],
			// The replacement writes the same document: remove the old rule first, or an unchanged
			// prefix would overlap itself.
			deleteBeforeReplace: applied.bucket === desired.bucket,
		});
	},

	/** Preconditions, then the read-modify-write of the document, read back (rewrite.ts). */
	async create(inputs) {
		const context = contextOf(inputs);
		const bucket = String(inputs.bucket);
		const region = String(inputs.region);
		const role = String(inputs.role);
		const rule = ruleOf(inputs);
		const api = new BucketApi(bucket, region, context);
		await ensureVersioning(context, { bucket, region }, [rule.destination]);
		// A rule already there that this create takes: a delete later in this run leaves it (core/taken.ts).
		let took = false;
		await rewriteDocument(api, {
			intent: `rule "${rule.id}" as this resource declares it`,
			next(current) {
				const existing = current?.rules.find((r) => r.id === rule.id);
				took = existing !== undefined;
				if (current && current.role !== role)
					throw roleConflict(context, current, role);
				// What we would write (our own earlier write: a lost answer, an interrupted run), maybe in
				// the other prefix form, as diff compares rules (normalize.ts, comparableRule).
				if (
					existing &&
					deepEqual(comparableRule(existing), comparableRule(rule))
				)
					return "unchanged";
				if (existing && inputs.adopt !== true) {
					// Name what differs, as OSS and BOS do, so the user can tell a stale rule from a foreign one.
					const differs = changedKeys(
						existing as unknown as Props,
						rule as unknown as Props,
					);
					throw new ConflictError(
						context,
						`the bucket already has a replication rule with this id, and it differs from this resource's in ${differs.join(", ")}; it may belong to another resource of this stack, to another stack, or to a tool outside Pulumi`,
						"If another resource declares the same ruleId, give one of them another ruleId. To take the existing rule over (it is rewritten to this resource's settings), set `adopt: true`",
					);
				}
				const others = current?.rules.filter((r) => r.id !== rule.id) ?? [];
				return mergedWith(context, role, others, rule);
			},
			holds: (after) => hasRule(after, rule),
		});
		if (took) markTaken("cos", bucket, rule.id);
		return { id: `${bucket}/${rule.id}`, outs: outputs(inputs) };
	},

	async read(id, props) {
		const api = new BucketApi(
			String(props.bucket),
			String(props.region),
			contextOf(props),
		);
		let current: Configuration | undefined;
		try {
			current = await api.getReplicationShared();
		} catch (error) {
			if (isNoSuchBucket(error)) return {};
			throw error;
		}
		const rule = current?.rules.find((r) => r.id === props.ruleId);
		if (!current || !rule) return {};
		const live = clean({
			bucket: props.bucket,
			region: props.region,
			role: current.role,
			// Tags in the stored order, as `check` keeps them (normalize.ts).
			...ruleProps(withTagsInOrderOf(rule, props)),
		});
		return {
			id,
			props: { ...props, live },
			inputs: { __resource: type, ...live, adopt: props.adopt === true },
		};
	},

	async update(_id, olds, news) {
		const context = contextOf(news);
		const bucket = String(news.bucket);
		const region = String(news.region);
		const role = String(news.role);
		const rule = ruleOf(news);
		const api = new BucketApi(bucket, region, context);
		const oldDestination = (olds.destination as Rule["destination"] | undefined)
			?.bucket;
		if (rule.destination.bucket !== oldDestination)
			await ensureVersioning(context, undefined, [rule.destination]);
		await rewriteDocument(api, {
			intent: `rule "${rule.id}" as this resource declares it`,
			next(current) {
				const others = current?.rules.filter((r) => r.id !== rule.id) ?? [];
				// Changing the role is ours to do only when no other rule shares the document.
				if (current && others.length && current.role !== role)
					throw roleConflict(context, current, role);
				const merged = mergedWith(context, role, others, rule);
				return current && deepEqual(current, merged) ? "unchanged" : merged;
			},
			holds: (after) => hasRule(after, rule),
		});
		return { outs: outputs(news) };
	},

	async delete(_id, props) {
		const context = contextOf(props);
		const ruleId = String(props.ruleId);
		// Renamed without aliases: the new resource took this rule in this run (core/taken.ts).
		if (takenByAnother("cos", String(props.bucket), ruleId)) return;
		const api = new BucketApi(
			String(props.bucket),
			String(props.region),
			context,
		);
		try {
			await rewriteDocument(api, {
				intent: `no rule "${ruleId}" (this resource was deleted)`,
				next(current) {
					if (!current?.rules.some((r) => r.id === ruleId)) return "unchanged";
					const others = current.rules.filter((r) => r.id !== ruleId);
					// Deleting the last rule deletes the document.
					return others.length
						? { role: current.role, rules: others }
						: undefined;
				},
				holds: (after) => !after?.rules.some((r) => r.id === ruleId),
			});
		} catch (error) {
			if (isNoSuchBucket(error)) return;
			throw error;
		}
	},
};

/** Whether `document` has `rule`, exactly. */
function hasRule(document: Configuration | undefined, rule: Rule): boolean {
	const found = document?.rules.find((r) => r.id === rule.id);
	return found !== undefined && deepEqual(found, rule);
}
