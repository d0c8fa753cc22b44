/**
 * The one normalization of BOS rules and buckets, used by check, diff, create, update and read, for
 * program inputs and for what BOS returns alike: defaults filled, enums in the vendor's casing, lists
 * sorted (their order means nothing to BOS), so that comparisons treat them as sets. `check` keeps the
 * user's order in the inputs it returns (`inUserOrder`), so that `preview --diff` shows an appended
 * entry as one `+` line. Unknown values (`UNKNOWN`, during preview) and values of
 * the wrong type pass through untouched: validation reports the latter with the field named.
 */
import { clean, UNKNOWN } from "../core/diff";
import type { Props } from "../core/types";

export const ruleIdentityKeys = ["region", "bucket", "ruleId"] as const;
export const ruleConfigKeys = [
	"status",
	"resource",
	"notIncludeResource",
	"destination",
	"replicateHistory",
	"replicateDeletes",
] as const;

const isKnownString = (v: unknown): v is string =>
	typeof v === "string" && v !== UNKNOWN;

function lower(value: unknown): unknown {
	return isKnownString(value) ? value.toLowerCase() : value;
}

/** A region id: spaces around it removed, as for COS and OSS (docs/reference.md). */
function region(value: unknown): unknown {
	return isKnownString(value) ? value.trim().toLowerCase() : value;
}

function upper(value: unknown): unknown {
	return isKnownString(value) ? value.toUpperCase() : value;
}

/** A sorted copy of a list; anything else unchanged. */
function sorted(value: unknown): unknown {
	return Array.isArray(value)
		? [...value].sort((a, b) => String(a).localeCompare(String(b)))
		: value;
}

/** The lists BOS treats as sets. */
export const setKeys = ["resource", "notIncludeResource"] as const;

/**
 * The set-like lists of a rule's inputs with their defaults, in the user's order: what `check` stores
 * in state, so that the engine's own diff of old and new inputs shows an appended entry as one `+`.
 * Diff and every comparison use `normalizeRule`, which sorts them.
 */
export function inUserOrder(raw: Props): Props {
	const bucket = raw.bucket;
	const wholeBucket = isKnownString(bucket) ? [`${bucket}/*`] : UNKNOWN;
	return {
		resource: raw.resource ?? wholeBucket,
		notIncludeResource: raw.notIncludeResource ?? [],
	};
}

/** "" means "not set" for the optional strings BOS echoes only when set. */
function optional(value: unknown): unknown {
	return value === "" || value === null ? undefined : value;
}

function isObject(value: unknown): value is Props {
	return typeof value === "object" && value !== null && !Array.isArray(value);
}

function destination(value: unknown): unknown {
	if (!isObject(value)) return value;
	return {
		bucket: value.bucket,
		storageClass: upper(optional(value.storageClass)),
		prefix: optional(value.prefix),
	};
}

/** Absent = no history copy; `{}` = copy history in the destination's class. BOS's `bucket` echo is dropped. */
function replicateHistory(value: unknown): unknown {
	if (value === undefined || value === null || value === false)
		return undefined;
	if (value === true) return {};
	if (!isObject(value)) return value;
	return { storageClass: upper(optional(value.storageClass)) };
}

/**
 * A rule's inputs (or outputs, or a BOS rule with `id`) in canonical form. Defaults: `status`
 * enabled, `resource` the whole source bucket, no exclusions, `replicateDeletes` disabled,
 * `adopt` false.
 */
export function normalizeRule(raw: Props): Props {
	const bucket = raw.bucket;
	const wholeBucket = isKnownString(bucket) ? [`${bucket}/*`] : UNKNOWN;
	return clean({
		region: region(raw.region),
		bucket,
		ruleId: raw.ruleId ?? raw.id,
		status: lower(raw.status ?? "enabled"),
		resource: sorted(raw.resource ?? wholeBucket),
		notIncludeResource: sorted(raw.notIncludeResource ?? []),
		destination: destination(raw.destination),
		replicateHistory: replicateHistory(raw.replicateHistory),
		replicateDeletes: lower(raw.replicateDeletes ?? "disabled"),
		adopt: raw.adopt ?? false,
		replicationRestarts: raw.replicationRestarts ?? 0,
	});
}

/** A bucket's inputs in canonical form. Default: versioning `notEnabled`, `adopt` false. */
export function normalizeBucket(raw: Props): Props {
	const versioning = raw.versioning ?? "notEnabled";
	return clean({
		region: region(raw.region),
		bucket: raw.bucket,
		// The vendor spells it `notEnabled`; accept any casing of the three values.
		versioning:
			isKnownString(versioning) && versioning.toLowerCase() === "notenabled"
				? "notEnabled"
				: lower(versioning),
		adopt: raw.adopt ?? false,
	});
}

/** The listed keys of `props` (absent ones stay absent). */
export function pick(props: object, keys: readonly string[]): Props {
	const from = props as Props;
	const out: Props = {};
	for (const key of keys) if (from[key] !== undefined) out[key] = from[key];
	return out;
}
