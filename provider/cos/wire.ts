/**
 * Conversion between the normalized configuration and the object `cos-nodejs-sdk-v5` sends and
 * returns for PUT/GET Bucket replication (api-reference.md §1.5, Appendix A). The SDK turns `Rules`
 * into repeated `<Rule>` and returns every value as a string; one `<Tag>` comes back as an object.
 */
import { deepEqual } from "../core/diff";
import type { Props } from "../core/types";
import { normalizeRule, sortRules } from "./normalize";
import { type Configuration, destinationId, type Rule } from "./schema";

type WireNode = Record<string, unknown>;

const asObject = (v: unknown): WireNode =>
	typeof v === "object" && v !== null && !Array.isArray(v)
		? (v as WireNode)
		: {};
const asList = (v: unknown): unknown[] =>
	v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v];

function tagsToWire(tags: { key: string; value: string }[]) {
	return tags.map((t) => ({ Key: t.key, Value: t.value }));
}

/**
 * Each rule read from COS, with its wire form and its normalized form at read time. A rule written
 * back unchanged is sent as it was read, optional elements and their absence included: "we change
 * only our rule" then holds to the byte (issue 11), e.g. a foreign rule without
 * `<DeleteMarkerReplication>` does not come back with `Enabled`. Keyed by the rule object, so rules
 * built from inputs never match.
 */
const readAs = new WeakMap<Rule, { wire: WireNode; rule: Rule }>();

function ruleToWire(rule: Rule): WireNode {
	const read = readAs.get(rule);
	if (read && deepEqual(read.rule, rule)) return structuredClone(read.wire);
	const out: WireNode = {};
	if (rule.id) out.ID = rule.id;
	out.Status = rule.status;
	if (rule.priority !== undefined) out.Priority = rule.priority;
	if (rule.prefix !== undefined) out.Prefix = rule.prefix;
	if (rule.filter?.and) {
		const and: WireNode = {};
		if (rule.filter.and.prefix !== undefined)
			and.Prefix = rule.filter.and.prefix;
		and.Tag = tagsToWire(rule.filter.and.tags);
		out.Filter = { And: and };
	} else if (rule.filter) {
		out.Filter = { Prefix: rule.filter.prefix ?? "" };
	}
	const destination: WireNode = { Bucket: destinationId(rule.destination) };
	if (rule.destination.storageClass)
		destination.StorageClass = rule.destination.storageClass;
	if (rule.destination.encryptionConfiguration) {
		destination.EncryptionConfiguration = {
			ReplicaKmsKeyID: rule.destination.encryptionConfiguration.replicaKmsKeyId,
		};
	}
	out.Destination = destination;
	out.DeleteMarkerReplication = { Status: rule.deleteMarkerReplication.status };
	if (rule.sourceSelectionCriteria) {
		out.SourceSelectionCriteria = {
			SseKmsEncryptedObjects: {
				Status: rule.sourceSelectionCriteria.sseKmsEncryptedObjects.status,
			},
		};
	}
	return out;
}

/** The `ReplicationConfiguration` parameter of `putBucketReplication`. */
export function configurationToWire(config: Configuration): WireNode {
	return { Role: config.role, Rules: config.rules.map(ruleToWire) };
}

function wireTags(value: unknown): Props[] {
	return asList(value).map((t) => ({
		key: asObject(t).Key,
		value: asObject(t).Value ?? "",
	}));
}

/** A rule as COS returns it, in input shape, then normalized like any input. */
function ruleFromWire(value: unknown): Rule {
	const r = asObject(value);
	const raw: Props = { id: r.ID, status: r.Status };
	if (r.Priority !== undefined && r.Priority !== "")
		raw.priority = Number(r.Priority);
	if (r.Prefix !== undefined) raw.prefix = r.Prefix;
	if (r.Filter !== undefined) {
		const f = asObject(r.Filter);
		const and = f.And === undefined ? undefined : asObject(f.And);
		raw.filter = and
			? { and: { prefix: and.Prefix, tags: wireTags(and.Tag) } }
			: { prefix: f.Prefix, tags: wireTags(f.Tag) };
	}
	const d = asObject(r.Destination);
	raw.destination = {
		bucket: d.Bucket,
		storageClass: d.StorageClass,
		encryptionConfiguration: {
			replicaKmsKeyId: asObject(d.EncryptionConfiguration).ReplicaKmsKeyID,
		},
	};
	if (r.DeleteMarkerReplication !== undefined)
		raw.deleteMarkerReplication = {
			status: asObject(r.DeleteMarkerReplication).Status,
		};
	const kms = asObject(
		asObject(r.SourceSelectionCriteria).SseKmsEncryptedObjects,
	);
	if (kms.Status !== undefined)
		raw.sourceSelectionCriteria = {
			sseKmsEncryptedObjects: { status: kms.Status },
		};
	const rule = normalizeRule(raw);
	readAs.set(rule, { wire: structuredClone(r), rule: structuredClone(rule) });
	return rule;
}

/** The SDK's `ReplicationConfiguration` result; `undefined` when the bucket has no rule. */
export function configurationFromWire(
	value: unknown,
): Configuration | undefined {
	const c = asObject(value);
	const rules = asList(c.Rules ?? c.Rule).map(ruleFromWire);
	if (rules.length === 0) return undefined;
	return {
		role: typeof c.Role === "string" ? c.Role : "",
		rules: sortRules(rules),
	};
}
