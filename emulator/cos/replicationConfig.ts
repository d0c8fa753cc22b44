import { parseXml, toXml } from "../core/xml";
import { cosError } from "./errors";

/**
 * The COS replication configuration, kept JSON-clean in `bucket.config.replication`. Field names
 * are the vendor's elements in camelCase; what the client sent is echoed back on GET, nothing is
 * defaulted (reference §1.5, https://cloud.tencent.com/document/product/436/19223).
 */
export interface ReplicationConfiguration {
	role: string;
	rules: ReplicationRule[];
	/** HTTP date of the PUT, sent as `x-cos-replication-rule-creation-time`. */
	creationTime: string;
}

export interface Tag {
	key: string;
	value: string;
}

export interface ReplicationRule {
	id?: string;
	status: "Enabled" | "Disabled";
	priority?: number;
	/** Legacy `<Prefix>` directly under `<Rule>`. */
	prefix?: string;
	filter?: {
		prefix?: string;
		tag?: Tag;
		and?: { prefix?: string; tags: Tag[] };
	};
	destination: {
		/** `qcs::cos:<Region>::<BucketName-APPID>` */
		bucket: string;
		storageClass?: string;
		replicaKmsKeyId?: string;
	};
	deleteMarkerReplication?: "Enabled" | "Disabled";
	sseKmsEncryptedObjects?: "Enabled" | "Disabled";
}

// Limits from the PUT Bucket replication doc (zh, newest): up to 1000 rules, Priority 1-1000,
// up to 10 tags per rule.
const maxRules = 1000;
const maxPriority = 1000;
const maxTags = 10;
// Not documented by COS ([INFERRED], README): S3's limit for a rule ID.
const maxIdLength = 255;
const rolePattern = /^qcs::cam::uin\/\d+:uin\/\d+$/;
const destinationPattern = /^qcs::cos:([a-z0-9-]+)::([a-z0-9-]+-\d+)$/;
// [CONFLICT] in the docs (reference §1.5): the union of the newest enum, matched case-insensitively.
const storageClasses = [
	"STANDARD",
	"STANDARD_IA",
	"INTELLIGENT_TIERING",
	"ARCHIVE",
	"DEEP_ARCHIVE",
];

type Node = Record<string, unknown>;

function invalid(message: string): never {
	throw cosError("InvalidArgument", message);
}

function node(value: unknown, where: string): Node {
	if (value === "") return {};
	if (typeof value !== "object" || value === null || Array.isArray(value))
		invalid(`${where} must be an element.`);
	return value as Node;
}

function text(value: unknown, where: string): string | undefined {
	if (value === undefined) return undefined;
	if (typeof value !== "string") invalid(`${where} must be text.`);
	return value;
}

function status(
	value: unknown,
	where: string,
): "Enabled" | "Disabled" | undefined {
	const s = text(value, where);
	if (s === undefined || s === "Enabled" || s === "Disabled") return s;
	invalid(`${where} must be Enabled or Disabled.`);
}

function tag(value: unknown): Tag {
	const t = node(value, "Tag");
	const key = text(t.Key, "Tag.Key");
	if (!key) invalid("Tag.Key is required.");
	return { key, value: text(t.Value, "Tag.Value") ?? "" };
}

function parseFilter(value: unknown): ReplicationRule["filter"] {
	const f = node(value, "Filter");
	const tags = f.Tag as unknown[] | undefined;
	if (tags && tags.length > 1) invalid("Several Tag elements need <And>.");
	const parts = [f.Prefix, tags, f.And].filter((p) => p !== undefined);
	if (parts.length > 1) invalid("Filter takes one of Prefix, Tag or And.");
	const filter: ReplicationRule["filter"] = {};
	if (f.Prefix !== undefined) filter.prefix = text(f.Prefix, "Filter.Prefix");
	if (tags) filter.tag = tag(tags[0]);
	if (f.And !== undefined) {
		const and = node(f.And, "And");
		const andTags = ((and.Tag as unknown[] | undefined) ?? []).map(tag);
		filter.and = { prefix: text(and.Prefix, "And.Prefix"), tags: andTags };
		if (filter.and.prefix === undefined) delete filter.and.prefix;
	}
	return filter;
}

function parseRule(value: unknown): ReplicationRule {
	const r = node(value, "Rule");
	const ruleStatus = status(r.Status, "Rule.Status");
	if (!ruleStatus) invalid("Rule.Status is required.");
	const rule: ReplicationRule = {
		status: ruleStatus,
		destination: { bucket: "" },
	};
	const id = text(r.ID, "ID");
	if (id !== undefined) {
		if (id.length > maxIdLength)
			invalid(`ID is longer than ${maxIdLength} characters.`);
		rule.id = id;
	}
	if (r.Priority !== undefined) {
		const p = text(r.Priority, "Priority") ?? "";
		if (!/^\d+$/.test(p) || Number(p) < 1 || Number(p) > maxPriority)
			invalid(`Priority must be an integer from 1 to ${maxPriority}.`);
		rule.priority = Number(p);
	}
	if (r.Prefix !== undefined && r.Filter !== undefined)
		invalid("A rule takes Prefix or Filter, not both.");
	if (r.Prefix !== undefined) rule.prefix = text(r.Prefix, "Prefix");
	if (r.Filter !== undefined) rule.filter = parseFilter(r.Filter);

	const d = node(r.Destination, "Destination");
	const bucket = text(d.Bucket, "Destination.Bucket") ?? "";
	if (!destinationPattern.test(bucket))
		invalid(
			"Destination.Bucket must be qcs::cos:<Region>::<BucketName-APPID>.",
		);
	rule.destination.bucket = bucket;
	const storageClass = text(d.StorageClass, "StorageClass");
	if (storageClass !== undefined) {
		if (!storageClasses.includes(storageClass.toUpperCase()))
			invalid(`StorageClass ${storageClass} is not supported.`);
		rule.destination.storageClass = storageClass;
	}
	if (d.EncryptionConfiguration !== undefined) {
		const e = node(d.EncryptionConfiguration, "EncryptionConfiguration");
		rule.destination.replicaKmsKeyId =
			text(e.ReplicaKmsKeyID, "ReplicaKmsKeyID") ?? "";
	}
	if (r.DeleteMarkerReplication !== undefined) {
		const dmr = node(r.DeleteMarkerReplication, "DeleteMarkerReplication");
		rule.deleteMarkerReplication = status(
			dmr.Status,
			"DeleteMarkerReplication.Status",
		);
	}
	if (r.SourceSelectionCriteria !== undefined) {
		const ssc = node(r.SourceSelectionCriteria, "SourceSelectionCriteria");
		const kms = node(ssc.SseKmsEncryptedObjects, "SseKmsEncryptedObjects");
		rule.sseKmsEncryptedObjects = status(
			kms.Status,
			"SseKmsEncryptedObjects.Status",
		);
	}
	// "添加标签作为筛选条件后，同步删除标记选项必须置为 false" (tags need delete-marker replication off).
	const tags = ruleTags(rule);
	if (tags.length > maxTags) invalid(`At most ${maxTags} tags per rule.`);
	if (tags.length > 0 && rule.deleteMarkerReplication !== "Disabled")
		invalid("A rule with tags needs DeleteMarkerReplication Disabled.");
	return rule;
}

/** The prefix a rule filters on, whichever element carries it ("" = the whole bucket). */
export function rulePrefix(rule: ReplicationRule): string {
	return rule.prefix ?? rule.filter?.prefix ?? rule.filter?.and?.prefix ?? "";
}

export function ruleTags(rule: ReplicationRule): Tag[] {
	if (rule.filter?.tag) return [rule.filter.tag];
	return rule.filter?.and?.tags ?? [];
}

function checkRuleSet(rules: ReplicationRule[]): void {
	if (rules.length === 0 || rules.length > maxRules)
		invalid(`A configuration has 1 to ${maxRules} rules.`);
	// "所有策略只能指向一个目标存储桶" (every rule points to one destination bucket): GET Bucket
	// replication doc, https://cloud.tencent.com/document/product/436/19222 ; code from the error list.
	if (new Set(rules.map((r) => r.destination.bucket)).size > 1)
		throw cosError("MultiBucketNotSupport");
	const ids = rules.flatMap((r) => (r.id === undefined ? [] : [r.id]));
	if (new Set(ids).size !== ids.length) invalid("Rule IDs must be unique.");
	// "必须全部携带 Priority 或全部不携带 Priority … 不同规则的 Priority 值不可重复"
	const priorities = rules.flatMap((r) =>
		r.priority === undefined ? [] : [r.priority],
	);
	if (priorities.length > 0 && priorities.length < rules.length)
		invalid("Either every rule has a Priority or none has.");
	if (new Set(priorities).size !== priorities.length)
		invalid("Priorities must be unique.");
	// "所有规则都不携带 Priority 时，不同规则的筛选 prefix 不允许重叠"
	if (priorities.length > 0) return;
	const prefixes = rules.filter((r) => r.status === "Enabled").map(rulePrefix);
	for (let i = 0; i < prefixes.length; i++) {
		for (let j = i + 1; j < prefixes.length; j++) {
			const [a, b] = [prefixes[i], prefixes[j]];
			if (a.startsWith(b) || b.startsWith(a))
				invalid(`The prefixes "${a}" and "${b}" of enabled rules overlap.`);
		}
	}
}

/**
 * The `<Role>`. The newest PUT doc's third example (https://cloud.tencent.com/document/product/436/19223,
 * "案例三") repeats `<Role>` before each `<Rule>` and is answered 200: several equal Roles are one Role.
 */
function roleOf(value: unknown): string {
	const roles = Array.isArray(value) ? value : [value];
	const texts = roles.map((r) => text(r, "Role") ?? "");
	if (new Set(texts).size > 1) invalid("Every Role element must be the same.");
	return texts[0] ?? "";
}

/** Parses and validates a PUT body; throws MalformedXML or InvalidArgument as the service does. */
export function parseReplicationXml(
	body: Buffer,
): Omit<ReplicationConfiguration, "creationTime"> {
	// An empty body is InvalidArgument, as PUT Bucket versioning's error table says of its own
	// (https://cloud.tencent.com/document/product/436/19889); seed 004 documents only that code.
	if (!body.toString("utf8").trim())
		invalid("The replication configuration body is empty.");
	const doc = parseXml(body.toString("utf8"), ["Rule", "Tag"]);
	const root = doc?.ReplicationConfiguration;
	if (typeof root !== "object" || root === null) throw cosError("MalformedXML");
	const config = root as Node;
	const role = roleOf(config.Role);
	if (!rolePattern.test(role))
		invalid("Role must be qcs::cam::uin/<OwnerUin>:uin/<SubUin>.");
	const rules = ((config.Rule as unknown[] | undefined) ?? []).map(parseRule);
	checkRuleSet(rules);
	return { role, rules };
}

/** Splits `qcs::cos:<Region>::<BucketName-APPID>`. */
export function parseDestination(resource: string): {
	region: string;
	bucket: string;
} {
	const [, region, bucket] = destinationPattern.exec(resource) ?? ["", "", ""];
	return { region, bucket };
}

function renderTag(t: Tag): Node {
	return { Key: t.key, Value: t.value };
}

/**
 * A `<Rule>` in the documents' element order: Status, Priority, ID (PUT doc's body), then Prefix or
 * Filter, Destination, DeleteMarkerReplication (GET doc's example: Status, ID, Prefix, Destination).
 */
function renderRule(rule: ReplicationRule): Node {
	const out: Node = {};
	out.Status = rule.status;
	if (rule.priority !== undefined) out.Priority = String(rule.priority);
	if (rule.id !== undefined) out.ID = rule.id;
	if (rule.prefix !== undefined) out.Prefix = rule.prefix;
	if (rule.filter) {
		const f: Node = {};
		if (rule.filter.prefix !== undefined) f.Prefix = rule.filter.prefix;
		if (rule.filter.tag) f.Tag = renderTag(rule.filter.tag);
		if (rule.filter.and) {
			const and: Node = {};
			if (rule.filter.and.prefix !== undefined)
				and.Prefix = rule.filter.and.prefix;
			if (rule.filter.and.tags.length)
				and.Tag = rule.filter.and.tags.map(renderTag);
			f.And = and;
		}
		out.Filter = f;
	}
	const d: Node = { Bucket: rule.destination.bucket };
	if (rule.destination.storageClass !== undefined)
		d.StorageClass = rule.destination.storageClass;
	if (rule.destination.replicaKmsKeyId !== undefined)
		d.EncryptionConfiguration = {
			ReplicaKmsKeyID: rule.destination.replicaKmsKeyId,
		};
	out.Destination = d;
	if (rule.deleteMarkerReplication !== undefined)
		out.DeleteMarkerReplication = { Status: rule.deleteMarkerReplication };
	if (rule.sseKmsEncryptedObjects !== undefined)
		out.SourceSelectionCriteria = {
			SseKmsEncryptedObjects: { Status: rule.sseKmsEncryptedObjects },
		};
	return out;
}

export function renderReplication(config: ReplicationConfiguration): string {
	return toXml({
		ReplicationConfiguration: {
			Role: config.role,
			Rule: config.rules.map(renderRule),
		},
	});
}
