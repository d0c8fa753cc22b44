/**
 * Offline validation of normalized BOS inputs, for `check`: every documented limit of
 * PutBucketReplication (seed 003, https://cloud.baidu.com/doc/BOS/s/fkc4evoy4, api-reference.md §3.5),
 * with the field named. Unknown values (preview) are skipped; they are checked again during `up`.
 */
import { UNKNOWN } from "../core/diff";
import { atTopLevel } from "../core/failures";
import { unknownRegion } from "../core/regions";
import { didYouMean } from "../core/suggest";
import { isWellFormed, quote } from "../core/text";
import type { CheckFailure, Props } from "../core/types";
import { bosRegions } from "./regions";
import {
	bucketPattern,
	exclusionPattern,
	historyStorageClasses,
	maxExclusions,
	maxResources,
	maxRuleBytes,
	type RuleConfig,
	regionPattern,
	resourcePattern,
	ruleBody,
	ruleIdPattern,
	storageClasses,
	switches,
	versioningStates,
} from "./schema";

type Failures = CheckFailure[];

const known = (value: unknown) => value !== UNKNOWN;
const show = quote;

function requireString(
	failures: Failures,
	property: string,
	value: unknown,
	pattern: RegExp,
	rule: string,
): void {
	if (!known(value)) return;
	if (typeof value === "number") {
		// YAML reads an unquoted `ruleId: 12345` as a number (the plugin passes it on as one).
		failures.push({
			property,
			reason: `${property} must be a string, not the number ${value}; in YAML, quote it: "${value}"`,
		});
	} else if (typeof value !== "string" || !pattern.test(value)) {
		failures.push({
			property,
			reason: `${property} ${value === undefined || value === "" ? "is required" : `${show(value)} is invalid`}: ${rule}`,
		});
	}
}

/** A string BOS stores as sent: a lone surrogate has no UTF-8 form (Node would send U+FFFD). */
function requireWellFormed(
	failures: Failures,
	property: string,
	value: string,
): boolean {
	if (isWellFormed(value)) return true;
	failures.push({
		property,
		reason: `${property} ${show(value)} is not valid Unicode (a lone surrogate); BOS would store a different string`,
	});
	return false;
}

function requireEnum(
	failures: Failures,
	property: string,
	value: unknown,
	allowed: readonly string[],
): void {
	if (known(value) && !allowed.includes(value as string)) {
		failures.push({
			property,
			reason: `${property} ${show(value)} must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}${typeof value === "string" ? didYouMean(value, allowed) : ""}`,
		});
	}
}

const bucketRule =
	"3 to 63 lower-case letters, digits and -, starting and ending with a letter or digit";

/**
 * `resource` or `notIncludeResource`: a list of at most `max` distinct `<bucket>/<pattern>` entries,
 * each starting with the source bucket.
 */
function checkPatterns(
	failures: Failures,
	property: string,
	value: unknown,
	sourceBucket: unknown,
	limits: { min: number; max: number; pattern: RegExp; forms: string },
): void {
	if (!known(value)) return;
	if (!Array.isArray(value)) {
		failures.push({
			property,
			reason: `${property} must be a list of strings`,
		});
		return;
	}
	if (value.length < limits.min || value.length > limits.max) {
		failures.push({
			property,
			reason: `${property} has ${value.length} entries; BOS allows ${limits.min} to ${limits.max}`,
		});
	}
	const seen = new Set<string>();
	value.forEach((entry, i) => {
		const where = `${property}[${i}]`;
		if (!known(entry)) return;
		if (typeof entry !== "string") {
			failures.push({ property: where, reason: `${where} must be a string` });
			return;
		}
		if (!requireWellFormed(failures, where, entry)) return;
		if (seen.has(entry)) {
			failures.push({
				property: where,
				reason: `${where} ${show(entry)} is listed twice`,
			});
		}
		seen.add(entry);
		if (typeof sourceBucket !== "string" || !known(sourceBucket)) return;
		const prefix = `${sourceBucket}/`;
		if (!entry.startsWith(prefix)) {
			failures.push({
				property: where,
				reason: `${where} ${show(entry)} must start with the source bucket: "${prefix}..."`,
			});
		} else if (!limits.pattern.test(entry.slice(prefix.length))) {
			failures.push({
				property: where,
				reason: `${where} ${show(entry)} must have one of the forms ${limits.forms}`,
			});
		}
	});
}

function checkDestination(
	failures: Failures,
	value: unknown,
	sourceBucket: unknown,
): void {
	if (!known(value)) return;
	if (typeof value !== "object" || value === null || Array.isArray(value)) {
		failures.push({
			property: "destination",
			reason: "destination is required: { bucket, storageClass?, prefix? }",
		});
		return;
	}
	const d = value as Props;
	requireString(
		failures,
		"destination.bucket",
		d.bucket,
		bucketPattern,
		bucketRule,
	);
	if (known(d.bucket) && d.bucket === sourceBucket) {
		failures.push({
			property: "destination.bucket",
			reason: `destination.bucket must differ from the source bucket ${show(sourceBucket)}`,
		});
	}
	if (d.storageClass !== undefined) {
		requireEnum(
			failures,
			"destination.storageClass",
			d.storageClass,
			storageClasses,
		);
	}
	if (d.prefix !== undefined && known(d.prefix)) {
		if (typeof d.prefix !== "string") {
			failures.push({
				property: "destination.prefix",
				reason: "destination.prefix must be a string",
			});
		} else requireWellFormed(failures, "destination.prefix", d.prefix);
	}
}

function checkRegion(failures: Failures, value: unknown): void {
	const before = failures.length;
	requireString(
		failures,
		"region",
		value,
		regionPattern,
		'a BOS region id such as "bj", "gz" or "su"',
	);
	if (failures.length > before || !known(value)) return;
	const reason = unknownRegion("BOS", value as string, bosRegions, "bj");
	if (reason) failures.push({ property: "region", reason: `region ${reason}` });
}

/** The field of a rule body that takes the most bytes as JSON, by path (`destination.prefix`). */
function largestField(body: Props): { path: string; bytes: number } {
	let best = { path: "resource", bytes: 0 };
	const visit = (value: unknown, path: string) => {
		if (value !== null && typeof value === "object" && !Array.isArray(value)) {
			for (const [k, v] of Object.entries(value)) visit(v, `${path}.${k}`);
			return;
		}
		const bytes = Buffer.byteLength(JSON.stringify(value) ?? "");
		if (bytes > best.bytes) best = { path: path.slice(1), bytes };
	};
	visit(body, "");
	return best;
}

function checkHistory(failures: Failures, value: unknown): void {
	if (value === undefined || !known(value)) return;
	if (typeof value !== "object" || value === null || Array.isArray(value)) {
		failures.push({
			property: "replicateHistory",
			reason: "replicateHistory must be an object: { storageClass? }",
		});
		return;
	}
	const { storageClass } = value as Props;
	if (storageClass !== undefined) {
		requireEnum(
			failures,
			"replicateHistory.storageClass",
			storageClass,
			historyStorageClasses,
		);
	}
}

function checkAdopt(failures: Failures, value: unknown): void {
	if (known(value) && typeof value !== "boolean") {
		failures.push({ property: "adopt", reason: "adopt must be true or false" });
	}
}

/** Failures of a normalized `bos.BucketReplicationRule`, each on its top-level property, its reason naming the field. */
export function validateRule(rule: Props): Failures {
	const failures: Failures = [];
	checkRegion(failures, rule.region);
	requireString(failures, "bucket", rule.bucket, bucketPattern, bucketRule);
	requireString(
		failures,
		"ruleId",
		rule.ruleId,
		ruleIdPattern,
		"1 to 20 letters, digits, - and _ (the BOS rule id)",
	);
	requireEnum(failures, "status", rule.status, switches);
	checkPatterns(failures, "resource", rule.resource, rule.bucket, {
		min: 1,
		max: maxResources,
		pattern: resourcePattern,
		forms: '"<bucket>/<prefix>", "<bucket>/<prefix>*" or "<bucket>/*"',
	});
	checkPatterns(
		failures,
		"notIncludeResource",
		rule.notIncludeResource,
		rule.bucket,
		{
			min: 0,
			max: maxExclusions,
			pattern: exclusionPattern,
			forms:
				'"<bucket>/<prefix>*", "<bucket>/*<suffix>" or "<bucket>/*<infix>*"',
		},
	);
	checkDestination(failures, rule.destination, rule.bucket);
	checkHistory(failures, rule.replicateHistory);
	requireEnum(failures, "replicateDeletes", rule.replicateDeletes, switches);
	checkAdopt(failures, rule.adopt);
	if (failures.length === 0 && typeof rule.ruleId === "string") {
		const body = ruleBody(rule.ruleId, rule as unknown as RuleConfig);
		const bytes = Buffer.byteLength(JSON.stringify(body));
		if (bytes > maxRuleBytes) {
			const largest = largestField(body as Props);
			failures.push({
				property: largest.path,
				reason: `${largest.path} is ${largest.bytes} bytes as JSON, and the whole rule ${bytes}; BOS allows 128 KB per rule`,
			});
		}
	}
	// Each failure is found on its field (`destination.prefix`) and reported on its top-level property.
	return failures.map(atTopLevel);
}

/**
 * Failures of a normalized `bos.Bucket`. `olds` are the previous inputs: once enabled, versioning can
 * only be suspended, never `notEnabled` again (https://cloud.baidu.com/doc/BOS/s/Ylxuahuws).
 */
export function validateBucket(bucket: Props, olds: Props): Failures {
	const failures: Failures = [];
	checkRegion(failures, bucket.region);
	requireString(failures, "bucket", bucket.bucket, bucketPattern, bucketRule);
	requireEnum(failures, "versioning", bucket.versioning, versioningStates);
	checkAdopt(failures, bucket.adopt);
	const wasOn =
		olds.versioning === "enabled" || olds.versioning === "suspended";
	if (
		wasOn &&
		bucket.versioning === "notEnabled" &&
		olds.bucket === bucket.bucket
	) {
		failures.push({
			property: "versioning",
			// After a refresh, `olds` holds what the bucket has now (maybe set outside Pulumi).
			reason: `versioning cannot go back to "notEnabled": the bucket's versioning is "${olds.versioning}"; set it to "enabled" or "suspended"`,
		});
	}
	return failures;
}
