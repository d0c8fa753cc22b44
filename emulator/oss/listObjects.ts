import type { ServiceResponse } from "../core/http";
import type { StoredObject } from "../core/store";
import {
	type OssContext,
	type OssRequest,
	ownedBucket,
	ownerId,
	xmlResponse,
} from "./context";
import { ossError } from "./errors";

interface Page {
	contents: StoredObject[];
	commonPrefixes: string[];
	truncated: boolean;
	/** The last key or common prefix returned: where the next page starts. */
	next?: string;
}

/** Lists keys after `after`, grouping by `delimiter`, up to `maxKeys` entries. */
function listPage(
	objects: StoredObject[],
	prefix: string,
	delimiter: string,
	after: string,
	maxKeys: number,
): Page {
	const page: Page = { contents: [], commonPrefixes: [], truncated: false };
	for (const object of objects) {
		if (object.key <= after) continue;
		const rest = object.key.slice(prefix.length);
		const cut = delimiter ? rest.indexOf(delimiter) : -1;
		const group =
			cut >= 0 ? prefix + rest.slice(0, cut + delimiter.length) : undefined;
		if (group && (page.commonPrefixes.at(-1) === group || group <= after))
			continue;
		if (page.contents.length + page.commonPrefixes.length === maxKeys) {
			page.truncated = true;
			break;
		}
		if (group) page.commonPrefixes.push(group);
		else page.contents.push(object);
		page.next = group ?? object.key;
	}
	return page;
}

function maxKeysOf(r: OssRequest): number {
	const raw = r.http.query.get("max-keys");
	if (raw === null || raw === "") return 100;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 1 || value > 1000)
		throw ossError("InvalidArgument", {
			message: "Argument max-keys must be an integer between 1 and 1000.",
		});
	return value;
}

/**
 * ListObjects (GetBucket) and ListObjectsV2 (`list-type=2`).
 * https://www.alibabacloud.com/help/en/oss/developer-reference/listobjects
 * https://www.alibabacloud.com/help/en/oss/developer-reference/listobjectsv2
 */
export function listObjects(ctx: OssContext, r: OssRequest): ServiceResponse {
	const bucket = ownedBucket(ctx, r);
	const q = r.http.query;
	const prefix = q.get("prefix") ?? "";
	const delimiter = q.get("delimiter") ?? "";
	const maxKeys = maxKeysOf(r);
	const v2 = q.get("list-type") === "2";
	const after = v2
		? (q.get("continuation-token") ?? q.get("start-after") ?? "")
		: (q.get("marker") ?? "");
	const page = listPage(
		ctx.store.listObjects(bucket.name, prefix),
		prefix,
		delimiter,
		after,
		maxKeys,
	);
	const withOwner = !v2 || q.get("fetch-owner") === "true";
	const owner = { ID: ownerId(r.account), DisplayName: ownerId(r.account) };
	const contents = page.contents.map((o) => ({
		Key: o.key,
		LastModified: o.lastModified,
		ETag: o.etag,
		Type: "Normal",
		Size: o.body.length,
		StorageClass: o.storageClass,
		...(withOwner ? { Owner: owner } : {}),
	}));
	const common = page.commonPrefixes.map((p) => ({ Prefix: p }));
	const head = v2
		? {
				Name: bucket.name,
				Prefix: prefix,
				...(q.has("start-after") ? { StartAfter: q.get("start-after") } : {}),
				...(q.has("continuation-token")
					? { ContinuationToken: q.get("continuation-token") }
					: {}),
				MaxKeys: maxKeys,
				Delimiter: delimiter,
				IsTruncated: page.truncated,
				...(page.truncated ? { NextContinuationToken: page.next } : {}),
				KeyCount: contents.length + common.length,
			}
		: {
				Name: bucket.name,
				Prefix: prefix,
				Marker: after,
				MaxKeys: maxKeys,
				Delimiter: delimiter,
				IsTruncated: page.truncated,
				...(page.truncated ? { NextMarker: page.next } : {}),
			};
	return xmlResponse({
		ListBucketResult: {
			...head,
			...(contents.length ? { Contents: contents } : {}),
			...(common.length ? { CommonPrefixes: common } : {}),
		},
	});
}
