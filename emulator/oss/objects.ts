import { createHash } from "node:crypto";
import type { ServiceResponse } from "../core/http";
import { httpDate } from "../core/ids";
import type { StoredBucket, StoredObject } from "../core/store";
import { isValidObjectName } from "./addressing";
import { bucketStorageClass } from "./buckets";
import {
	type OssContext,
	type OssRequest,
	ownedBucket,
	requestXml,
	xmlResponse,
} from "./context";
import { ossError } from "./errors";
import { markReplica, newVersionId } from "./replicate";

/** Object tags: at most 10, key 1-128 and value 0-256 characters (PutObjectTagging limits). */
function checkTags(tags: Array<[string, string]>): Record<string, string> {
	if (tags.length > 10)
		throw ossError("InvalidArgument", {
			message: "Object tags cannot be greater than 10.",
		});
	for (const [key, value] of tags) {
		if (key.length < 1 || key.length > 128 || value.length > 256)
			throw ossError("InvalidArgument", {
				message: "The tag key or value is invalid.",
			});
	}
	return Object.fromEntries(tags);
}

function objectKey(r: OssRequest): string {
	const key = r.address.key;
	if (!isValidObjectName(key))
		throw ossError("InvalidObjectName", { fields: { Key: key } });
	return key;
}

function existingObject(
	ctx: OssContext,
	bucket: StoredBucket,
	key: string,
): StoredObject {
	const object = ctx.store.getObject(bucket.name, key);
	if (!object) throw ossError("NoSuchKey", { fields: { Key: key } });
	return object;
}

/** Response headers OSS sends for an object (GetObject, HeadObject). */
function objectHeaders(object: StoredObject): Record<string, string> {
	const tagCount = Object.keys(object.tags).length;
	return {
		"content-type": object.contentType,
		etag: object.etag,
		"last-modified": httpDate(new Date(object.lastModified)),
		"x-oss-object-type": "Normal",
		"x-oss-storage-class": object.storageClass,
		...(object.versionId ? { "x-oss-version-id": object.versionId } : {}),
		...(tagCount ? { "x-oss-tagging-count": String(tagCount) } : {}),
	};
}

/** Cleared when a client writes or deletes a key that replication had written. */
function clearReplicaMark(
	ctx: OssContext,
	bucket: StoredBucket,
	key: string,
): void {
	if (markReplica(bucket, key, false)) ctx.store.saveBucket(bucket);
}

/**
 * PutObject: uploads an object; `x-oss-tagging` sets its tags, `x-oss-storage-class` its class.
 * https://www.alibabacloud.com/help/en/oss/developer-reference/putobject
 */
export function putObject(ctx: OssContext, r: OssRequest): ServiceResponse {
	const bucket = ownedBucket(ctx, r);
	const key = objectKey(r);
	if (r.http.headers["x-oss-copy-source"])
		throw ossError("NotImplemented", {
			message: "CopyObject is not emulated.",
		});
	const tagging = String(r.http.headers["x-oss-tagging"] ?? "");
	const object: StoredObject = {
		key,
		body: r.http.body,
		etag: `"${createHash("md5").update(r.http.body).digest("hex").toUpperCase()}"`,
		lastModified: new Date().toISOString(),
		contentType: String(
			r.http.headers["content-type"] ?? "application/octet-stream",
		),
		storageClass: String(
			r.http.headers["x-oss-storage-class"] ?? bucketStorageClass(bucket),
		),
		tags: checkTags([...new URLSearchParams(tagging)]),
		versionId: bucket.versioning === "Enabled" ? newVersionId() : undefined,
	};
	ctx.store.putObject(bucket.name, object);
	clearReplicaMark(ctx, bucket, key);
	ctx.replication.objectWritten(bucket.name, object);
	return {
		status: 200,
		headers: {
			etag: object.etag,
			...(object.versionId ? { "x-oss-version-id": object.versionId } : {}),
		},
	};
}

/**
 * GetObject: https://www.alibabacloud.com/help/en/oss/developer-reference/getobject
 */
export function getObject(ctx: OssContext, r: OssRequest): ServiceResponse {
	const object = existingObject(ctx, ownedBucket(ctx, r), objectKey(r));
	return { status: 200, headers: objectHeaders(object), body: object.body };
}

/**
 * HeadObject: the object's headers, no body; errors travel in `x-oss-err`.
 * https://www.alibabacloud.com/help/en/oss/developer-reference/headobject
 */
export function headObject(ctx: OssContext, r: OssRequest): ServiceResponse {
	const object = existingObject(ctx, ownedBucket(ctx, r), objectKey(r));
	return { status: 200, headers: objectHeaders(object), body: object.body };
}

/**
 * DeleteObject: 204 whether or not the object existed.
 * https://www.alibabacloud.com/help/en/oss/developer-reference/deleteobject
 */
export function deleteObject(ctx: OssContext, r: OssRequest): ServiceResponse {
	const bucket = ownedBucket(ctx, r);
	const key = objectKey(r);
	const object = ctx.store.getObject(bucket.name, key);
	if (object) {
		ctx.store.deleteObject(bucket.name, key);
		clearReplicaMark(ctx, bucket, key);
		ctx.replication.objectDeleted(bucket.name, object);
	}
	return { status: 204 };
}

/**
 * GetObjectTagging: https://www.alibabacloud.com/help/en/oss/developer-reference/getobjecttagging
 */
export function getObjectTagging(
	ctx: OssContext,
	r: OssRequest,
): ServiceResponse {
	const object = existingObject(ctx, ownedBucket(ctx, r), objectKey(r));
	const tags = Object.entries(object.tags).map(([Key, Value]) => ({
		Key,
		Value,
	}));
	return xmlResponse({ Tagging: { TagSet: tags.length ? { Tag: tags } : "" } });
}

/**
 * PutObjectTagging: replaces the object's tags. Changing tags does not trigger replication.
 * https://www.alibabacloud.com/help/en/oss/developer-reference/putobjecttagging
 */
export function putObjectTagging(
	ctx: OssContext,
	r: OssRequest,
): ServiceResponse {
	const bucket = ownedBucket(ctx, r);
	const object = existingObject(ctx, bucket, objectKey(r));
	const tagging = requestXml(r, ["Tag"]).Tagging as
		| { TagSet?: { Tag?: unknown[] } | "" }
		| undefined;
	if (tagging === undefined || typeof tagging !== "object")
		throw ossError("MalformedXML");
	const list =
		(typeof tagging.TagSet === "object" ? tagging.TagSet.Tag : undefined) ?? [];
	const tags = list.map((t) => {
		const tag = t as { Key?: unknown; Value?: unknown };
		if (
			typeof tag.Key !== "string" ||
			(tag.Value !== undefined && typeof tag.Value !== "string")
		)
			throw ossError("MalformedXML");
		return [tag.Key, tag.Value ?? ""] as [string, string];
	});
	ctx.store.putObject(bucket.name, { ...object, tags: checkTags(tags) });
	return { status: 200 };
}

/**
 * DeleteObjectTagging: https://www.alibabacloud.com/help/en/oss/developer-reference/deleteobjecttagging
 */
export function deleteObjectTagging(
	ctx: OssContext,
	r: OssRequest,
): ServiceResponse {
	const bucket = ownedBucket(ctx, r);
	const object = existingObject(ctx, bucket, objectKey(r));
	ctx.store.putObject(bucket.name, { ...object, tags: {} });
	return { status: 204 };
}
