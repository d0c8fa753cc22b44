import { clean, UNKNOWN } from "../core/diff";
import type { Props } from "../core/types";
import { defaultDeleteTimeoutSeconds } from "./schema";

/**
 * The one normalization of OSS inputs, used by check, diff, create, update and read: vendor casing for
 * enums, `oss-` locations, defaults filled, order-free lists sorted. Values of the wrong type and the
 * unknown sentinel pass through untouched, so that validation can name them and diff can see them.
 */
export function normalizeRule(raw: Props): Props {
	return clean({
		bucket: raw.bucket,
		region: mapText(raw.region, location),
		ruleId: raw.ruleId,
		prefixes: sortedTexts(raw.prefixes ?? []),
		action: mapText(raw.action ?? "ALL", upper),
		destination: destination(raw.destination),
		historicalObjectReplication: mapText(
			raw.historicalObjectReplication ?? "enabled",
			lower,
		),
		syncRole: raw.syncRole || undefined,
		sseKmsEncryptedObjects: mapText(
			raw.sseKmsEncryptedObjects ?? "Disabled",
			capitalized,
		),
		replicaKmsKeyId: raw.replicaKmsKeyId || undefined,
		rtc: mapText(raw.rtc ?? "disabled", lower),
		userTaggings: userTaggings(raw.userTaggings),
		adopt: raw.adopt ?? false,
		deleteTimeoutSeconds:
			raw.deleteTimeoutSeconds ?? defaultDeleteTimeoutSeconds,
	});
}

/**
 * The set-like lists of a rule's inputs in the user's order: what `check` stores in state, so that the
 * engine's own diff of old and new inputs shows an appended prefix or tag as one `+` line. Diff and
 * every comparison use `normalizeRule`, which sorts them (OSS treats them as sets).
 */
export function inUserOrder(raw: Props): Props {
	const out: Props = { prefixes: raw.prefixes ?? [] };
	// Only the taggings: normalizing the whole rule again cost every `check` a second normalization.
	const taggings = userTaggings(raw.userTaggings);
	const tags = isObject(raw.userTaggings)
		? raw.userTaggings.userTagging
		: undefined;
	if (isObject(taggings) && Array.isArray(tags) && tags.every(isKnownTag))
		out.userTaggings = {
			...taggings,
			userTagging: tags.map((t) => ({ key: t.key, value: t.value ?? "" })),
		};
	return clean(out);
}

export function normalizeBucket(raw: Props): Props {
	return clean({
		bucket: raw.bucket,
		region: mapText(raw.region, location),
		versioning: mapText(raw.versioning, capitalized),
	});
}

/** `cn-hangzhou` and `OSS-CN-HANGZHOU` both mean `oss-cn-hangzhou`, the form OSS returns in `Location`. */
export function location(value: string): string {
	const lowered = value.trim().toLowerCase();
	return lowered.startsWith("oss-") ? lowered : `oss-${lowered}`;
}

function destination(value: unknown): unknown {
	if (!isObject(value)) return value;
	return {
		bucket: value.bucket,
		location: mapText(value.location, location),
		transferType: mapText(value.transferType ?? "internal", lower),
	};
}

function userTaggings(value: unknown): unknown {
	if (!isObject(value)) return value;
	const tags = value.userTagging;
	return {
		filterType: mapText(value.filterType, upper),
		userTagging:
			Array.isArray(tags) && tags.every(isKnownTag)
				? [...tags]
						.map((t) => ({ key: t.key, value: t.value ?? "" }))
						.sort(compareTags)
				: tags,
	};
}

function isKnownTag(t: unknown): t is { key: string; value?: string } {
	return (
		isObject(t) &&
		typeof t.key === "string" &&
		t.key !== UNKNOWN &&
		(t.value === undefined ||
			(typeof t.value === "string" && t.value !== UNKNOWN))
	);
}

function compareTags(
	a: { key: string; value: string },
	b: { key: string; value: string },
): number {
	return compareText(a.key, b.key) || compareText(a.value, b.value);
}

/** Code-unit order, the same on every machine (no locale). */
function compareText(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/** A list of strings whose order carries no meaning, sorted; anything else untouched. */
function sortedTexts(value: unknown): unknown {
	if (
		!Array.isArray(value) ||
		!value.every((v) => typeof v === "string" && v !== UNKNOWN)
	)
		return value;
	return [...value].sort(compareText);
}

function mapText(value: unknown, f: (s: string) => string): unknown {
	return typeof value === "string" && value !== UNKNOWN ? f(value) : value;
}

const upper = (s: string) => s.trim().toUpperCase();
const lower = (s: string) => s.trim().toLowerCase();
const capitalized = (s: string) => {
	const t = s.trim().toLowerCase();
	return t.charAt(0).toUpperCase() + t.slice(1);
};

export function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === "object" && value !== null && !Array.isArray(value);
}
