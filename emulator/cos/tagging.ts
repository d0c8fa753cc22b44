import { parseXml, toXml } from "../core/xml";
import { cosError } from "./errors";

// Tag limits: keys 1-128 characters, values up to 256; at most 10 tags on an object and 50 on a
// bucket. https://cloud.tencent.com/document/product/436/42997 (object),
// https://cloud.tencent.com/document/product/436/34838 (bucket).
export const maxObjectTags = 10;
export const maxBucketTags = 50;

function checked(
	pairs: Array<[string, string]>,
	limit: number,
): Record<string, string> {
	if (pairs.length > limit)
		throw cosError("InvalidArgument", `At most ${limit} tags are allowed.`);
	const tags: Record<string, string> = {};
	for (const [key, value] of pairs) {
		if (!key || key.length > 128 || value.length > 256 || key in tags)
			throw cosError("InvalidArgument", `The tag ${key} is invalid.`);
		tags[key] = value;
	}
	return tags;
}

/** `<Tagging><TagSet><Tag><Key/><Value/></Tag>…</TagSet></Tagging>`, as PUT ?tagging sends it. */
export function parseTaggingXml(
	body: Buffer,
	limit: number,
): Record<string, string> {
	const doc = parseXml(body.toString("utf8"), ["Tag"]);
	const tagging = doc?.Tagging as
		| { TagSet?: { Tag?: Array<{ Key?: unknown; Value?: unknown }> } | "" }
		| undefined;
	if (!tagging || typeof tagging !== "object") throw cosError("MalformedXML");
	const list = typeof tagging.TagSet === "object" ? tagging.TagSet.Tag : [];
	const pairs = (list ?? []).map((t): [string, string] => [
		typeof t.Key === "string" ? t.Key : "",
		typeof t.Value === "string" ? t.Value : "",
	]);
	return checked(pairs, limit);
}

/** The `x-cos-tagging` header of PUT Object (and PUT Bucket): `k1=v1&k2=v2`, URL-encoded. */
export function parseTaggingHeader(
	header: string | undefined,
	limit = maxObjectTags,
): Record<string, string> {
	if (!header) return {};
	return checked([...new URLSearchParams(header)], limit);
}

export function renderTagging(tags: Record<string, string>): string {
	return toXml({
		Tagging: {
			TagSet: {
				Tag: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
			},
		},
	});
}
