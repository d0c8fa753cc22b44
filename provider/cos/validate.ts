/**
 * Offline validation for `check`: every failure names its property. Values still unknown during
 * preview (the `UNKNOWN` sentinel, possibly replacing a whole object or array) are skipped.
 */
import { UNKNOWN } from "../core/diff";
import { unknownRegion } from "../core/regions";
import { didYouMean } from "../core/suggest";
import {
	hasControlCharacter,
	isWellFormed,
	quote,
	utf8Length,
} from "../core/text";
import type { CheckFailure, Props } from "../core/types";
import { cosRegions } from "./regions";
import {
	bucketPattern,
	destinationPattern,
	maxDomainLength,
	maxLabelLength,
	maxPrefixBytes,
	maxPriority,
	maxRules,
	maxTags,
	type Rule,
	regionPattern,
	rolePattern,
	ruleIdPattern,
	rulePrefix,
	statuses,
	storageClasses,
} from "./schema";

type Failures = CheckFailure[];

const at = (path: string, key: string) => (path ? `${path}.${key}` : key);
const isKnown = (v: unknown) => v !== UNKNOWN;
const isObject = (v: unknown): v is Props =>
	typeof v === "object" && v !== null && !Array.isArray(v);

function fail(failures: Failures, property: string, reason: string): void {
	failures.push({ property, reason });
}

/** YAML reads an unquoted `id: 2024` or `value: 1` as a number, and the plugin passes it on as one. */
function yamlNumber(property: string, n: number): string {
	return `${property} must be a string, not the number ${n}; in YAML, quote it: "${n}"`;
}

/** A required string matching `pattern`. */
export function validateString(
	failures: Failures,
	property: string,
	value: unknown,
	pattern: RegExp,
	expected: string,
	maxLength = Number.POSITIVE_INFINITY,
): boolean {
	if (!isKnown(value)) return false;
	if (typeof value === "number") {
		fail(failures, property, yamlNumber(property, value));
	} else if (typeof value !== "string" || value === "") {
		fail(failures, property, `${property} is required: ${expected}`);
	} else if (value.length > maxLength) {
		fail(
			failures,
			property,
			`${property} ${quote(value)} is too long: at most ${maxLength} characters (${expected})`,
		);
	} else if (!pattern.test(value)) {
		fail(
			failures,
			property,
			`${property} ${quote(value)} is not valid: ${expected}`,
		);
	} else return true;
	return false;
}

/**
 * `<BucketName-APPID>`. With a known `region`, the whole domain `<BucketName-APPID>.cos.<Region>.myqcloud.com`
 * must fit COS's 60 characters ("组成的完整请求域名字符数总计最多60个字符", bucket naming,
 * https://cloud.tencent.com/document/product/436/13312); either way it is one DNS label (63).
 */
export function validateBucket(
	failures: Failures,
	property: string,
	value: unknown,
	region?: unknown,
): void {
	const ok = validateString(
		failures,
		property,
		value,
		bucketPattern,
		'the full bucket name with its APPID, such as "examplebucket-1250000000"',
		maxLabelLength,
	);
	if (
		!ok ||
		typeof region !== "string" ||
		region.length > maxLabelLength ||
		!regionPattern.test(region)
	)
		return;
	const domain = `${value}.cos.${region}.myqcloud.com`;
	if (domain.length > maxDomainLength)
		fail(
			failures,
			property,
			`${property} ${quote(value)} is too long for region ${quote(region)}: the domain <bucket>.cos.<region>.myqcloud.com would have ${domain.length} characters; COS allows ${maxDomainLength}`,
		);
}

/** A region id: a DNS label from COS's published list (cos/regions.ts), or one allowed by the setting. */
export function validateRegion(
	failures: Failures,
	property: string,
	value: unknown,
): void {
	// COS region ids are lower case ("地域和访问域名"); OSS and BOS accept any case, so "AP-BEIJING" is a
	// slip worth naming the region for, rather than "not valid, such as ap-guangzhou".
	if (typeof value === "string" && value.length <= maxLabelLength) {
		const lower = value.toLowerCase();
		if (lower !== value && regionPattern.test(lower)) {
			const hint = didYouMean(lower, cosRegions) || `: "${lower}"`;
			fail(
				failures,
				property,
				`${property} ${quote(value)} must be lower case, as COS region ids are${hint}`,
			);
			return;
		}
	}
	const ok = validateString(
		failures,
		property,
		value,
		regionPattern,
		'a COS region, such as "ap-guangzhou"',
		maxLabelLength,
	);
	if (!ok) return;
	const reason = unknownRegion(
		"COS",
		value as string,
		cosRegions,
		"ap-guangzhou",
	);
	if (reason) fail(failures, property, `${property} ${reason}`);
}

export function validateRole(failures: Failures, value: unknown): void {
	validateString(
		failures,
		"role",
		value,
		rolePattern,
		'"qcs::cam::uin/<OwnerUin>:uin/<SubUin>"',
	);
}

/** Optional enum, matched case-insensitively (normalize gives it the vendor's casing). */
function validateEnum(
	failures: Failures,
	property: string,
	value: unknown,
	allowed: readonly string[],
): void {
	if (value === undefined || !isKnown(value)) return;
	const ok =
		typeof value === "string" &&
		allowed.some((a) => a.toLowerCase() === value.toLowerCase());
	if (!ok) {
		fail(
			failures,
			property,
			`${property} must be one of ${allowed.join(", ")}; got ${quote(value)}${typeof value === "string" ? didYouMean(value, allowed) : ""}`,
		);
	}
}

/**
 * An optional string COS can store as sent: well-formed Unicode (a lone surrogate has no UTF-8 form;
 * Node would send U+FFFD) and no control character (not allowed in the XML body). `maxBytes` is the
 * UTF-8 length limit, if any.
 */
function validateOptionalString(
	failures: Failures,
	property: string,
	value: unknown,
	maxBytes = Number.POSITIVE_INFINITY,
): void {
	if (value === undefined || !isKnown(value)) return;
	if (typeof value === "number")
		fail(failures, property, yamlNumber(property, value));
	else if (typeof value !== "string")
		fail(failures, property, `${property} must be a string`);
	else if (!isWellFormed(value))
		fail(
			failures,
			property,
			`${property} ${quote(value)} is not valid Unicode (a lone surrogate); COS would store a different string`,
		);
	else if (hasControlCharacter(value))
		fail(
			failures,
			property,
			`${property} ${quote(value)} contains a control character, which the COS XML API cannot carry`,
		);
	else if (utf8Length(value) > maxBytes)
		fail(
			failures,
			property,
			`${property} ${quote(value)} is ${utf8Length(value)} bytes in UTF-8; COS allows at most ${maxBytes} (an object key)`,
		);
}

/** An optional `{ status }` block. */
function validateStatusBlock(
	failures: Failures,
	property: string,
	value: unknown,
): void {
	if (value === undefined || !isKnown(value)) return;
	if (!isObject(value)) {
		fail(failures, property, `${property} must be an object with a status`);
		return;
	}
	validateEnum(failures, at(property, "status"), value.status, statuses);
}

function validateTags(failures: Failures, property: string, value: unknown) {
	if (value === undefined || !isKnown(value)) return 0;
	if (!Array.isArray(value)) {
		fail(failures, property, `${property} must be a list of {key, value}`);
		return 0;
	}
	const keys = new Set<string>();
	value.forEach((tag, i) => {
		const p = `${property}[${i}]`;
		if (!isKnown(tag)) return;
		if (!isObject(tag)) {
			fail(failures, p, `${p} must be {key, value}`);
			return;
		}
		if (!isKnown(tag.key)) return;
		if (typeof tag.key === "number") {
			fail(failures, at(p, "key"), yamlNumber(at(p, "key"), tag.key));
		} else if (typeof tag.key !== "string" || tag.key === "") {
			fail(
				failures,
				at(p, "key"),
				`${at(p, "key")} must be a non-empty string`,
			);
		} else if (keys.has(tag.key)) {
			fail(
				failures,
				at(p, "key"),
				`${at(p, "key")} ${quote(tag.key)} is repeated`,
			);
		} else keys.add(tag.key);
		if (typeof tag.key === "string")
			validateOptionalString(failures, at(p, "key"), tag.key);
		validateOptionalString(failures, at(p, "value"), tag.value);
	});
	if (value.length > maxTags) {
		fail(
			failures,
			property,
			`${property} has ${value.length} tags; COS allows at most ${maxTags}`,
		);
	}
	return value.length;
}

/** Validates `filter` and `prefix`; returns the number of tags the rule filters on. */
function validateFilter(failures: Failures, path: string, raw: Props): number {
	validateOptionalString(
		failures,
		at(path, "prefix"),
		raw.prefix,
		maxPrefixBytes,
	);
	const filter = raw.filter;
	if (filter === undefined || !isKnown(filter)) return 0;
	const property = at(path, "filter");
	if (raw.prefix !== undefined) {
		fail(
			failures,
			property,
			`${at(path, "prefix")} and ${property} are alternatives: set one of them`,
		);
	}
	if (!isObject(filter)) {
		fail(failures, property, `${property} must be an object`);
		return 0;
	}
	validateOptionalString(
		failures,
		at(property, "prefix"),
		filter.prefix,
		maxPrefixBytes,
	);
	let tags = validateTags(failures, at(property, "tags"), filter.tags);
	if (filter.and === undefined || !isKnown(filter.and)) return tags;
	const and = at(property, "and");
	if (filter.prefix !== undefined || filter.tags !== undefined) {
		fail(
			failures,
			and,
			`${and} cannot be combined with ${at(property, "prefix")} or ${at(property, "tags")}: put them inside "and"`,
		);
	}
	if (!isObject(filter.and)) {
		fail(failures, and, `${and} must be an object`);
		return tags;
	}
	validateOptionalString(
		failures,
		at(and, "prefix"),
		filter.and.prefix,
		maxPrefixBytes,
	);
	tags += validateTags(failures, at(and, "tags"), filter.and.tags);
	return tags;
}

function validateDestination(
	failures: Failures,
	path: string,
	raw: unknown,
	sourceBucket: unknown,
): void {
	const property = at(path, "destination");
	if (!isKnown(raw)) return;
	if (!isObject(raw)) {
		fail(
			failures,
			property,
			`${property} is required: {bucket, region} or {bucket: "qcs::cos:<Region>::<BucketName-APPID>"}`,
		);
		return;
	}
	const bucket = at(property, "bucket");
	const region = at(property, "region");
	let name = raw.bucket;
	if (typeof raw.bucket === "string" && raw.bucket.startsWith("qcs::")) {
		const match = destinationPattern.exec(raw.bucket);
		if (!match) {
			fail(
				failures,
				bucket,
				`${bucket} ${quote(raw.bucket)} must be "qcs::cos:<Region>::<BucketName-APPID>"`,
			);
			return;
		}
		name = match[2];
		validateRegion(failures, bucket, match[1]);
		validateBucket(failures, bucket, name, match[1]);
		if (
			raw.region !== undefined &&
			isKnown(raw.region) &&
			raw.region !== match[1]
		) {
			fail(
				failures,
				region,
				`${region} ${quote(raw.region)} disagrees with the region in ${bucket} (${quote(match[1])}); set one of them`,
			);
		}
	} else {
		validateRegion(failures, region, raw.region);
		validateBucket(failures, bucket, name, raw.region);
	}
	if (isKnown(name) && name === sourceBucket) {
		fail(
			failures,
			bucket,
			`${bucket} is the source bucket itself; replicate to a different bucket`,
		);
	}
	validateEnum(
		failures,
		at(property, "storageClass"),
		raw.storageClass,
		storageClasses,
	);
	const encryption = raw.encryptionConfiguration;
	if (encryption !== undefined && isKnown(encryption)) {
		const kms = at(at(property, "encryptionConfiguration"), "replicaKmsKeyId");
		if (!isObject(encryption) || !isKnown(encryption.replicaKmsKeyId)) return;
		if (
			typeof encryption.replicaKmsKeyId !== "string" ||
			!encryption.replicaKmsKeyId
		)
			fail(failures, kms, `${kms} must be a non-empty KMS key id`);
		// A key id with spaces comes back without them (the emulator trims XML text): every refresh
		// would see drift, and even the create's read-back fails.
		else if (encryption.replicaKmsKeyId !== encryption.replicaKmsKeyId.trim())
			fail(
				failures,
				kms,
				`${kms} ${quote(encryption.replicaKmsKeyId)} has spaces around it; remove them`,
			);
	}
}

/**
 * One rule's fields. `path` is "" for `BucketReplicationRule` (its id is `ruleId`) or "rules[i]"
 * inside `BucketReplication` (its id is `id`).
 */
export function validateRule(
	failures: Failures,
	path: string,
	raw: unknown,
	idKey: "id" | "ruleId",
	sourceBucket: unknown,
): void {
	if (!isKnown(raw)) return;
	if (!isObject(raw)) {
		fail(failures, path, `${path} must be an object`);
		return;
	}
	validateString(
		failures,
		at(path, idKey),
		raw[idKey],
		ruleIdPattern,
		"1 to 255 letters, digits, '.', '_' or '-'",
	);
	validateEnum(failures, at(path, "status"), raw.status, statuses);
	const priority = raw.priority;
	if (priority !== undefined && isKnown(priority)) {
		if (
			typeof priority !== "number" ||
			!Number.isInteger(priority) ||
			priority < 1 ||
			priority > maxPriority
		) {
			fail(
				failures,
				at(path, "priority"),
				`${at(path, "priority")} must be an integer from 1 to ${maxPriority}`,
			);
		}
	}
	const tags = validateFilter(failures, path, raw);
	const dmr = at(path, "deleteMarkerReplication");
	validateStatusBlock(failures, dmr, raw.deleteMarkerReplication);
	const dmrStatus = isObject(raw.deleteMarkerReplication)
		? raw.deleteMarkerReplication.status
		: undefined;
	// "添加标签作为筛选条件后，同步删除标记选项必须置为 false" (PUT Bucket replication, zh).
	if (
		tags > 0 &&
		typeof dmrStatus === "string" &&
		dmrStatus.toLowerCase() === "enabled"
	) {
		fail(
			failures,
			at(dmr, "status"),
			`${at(dmr, "status")} must be Disabled when the rule filters on tags (COS rule)`,
		);
	}
	validateDestination(failures, path, raw.destination, sourceBucket);
	const ssc = raw.sourceSelectionCriteria;
	if (ssc !== undefined && isKnown(ssc)) {
		const p = at(path, "sourceSelectionCriteria");
		if (!isObject(ssc)) fail(failures, p, `${p} must be an object`);
		else
			validateStatusBlock(
				failures,
				at(p, "sseKmsEncryptedObjects"),
				ssc.sseKmsEncryptedObjects,
			);
	}
}

export function validateAdopt(failures: Failures, value: unknown): void {
	if (value !== undefined && isKnown(value) && typeof value !== "boolean")
		fail(failures, "adopt", "adopt must be true or false");
}

/** Names a rule in a message: its id, or its position when it has none. */
const ruleName = (rule: Rule) =>
	rule.id ? quote(rule.id) : "(a rule without an ID)";

/**
 * Rules of one document together (normalized rules): count, unique ids, Priority all-or-none and
 * unique, and no overlapping prefixes between enabled rules without Priority (PUT Bucket
 * replication: "所有规则都不携带 Priority 时，不同规则的筛选 prefix 不允许重叠").
 * `property(i)` names rule i in the reason; every failure is on the top-level property `rules`, which
 * the engine can print (a nested path such as `rules[1]` prints as `value {<nil>}`).
 */
export function validateRuleSet(
	rules: Rule[],
	property: (index: number) => string,
): Failures {
	const failures: Failures = [];
	if (rules.length === 0 || rules.length > maxRules) {
		fail(
			failures,
			"rules",
			`rules must hold 1 to ${maxRules} rules; got ${rules.length}`,
		);
	}
	const seen = new Map<string, number>();
	rules.forEach((rule, i) => {
		const first = seen.get(rule.id);
		if (first !== undefined) {
			fail(
				failures,
				"rules",
				`${property(i)}: rule id ${ruleName(rule)} is used twice (also by ${property(first)})`,
			);
		} else seen.set(rule.id, i);
	});
	// One destination bucket per configuration: the GET Bucket replication docs (zh and intl) say every
	// rule's destination must be the same bucket, and COS answers MultiBucketNotSupport (emulator/cos/README.md).
	const destinations = [
		...new Set(
			rules.map((r) => `${r.destination?.bucket} (${r.destination?.region})`),
		),
	];
	if (destinations.length > 1) {
		fail(
			failures,
			"rules",
			`every rule of a bucket must replicate to the same destination bucket; found ${destinations.join(", ")}`,
		);
	}
	const withPriority = rules.filter((r) => r.priority !== undefined);
	if (withPriority.length > 0 && withPriority.length < rules.length) {
		const without = rules.filter((r) => r.priority === undefined).map(ruleName);
		fail(
			failures,
			"rules",
			`${property(rules.findIndex((r) => r.priority === undefined))}: either every rule has a priority or none has; rules without one: ${without.join(", ")}`,
		);
	}
	const priorities = new Map<number, Rule>();
	rules.forEach((rule, i) => {
		if (rule.priority === undefined) return;
		const other = priorities.get(rule.priority);
		if (other) {
			fail(
				failures,
				"rules",
				`${property(i)}.priority: priority ${rule.priority} is used by rules ${ruleName(other)} and ${ruleName(rule)}; priorities must be unique`,
			);
		} else priorities.set(rule.priority, rule);
	});
	if (withPriority.length > 0) return failures;
	const enabled = rules
		.map((rule, i) => ({ rule, i, prefix: rulePrefix(rule) }))
		.filter((e) => e.rule.status === "Enabled");
	for (let a = 0; a < enabled.length; a++) {
		for (let b = a + 1; b < enabled.length; b++) {
			const [x, y] = [enabled[a], enabled[b]];
			if (x.prefix.startsWith(y.prefix) || y.prefix.startsWith(x.prefix)) {
				fail(
					failures,
					"rules",
					`${property(y.i)}: rules ${ruleName(x.rule)} and ${ruleName(y.rule)} have overlapping prefixes ${quote(x.prefix)} and ${quote(y.prefix)}; use prefixes that do not start with one another, or give every rule a priority`,
				);
			}
		}
	}
	return failures;
}
