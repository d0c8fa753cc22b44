/**
 * `CosBucketReplication`: the authoritative resource. It owns the bucket's whole replication
 * document (role and every rule); an update writes the document once, destroy deletes it.
 */
import {
	clean,
	containsUnknown,
	deepEqual,
	planDiff,
	UNKNOWN,
} from "../core/diff";
import { ConflictError, type ErrorContext } from "../core/errors";
import { markTaken, takenByAnother } from "../core/taken";
import type { CheckFailure, Props, ResourceHandler } from "../core/types";
import { BucketApi, isNoSuchBucket } from "./api";
import { withBucketLock } from "./bucketLock";
import {
	comparableDocument,
	comparableRule,
	normalizeRule,
	rulesFromMap,
	rulesToMap,
	withSortedTags,
	withTagsInOrderOf,
} from "./normalize";
import { type BucketRef, ensureVersioning } from "./preconditions";
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

const type = "CosBucketReplication";
/** The keys that describe the cloud's configuration (not `adopt`, which only steers create). */
const configKeys = ["bucket", "region", "role", "rules"] as const;

/** The configuration keys of inputs or outputs (unknowns kept as they are). */
function project(props: Props): Props {
	return Object.fromEntries(configKeys.map((k) => [k, props[k]]));
}

function contextOf(props: Props): ErrorContext {
	return { cloud: "cos", bucket: String(props.bucket) };
}

/** `rules` (keyed by id) with each rule in the form diff compares (normalize.ts, comparableRule). */
function comparableRules(props: Props): Props {
	const rules = props.rules;
	if (typeof rules !== "object" || rules === null || Array.isArray(rules))
		return props;
	return {
		...props,
		rules: Object.fromEntries(
			Object.entries(rules).map(([id, rule]) => [id, comparableRule(rule)]),
		),
	};
}

/** Whether two documents hold the same rules, as COS applies them (normalize.ts, comparableRule). */
function sameDocument(a: Configuration, b: Configuration): boolean {
	return deepEqual(comparableDocument(a), comparableDocument(b));
}

/** The document to write: rules in canonical form (tags sorted, as a document read from COS). */
export function configurationOf(props: Props): Configuration {
	return {
		role: String(props.role),
		rules: rulesFromMap(props.rules).map(withSortedTags),
	};
}

/**
 * `ignoreChanges: ["rules"]` gives back the rules as this check stored them, keyed by id (rulesToMap):
 * read them as the list they came from. Any other value is checked as given.
 */
function storedRules(rules: unknown): unknown {
	if (rules === null || typeof rules !== "object" || Array.isArray(rules))
		return rules;
	return rulesFromMap(rules);
}

/** The rule `id` of stored outputs (rules keyed by id), if any. */
function storedRule(props: Props, id: string): unknown {
	const rules = props.rules;
	return typeof rules === "object" && rules !== null && !Array.isArray(rules)
		? (rules as Props)[id]
		: undefined;
}

function destinationsOf(rules: Rule[]): BucketRef[] {
	return rules.map((r) => ({
		bucket: r.destination.bucket,
		region: r.destination.region,
	}));
}

function outputs(inputs: Props): Props {
	return clean({
		__resource: type,
		schemaVersion: 1,
		...project(inputs),
		adopt: inputs.adopt === true,
	});
}

export const bucketReplication: ResourceHandler = {
	async check(_olds, written) {
		const news = withTrimmedRegions(written);
		const failures: CheckFailure[] = [];
		validateBucket(failures, "bucket", news.bucket, news.region);
		validateRegion(failures, "region", news.region);
		validateRole(failures, news.role);
		validateAdopt(failures, news.adopt);
		const rules = storedRules(news.rules);
		if (rules !== UNKNOWN) {
			if (!Array.isArray(rules) || rules.length === 0) {
				failures.push({
					property: "rules",
					reason:
						"rules must list at least one rule (to remove replication, delete the resource)",
				});
			} else {
				rules.forEach((r, i) => {
					validateRule(failures, `rules[${i}]`, r, "id", news.bucket);
				});
			}
		}
		if (failures.length) return { failures };
		if (containsUnknown(news)) return { inputs: { ...news, __resource: type } };
		// Checked in the user's order, so that failures name the user's positions.
		const normalized = (rules as Props[]).map((r) => normalizeRule(r));
		const setFailures = validateRuleSet(normalized, (i) => `rules[${i}]`);
		if (setFailures.length) return { failures: setFailures };
		return {
			inputs: {
				__resource: type,
				bucket: news.bucket,
				region: news.region,
				role: news.role,
				// Filter tags in the user's order; diff compares them as a set.
				rules: rulesToMap(
					(rules as Props[]).map((r) => normalizeRule(r, "id", false)),
				),
				adopt: news.adopt === true,
			},
		};
	},

	async diff(_id, olds, news) {
		const applied = comparableRules(project(olds));
		const desired = comparableRules(project(news));
		const live = olds.live as Props | undefined;
		return planDiff({
			applied,
			desired,
			live: live && comparableRules(live),
			replaceKeys: ["bucket", "region"],
			deleteBeforeReplace: applied.bucket === desired.bucket,
		});
	},

	async create(inputs) {
		const context = contextOf(inputs);
		const desired = configurationOf(inputs);
		const bucket = String(inputs.bucket);
		const region = String(inputs.region);
		const api = new BucketApi(bucket, region, context);
		const existing = await api.getReplication();
		// An identical configuration is adopted without a write: it is already what we want (our own
		// earlier write after a lost answer, or an interrupted run).
		if (existing && sameDocument(existing, desired)) {
			// A delete later in this run (the old resource, renamed without aliases) leaves it (core/taken.ts).
			markTaken("cos-document", bucket, "");
			return { id: bucket, outs: outputs(inputs) };
		}
		await ensureVersioning(
			context,
			{ bucket, region },
			destinationsOf(desired.rules),
		);
		await rewriteDocument(api, {
			intent: "this resource's whole document",
			next(current) {
				if (current && sameDocument(current, desired)) return "unchanged";
				if (current && inputs.adopt !== true) {
					throw new ConflictError(
						context,
						`the bucket already has a replication configuration that differs from this resource's (rules ${ruleIdList(current.rules)}); it may belong to another stack or to a tool outside Pulumi`,
						"Set `adopt: true` on this BucketReplication to take it over (its document is replaced by this resource's), or remove that configuration first",
					);
				}
				return desired;
			},
			holds: (after) => after !== undefined && sameDocument(after, desired),
		});
		if (existing) markTaken("cos-document", bucket, "");
		return { id: bucket, outs: outputs(inputs) };
	},

	async read(id, props) {
		const api = new BucketApi(
			String(props.bucket),
			String(props.region),
			contextOf(props),
		);
		let live: Configuration | undefined;
		try {
			live = await api.getReplicationShared();
		} catch (error) {
			if (isNoSuchBucket(error)) return {};
			throw error;
		}
		if (!live) return {};
		const liveProps = clean({
			bucket: props.bucket,
			region: props.region,
			role: live.role,
			// Tags in the stored order, as `check` keeps them (normalize.ts).
			rules: rulesToMap(
				live.rules.map((r) => withTagsInOrderOf(r, storedRule(props, r.id))),
			),
		});
		return {
			id,
			props: { ...props, live: liveProps },
			inputs: { __resource: type, ...liveProps, adopt: props.adopt === true },
		};
	},

	async update(_id, olds, news) {
		const context = contextOf(news);
		const bucket = String(news.bucket);
		const desired = configurationOf(news);
		const applied = destinationsOf(rulesFromMap(olds.rules));
		const known = new Set(applied.map((d) => d.bucket));
		const added = destinationsOf(desired.rules).filter(
			(d) => !known.has(d.bucket),
		);
		if (added.length) await ensureVersioning(context, undefined, added);
		await rewriteDocument(new BucketApi(bucket, String(news.region), context), {
			intent: "this resource's whole document",
			next: (current) =>
				current && sameDocument(current, desired) ? "unchanged" : desired,
			holds: (after) => after !== undefined && sameDocument(after, desired),
		});
		return { outs: outputs(news) };
	},

	async delete(_id, props) {
		const bucket = String(props.bucket);
		// Renamed without aliases: the new resource took this document in this run (core/taken.ts).
		if (takenByAnother("cos-document", bucket, "")) return;
		await withBucketLock(bucket, () =>
			new BucketApi(
				bucket,
				String(props.region),
				contextOf(props),
			).deleteReplication(),
		);
	},
};
