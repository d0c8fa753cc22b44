/**
 * The one normalization used by check, diff, create, update and read: vendor casing for enums,
 * defaults filled, destination as bucket + region, tags and rules sorted (their order carries no
 * meaning: rules are keyed by id and ranked by priority). Input must have passed validation.
 */
import { clean } from "../core/diff";
import { inOrderOf } from "../core/order";
import type { Props } from "../core/types";
import {
	type Destination,
	destinationPattern,
	type Filter,
	type Rule,
	type Status,
	type Tag,
} from "./schema";

const asObject = (v: unknown): Props =>
	typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Props) : {};
const asString = (v: unknown): string | undefined =>
	typeof v === "string" ? v : undefined;

/** "enabled" -> "Enabled"; anything else -> the fallback. */
export function normalizeStatus(value: unknown, fallback: Status): Status {
	const s = asString(value)?.toLowerCase();
	if (s === "enabled") return "Enabled";
	if (s === "disabled") return "Disabled";
	return fallback;
}

/** Tags sorted, or in the user's order (what `check` stores, so that an added tag previews as one line). */
function normalizeTags(value: unknown, sorted: boolean): Tag[] {
	const tags = (Array.isArray(value) ? value : []).map((t) => ({
		key: asString(asObject(t).key) ?? "",
		value: asString(asObject(t).value) ?? "",
	}));
	return sorted ? sortTags(tags) : tags;
}

function sortTags(tags: Tag[]): Tag[] {
	return [...tags].sort(
		(a, b) => compare(a.key, b.key) || compare(a.value, b.value),
	);
}

/**
 * A rule with its filter tags sorted, as COS returns them (COS treats tags as a set): the form this
 * package writes, and in which state stored sorted by 0.1 or in the user's order by `check` compare
 * equal. Nothing else changes: what is written keeps the form the user declared.
 */
export function withSortedTags<T>(rule: T): T {
	const filter = asObject(asObject(rule).filter);
	const and = asObject(filter.and);
	if (!Array.isArray(and.tags)) return rule;
	return {
		...rule,
		filter: { ...filter, and: { ...and, tags: sortTags(and.tags as Tag[]) } },
	};
}

/**
 * A stored rule (inputs, outputs or `live`) in the form diff and adoption compare, so that rules COS
 * applies the same compare equal however they were written (by this package, an earlier version,
 * another tool or the console): filter tags sorted, an empty `<And><Prefix>` dropped (it filters
 * nothing), and `<Filter><Prefix>` compared as the legacy `<Prefix>` (both select keys by prefix).
 * Otherwise a rule rewritten in the other form would show as drift at every refresh and `up` would
 * rewrite it. Only for comparing: a write sends the rule as declared (`withSortedTags`).
 */
export function comparableRule<T>(rule: T): T {
	const filter = asObject(asObject(rule).filter);
	if (filter.and === undefined && typeof filter.prefix === "string") {
		const { filter: _, ...rest } = rule as Props;
		return { ...rest, prefix: filter.prefix } as T;
	}
	const and = asObject(filter.and);
	if (!Array.isArray(and.tags)) return rule;
	const { prefix, ...rest } = and;
	const kept = prefix === "" ? rest : and;
	return {
		...rule,
		filter: { ...filter, and: { ...kept, tags: sortTags(and.tags as Tag[]) } },
	};
}

/** A document in the form adoption and read-backs compare (`comparableRule`). */
export function comparableDocument<T extends { rules: unknown[] }>(
	document: T,
): T {
	return { ...document, rules: document.rules.map(comparableRule) };
}

/**
 * `rule` (as read from COS: tags sorted) with its filter tags in the order `like` (the stored rule)
 * has them, when they are the same tags: `read` returns them so, and a preview after a refresh then
 * shows no reordered tags (core/order.ts).
 */
export function withTagsInOrderOf<T>(rule: T, like: unknown): T {
	const filter = asObject(asObject(rule).filter);
	const and = asObject(filter.and);
	if (!Array.isArray(and.tags)) return rule;
	const likeTags = asObject(asObject(asObject(like).filter).and).tags;
	return {
		...rule,
		filter: { ...filter, and: { ...and, tags: inOrderOf(and.tags, likeTags) } },
	};
}

/** `{prefix}` or `{and: {prefix?, tags}}`; `{prefix, tags}` and `<And>` mean the same. */
function normalizeFilter(raw: Props, sorted: boolean): Filter {
	const and = raw.and === undefined ? undefined : asObject(raw.and);
	const prefix = asString(and ? and.prefix : raw.prefix);
	const tags = normalizeTags(and ? and.tags : raw.tags, sorted);
	if (tags.length === 0) return { prefix: prefix ?? "" };
	return { and: prefix === undefined ? { tags } : { prefix, tags } };
}

/** Accepts `{bucket, region}` or `{bucket: "qcs::cos:<Region>::<BucketName-APPID>"}`. */
export function normalizeDestination(raw: Props): Destination {
	const bucket = asString(raw.bucket) ?? "";
	const match = destinationPattern.exec(bucket);
	const destination: Destination = match
		? { bucket: match[2], region: match[1] }
		: { bucket, region: asString(raw.region) ?? "" };
	const storageClass = asString(raw.storageClass);
	if (storageClass) destination.storageClass = storageClass.toUpperCase();
	const kms = asString(asObject(raw.encryptionConfiguration).replicaKmsKeyId);
	if (kms) destination.encryptionConfiguration = { replicaKmsKeyId: kms };
	return destination;
}

/**
 * One rule in canonical form. `idKey` is `ruleId` for `BucketReplicationRule` inputs. `sorted: false`
 * keeps filter tags in the user's order (for the inputs `check` stores).
 */
export function normalizeRule(
	raw: Props,
	idKey: "id" | "ruleId" = "id",
	sorted = true,
): Rule {
	const rule: Rule = {
		id: asString(raw[idKey]) ?? "",
		status: normalizeStatus(raw.status, "Enabled"),
		destination: normalizeDestination(asObject(raw.destination)),
		deleteMarkerReplication: { status: "Enabled" },
	};
	if (typeof raw.priority === "number") rule.priority = raw.priority;
	if (raw.filter !== undefined)
		rule.filter = normalizeFilter(asObject(raw.filter), sorted);
	else rule.prefix = asString(raw.prefix) ?? "";
	// COS default is Enabled ("默认值为 Enabled"), but a rule filtering on tags must have it Disabled,
	// so tags make Disabled the default.
	const tagged = (rule.filter?.and?.tags.length ?? 0) > 0;
	rule.deleteMarkerReplication.status = normalizeStatus(
		asObject(raw.deleteMarkerReplication).status,
		tagged ? "Disabled" : "Enabled",
	);
	const kms = asObject(
		asObject(raw.sourceSelectionCriteria).sseKmsEncryptedObjects,
	);
	if (kms.status !== undefined) {
		rule.sourceSelectionCriteria = {
			sseKmsEncryptedObjects: {
				status: normalizeStatus(kms.status, "Disabled"),
			},
		};
	}
	return clean(rule);
}

function compare(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/** Rules by priority (when they have one), then by id: the order a reader expects. */
export function sortRules(rules: Rule[]): Rule[] {
	return [...rules].sort(
		(a, b) => (a.priority ?? 0) - (b.priority ?? 0) || compare(a.id, b.id),
	);
}

/** Rules keyed by id, as `BucketReplication` stores them: `preview --diff` then shows each rule by id. */
export type RuleMap = Record<string, Omit<Rule, "id">>;

export function rulesToMap(rules: Rule[]): RuleMap {
	return Object.fromEntries(
		sortRules(rules).map(({ id, ...rule }) => [id, rule]),
	);
}

export function rulesFromMap(map: unknown): Rule[] {
	const entries = Object.entries((map ?? {}) as RuleMap);
	return sortRules(entries.map(([id, rule]) => ({ id, ...rule })));
}

export function normalizeRules(raw: unknown): Rule[] {
	const list = Array.isArray(raw) ? raw : [];
	return sortRules(list.map((r) => normalizeRule(asObject(r))));
}
