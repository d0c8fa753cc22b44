/**
 * `CosBucketReplicationRule`: one rule, non-authoritative. COS has one document per bucket and
 * PUT replaces all of it (doc 19223), so create, update and delete read the document, change only
 * this rule and write it back, under a per-bucket lock in this process, re-reading inside the lock.
 * Rules owned by others survive; deleting the last rule deletes the document.
 */
import { clean, containsUnknown, deepEqual, planDiff } from "../core/diff";
import { ConflictError, type ErrorContext } from "../core/errors";
import type { CheckFailure, Props, ResourceHandler } from "../core/types";
import { BucketApi, isNoSuchBucket } from "./api";
import { withBucketLock } from "./bucketLock";
import { normalizeRule, sortRules } from "./normalize";
import { ensureVersioning } from "./preconditions";
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
			`this rule does not fit beside the bucket's other rules (${ruleIdList(others)}): ${failures.map((f) => f.reason).join("; ")}`,
			"Change this rule's prefix or priority, or the other rules",
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
		`Set \`role: "${current.role}"\` on this rule, or change the role of every rule on the bucket together`,
	);
}

export const bucketReplicationRule: ResourceHandler = {
	async check(_olds, news) {
		const failures: CheckFailure[] = [];
		validateBucket(failures, "bucket", news.bucket);
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
				...ruleProps(ruleOf(news)),
				adopt: news.adopt === true,
			},
		};
	},

	async diff(_id, olds, news) {
		const applied = project(olds);
		const desired = project(news);
		return planDiff({
			applied,
			desired,
			live: olds.live as Props | undefined,
			replaceKeys: ["bucket", "region", "ruleId"],
			// The replacement writes the same document: remove the old rule first, or an unchanged
			// prefix would overlap itself.
			deleteBeforeReplace: applied.bucket === desired.bucket,
		});
	},

	async create(inputs) {
		const context = contextOf(inputs);
		const bucket = String(inputs.bucket);
		const region = String(inputs.region);
		const role = String(inputs.role);
		const rule = ruleOf(inputs);
		const api = new BucketApi(bucket, region, context);
		await withBucketLock(bucket, async () => {
			const current = await api.getReplication();
			const existing = current?.rules.find((r) => r.id === rule.id);
			if (existing && inputs.adopt !== true) {
				throw new ConflictError(
					context,
					"the bucket already has a replication rule with this id",
					"Set `adopt: true` on this BucketReplicationRule to take that rule over (it is rewritten to this resource's settings), or choose another ruleId",
				);
			}
			if (current && current.role !== role)
				throw roleConflict(context, current, role);
			if (existing && deepEqual(existing, rule)) return;
			const others = current?.rules.filter((r) => r.id !== rule.id) ?? [];
			const merged = mergedWith(context, role, others, rule);
			await ensureVersioning(context, { bucket, region }, [rule.destination]);
			await api.putReplication(merged);
		});
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
			current = await api.getReplication();
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
			...ruleProps(rule),
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
		await withBucketLock(bucket, async () => {
			const current = await api.getReplication();
			const others = current?.rules.filter((r) => r.id !== rule.id) ?? [];
			// Changing the role is ours to do only when no other rule shares the document.
			if (current && others.length && current.role !== role)
				throw roleConflict(context, current, role);
			const merged = mergedWith(context, role, others, rule);
			if (current && deepEqual(current, merged)) return;
			const oldDestination = (
				olds.destination as Rule["destination"] | undefined
			)?.bucket;
			if (rule.destination.bucket !== oldDestination)
				await ensureVersioning(context, undefined, [rule.destination]);
			await api.putReplication(merged);
		});
		return { outs: outputs(news) };
	},

	async delete(_id, props) {
		const context = contextOf(props);
		const bucket = String(props.bucket);
		const api = new BucketApi(bucket, String(props.region), context);
		await withBucketLock(bucket, async () => {
			let current: Configuration | undefined;
			try {
				current = await api.getReplication();
			} catch (error) {
				if (isNoSuchBucket(error)) return;
				throw error;
			}
			if (!current?.rules.some((r) => r.id === props.ruleId)) return;
			const others = current.rules.filter((r) => r.id !== props.ruleId);
			if (others.length === 0) await api.deleteReplication();
			else await api.putReplication({ role: current.role, rules: others });
		});
	},
};
