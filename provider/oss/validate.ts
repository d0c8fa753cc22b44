import { containsUnknown, UNKNOWN } from "../core/diff";
import { unknownRegion } from "../core/regions";
import { didYouMean } from "../core/suggest";
import { hasControlCharacter, isWellFormed, quote } from "../core/text";
import type { CheckFailure, Props } from "../core/types";
import { isObject, location } from "./normalize";
import { ossRegions } from "./regions";
import {
	bucketPattern,
	locationPattern,
	maxPrefixes,
	maxPrefixLength,
	maxRegionLength,
	maxTagKeyLength,
	maxTags,
	maxTagValueLength,
	ruleIdPattern,
	tagPattern,
} from "./schema";

/**
 * Offline validation of normalized rule inputs; every failure names its property. Values still unknown
 * in a preview are skipped (they are checked again when known). Limits: seed 002 and api-reference.md §2.5.
 */
export function validateRule(n: Props, raw: Props = n): CheckFailure[] {
	const failures: CheckFailure[] = [];
	const fail = collect(failures);

	bucketName(n.bucket, "bucket", fail);
	region(n.region, "region", fail, raw.region);
	if (typeof n.ruleId === "number")
		// YAML reads an unquoted `ruleId: 12345` as a number (the plugin passes it on as one).
		fail(
			"ruleId",
			`ruleId must be a string, not the number ${n.ruleId}; in YAML, quote it: "${n.ruleId}"`,
		);
	else if (
		known(n.ruleId) &&
		(typeof n.ruleId !== "string" || !ruleIdPattern.test(n.ruleId))
	)
		fail("ruleId", "ruleId must be 1 to 255 letters, digits, '.', '_' or '-'");
	prefixes(n.prefixes, fail);
	oneOf(n.action, "action", ["ALL", "PUT"], fail);
	destination(n, fail, isObject(raw.destination) ? raw.destination : {});
	oneOf(
		n.historicalObjectReplication,
		"historicalObjectReplication",
		["enabled", "disabled"],
		fail,
	);
	optionalText(n.syncRole, "syncRole", fail);
	kms(n, fail);
	oneOf(n.rtc, "rtc", ["enabled", "disabled"], fail);
	rtc(n, fail);
	userTaggings(n.userTaggings, fail);
	tagFilterRegion(n, fail);
	if (known(n.adopt) && typeof n.adopt !== "boolean")
		fail("adopt", "adopt must be true or false");
	const timeout = n.deleteTimeoutSeconds;
	if (
		known(timeout) &&
		(typeof timeout !== "number" ||
			!Number.isInteger(timeout) ||
			timeout < 0 ||
			timeout > 86_400)
	)
		fail(
			"deleteTimeoutSeconds",
			"deleteTimeoutSeconds must be a whole number of seconds from 0 to 86400",
		);
	return failures;
}

export function validateBucket(
	n: Props,
	olds: Props,
	raw: Props = n,
): CheckFailure[] {
	const failures: CheckFailure[] = [];
	const fail = collect(failures);
	bucketName(n.bucket, "bucket", fail);
	region(n.region, "region", fail, raw.region);
	if (n.versioning !== undefined)
		oneOf(n.versioning, "versioning", ["Enabled", "Suspended"], fail);
	// OSS: "versioning cannot be disabled once enabled, only suspended" (api-reference.md §2.4).
	if (n.versioning === undefined && typeof olds.versioning === "string")
		fail(
			"versioning",
			// After a refresh, `olds` holds what the bucket has now (maybe set outside Pulumi): keeping it
			// is as valid a fix as suspending it.
			`versioning cannot return to off: the bucket's versioning is ${olds.versioning}; set it to "Enabled" or "Suspended"`,
		);
	return failures;
}

type Fail = (path: string, reason: string) => void;

/**
 * The engine prints `property <p> value {<v>}` looking `<p>` up among the top-level inputs, so a
 * failure names the top-level property and its reason starts with the full path (`prefixes[1]: ...`).
 */
function collect(failures: CheckFailure[]): Fail {
	return (path, reason) => {
		const property = path.split(/[.[]/, 1)[0];
		failures.push({
			property,
			// A reason that already starts with its path (`destination.location "x" is not ...`) is not
			// prefixed again.
			reason:
				path === property || reason.startsWith(`${path} `)
					? reason
					: `${path}: ${reason}`,
		});
	};
}

function known(value: unknown): boolean {
	return value !== undefined && !containsUnknown(value);
}

function bucketName(value: unknown, property: string, fail: Fail): void {
	if (value === UNKNOWN) return;
	if (typeof value !== "string" || !bucketPattern.test(value))
		fail(
			property,
			`${property}${value === undefined ? " is required" : typeof value === "string" ? ` ${quote(value)} is not valid` : " must be a string"}: an OSS bucket name is 3 to 63 lower-case letters, digits or '-', starting and ending with a letter or digit`,
		);
}

/**
 * A region from OSS's published list (oss/regions.ts), or one allowed by the setting; normalized to
 * `oss-`. Reasons quote it as the user wrote it (`written`), and name known regions with `oss-` only
 * when theirs has it: `"cn-shangai"`, did you mean `"cn-shanghai"`.
 */
function region(
	value: unknown,
	property: string,
	fail: Fail,
	written: unknown = value,
): void {
	if (value === UNKNOWN) return;
	// Normalization prefixes "oss-" (normalize.ts), so an empty region arrives as "oss-".
	if (value === undefined || value === "oss-") {
		fail(
			property,
			`${property} is required: an OSS region such as "oss-cn-hangzhou" or "cn-hangzhou"`,
		);
		return;
	}
	if (
		typeof value !== "string" ||
		value.length > maxRegionLength ||
		!locationPattern.test(value)
	) {
		fail(
			property,
			`${property} must be an OSS region such as "oss-cn-hangzhou" or "cn-hangzhou"${typeof written === "string" ? `; got ${quote(written)}` : ""}`,
		);
		return;
	}
	const text = typeof written === "string" ? written : value;
	const prefixed = text.trim().toLowerCase().startsWith("oss-");
	const reason = unknownRegion(
		"OSS",
		value,
		ossRegions,
		"oss-cn-hangzhou",
		location,
		{
			written: text,
			spell: (known) => (prefixed ? known : known.replace(/^oss-/, "")),
		},
	);
	if (reason) fail(property, `${property} ${reason}`);
}

function oneOf(
	value: unknown,
	property: string,
	allowed: readonly string[],
	fail: Fail,
): void {
	if (value === UNKNOWN) return;
	if (typeof value !== "string" || !allowed.includes(value))
		fail(
			property,
			`${property} must be one of ${allowed.map((a) => `"${a}"`).join(", ")}${typeof value === "string" ? didYouMean(value, allowed) : ""}`,
		);
}

/**
 * A RAM role name or KMS key id: never spaces around it. One with spaces comes back without them (the
 * emulator trims XML text), so every `refresh` would see drift and `up` would replace the rule.
 */
function optionalText(value: unknown, property: string, fail: Fail): void {
	if (value === undefined || value === UNKNOWN) return;
	if (typeof value !== "string") fail(property, `${property} must be a string`);
	else if (value !== value.trim())
		fail(
			property,
			value.trim() === ""
				? `${property} is blank; leave it out instead`
				: `${property} ${JSON.stringify(value)} has spaces around it; remove them (${JSON.stringify(value.trim())})`,
		);
}

/** YAML reads an unquoted `2024` or `1` as a number, and the plugin passes it on as one. */
function yamlNumber(n: number): string {
	return `must be a string, not the number ${n}; in YAML, quote it: "${n}"`;
}

function prefixes(value: unknown, fail: Fail): void {
	if (value === UNKNOWN) return;
	if (!Array.isArray(value)) {
		fail("prefixes", "prefixes must be a list of strings");
		return;
	}
	if (value.length > maxPrefixes)
		fail(
			"prefixes",
			`a rule has at most ${maxPrefixes} prefixes; got ${value.length}`,
		);
	value.forEach((p, i) => {
		if (p === UNKNOWN) return;
		const property = `prefixes[${i}]`;
		if (typeof p === "number") fail(property, yamlNumber(p));
		else if (typeof p !== "string" || p === "")
			fail(
				property,
				"a prefix must be a non-empty string (omit prefixes to replicate every object)",
			);
		else if (p.length > maxPrefixLength)
			fail(
				property,
				`a prefix is at most ${maxPrefixLength} characters; got ${quote(p)}`,
			);
		// "The prefix must be encoded in UTF-8" (EC 0031-00000018): a lone surrogate has no UTF-8 form.
		else if (!isWellFormed(p))
			fail(
				property,
				`prefix ${quote(p)} is not valid Unicode (a lone surrogate); OSS would store a different prefix`,
			);
		else if (hasControlCharacter(p))
			fail(
				property,
				`prefix ${quote(p)} contains a control character, which the OSS XML API cannot carry`,
			);
		else if (value.indexOf(p) < i)
			fail(property, `prefix ${quote(p)} is listed twice`);
		else {
			// OSS refuses overlapping prefixes such as "source" and "source/video" (EC 0031-00000019).
			const other = value.find(
				(q) => typeof q === "string" && q !== "" && q !== p && p.startsWith(q),
			);
			if (other !== undefined)
				fail(
					property,
					`prefix ${quote(p)} overlaps prefix ${quote(other)}; OSS refuses overlapping prefixes`,
				);
		}
	});
}

function destination(n: Props, fail: Fail, raw: Props): void {
	const d = n.destination;
	if (d === UNKNOWN) return;
	if (!isObject(d)) {
		fail(
			"destination",
			"destination must be an object with bucket and location",
		);
		return;
	}
	bucketName(d.bucket, "destination.bucket", fail);
	region(d.location, "destination.location", fail, raw.location);
	oneOf(
		d.transferType,
		"destination.transferType",
		["internal", "oss_acc"],
		fail,
	);
	if (known(d.bucket) && d.bucket === n.bucket)
		fail(
			"destination.bucket",
			"the destination bucket must differ from the source bucket",
		);
	// oss_acc (transfer acceleration) exists only for cross-region replication (seed 002, TransferType).
	if (
		d.transferType === "oss_acc" &&
		known(d.location) &&
		d.location === n.region
	)
		fail(
			"destination.transferType",
			'"oss_acc" is only for cross-region replication; the destination is in the source region',
		);
}

function kms(n: Props, fail: Fail): void {
	oneOf(
		n.sseKmsEncryptedObjects,
		"sseKmsEncryptedObjects",
		["Enabled", "Disabled"],
		fail,
	);
	optionalText(n.replicaKmsKeyId, "replicaKmsKeyId", fail);
	if (n.sseKmsEncryptedObjects === "Enabled") {
		// Seed 002, ReplicaKmsKeyID: "If you set Status to Enabled, you must specify this element";
		// the 2021 doc also requires SyncRole then.
		if (n.replicaKmsKeyId === undefined)
			fail(
				"replicaKmsKeyId",
				'replicaKmsKeyId is required when sseKmsEncryptedObjects is "Enabled"',
			);
		if (n.syncRole === undefined)
			fail(
				"syncRole",
				'syncRole is required when sseKmsEncryptedObjects is "Enabled"',
			);
	} else if (
		n.sseKmsEncryptedObjects === "Disabled" &&
		n.replicaKmsKeyId !== undefined
	) {
		fail(
			"replicaKmsKeyId",
			'replicaKmsKeyId is only used when sseKmsEncryptedObjects is "Enabled"',
		);
	}
}

function rtc(n: Props, fail: Fail): void {
	const d = n.destination;
	// Seed 002, RTC: "You can enable RTC only when you configure CRR."
	if (
		n.rtc === "enabled" &&
		isObject(d) &&
		known(d.location) &&
		known(n.region) &&
		d.location === n.region
	)
		fail(
			"rtc",
			"RTC is only for cross-region replication; the destination is in the source region",
		);
}

/**
 * Seed 002, usage notes: "the tag-based filtering feature is not supported in the China (Zhangjiakou),
 * China (Zhongwei), and Mexico regions"; the newer copy of the page
 * (https://help.aliyun.com/en/oss/developer-reference/putbucketreplication) adds China South 1 Finance
 * and China East 2 Finance. Judged on the source bucket's region, where the rule is configured (a
 * decision: the sentence does not say source or destination). Mexico is `oss-na-south-1` (regions.ts);
 * Zhongwei has no id in OSS's published region list, and the finance regions are allowed only by the
 * extraRegions setting.
 */
const noTagFilterRegions: readonly string[] = [
	"oss-cn-zhangjiakou",
	"oss-na-south-1",
	"oss-cn-shenzhen-finance-1",
	"oss-cn-shanghai-finance-1",
];

function tagFilterRegion(n: Props, fail: Fail): void {
	if (n.userTaggings === undefined || n.userTaggings === UNKNOWN) return;
	if (typeof n.region === "string" && noTagFilterRegions.includes(n.region))
		fail(
			"userTaggings",
			`userTaggings: OSS does not offer tag-based filtering in ${n.region}, the source bucket's region; filter by prefixes instead, or replicate from another region`,
		);
}

function userTaggings(value: unknown, fail: Fail): void {
	if (value === undefined || value === UNKNOWN) return;
	if (!isObject(value)) {
		fail(
			"userTaggings",
			"userTaggings must be an object with filterType and userTagging",
		);
		return;
	}
	oneOf(value.filterType, "userTaggings.filterType", ["AND", "OR"], fail);
	const tags = value.userTagging;
	if (tags === UNKNOWN) return;
	if (!Array.isArray(tags) || tags.length === 0) {
		fail("userTaggings.userTagging", "userTagging must list 1 to 10 tags");
		return;
	}
	if (tags.length > maxTags)
		fail(
			"userTaggings.userTagging",
			`a rule filters on at most ${maxTags} tags; got ${tags.length}`,
		);
	const pairs = new Set<string>();
	const keys = new Set<string>();
	tags.forEach((tag, i) => {
		const property = `userTaggings.userTagging[${i}]`;
		if (!isObject(tag)) {
			fail(property, "a tag must be an object with key and value");
			return;
		}
		const { key, value: v } = tag;
		if (!known(key) || !known(v)) return;
		if (typeof key === "number" || typeof v === "number") {
			const [field, n] = typeof key === "number" ? ["key", key] : ["value", v];
			fail(`${property}.${field}`, yamlNumber(n as number));
			return;
		}
		if (
			typeof key !== "string" ||
			key === "" ||
			key.length > maxTagKeyLength ||
			!tagPattern.test(key)
		)
			fail(
				`${property}.key`,
				`a tag key is 1 to ${maxTagKeyLength} letters, digits, spaces or "+ - = . _ : /"`,
			);
		if (
			typeof v !== "string" ||
			v.length > maxTagValueLength ||
			!tagPattern.test(v)
		)
			fail(
				`${property}.value`,
				`a tag value is 0 to ${maxTagValueLength} letters, digits, spaces or "+ - = . _ : /"`,
			);
		const pair = `${String(key)}\n${String(v)}`;
		if (pairs.has(pair))
			fail(property, `tag ${quote(key)}=${quote(v)} is listed twice`);
		else if (value.filterType === "AND" && keys.has(String(key)))
			fail(
				property,
				`tag key ${quote(key)} is listed twice; with filterType "AND" each key may appear once`,
			);
		pairs.add(pair);
		keys.add(String(key));
	});
}
