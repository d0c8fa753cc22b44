import { createHash, randomBytes } from "node:crypto";
import { crc64ecma } from "../core/crc64";
import type { ServiceResponse } from "../core/http";
import { httpDate } from "../core/ids";
import type { StoredBucket, StoredObject } from "../core/store";
import { type CosState, type Handler, requireBucket } from "./context";
import { cosError } from "./errors";
import {
	replicateDelete,
	replicateObject,
	replicationStatus,
	setReplicationStatus,
} from "./replicate";
import {
	maxObjectTags,
	parseTaggingHeader,
	parseTaggingXml,
	renderTagging,
} from "./tagging";

// Storage classes of PUT Object `x-cos-storage-class`. https://cloud.tencent.com/document/product/436/33417
const storageClasses = [
	"STANDARD",
	"STANDARD_IA",
	"INTELLIGENT_TIERING",
	"ARCHIVE",
	"DEEP_ARCHIVE",
	"MAZ_STANDARD",
	"MAZ_STANDARD_IA",
	"MAZ_INTELLIGENT_TIERING",
];

function header(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value.join(",") : value;
}

function versionId(): string {
	return randomBytes(16).toString("base64url");
}

function requireObject(
	state: CosState,
	bucket: StoredBucket,
	key: string,
): StoredObject {
	const object = state.store.getObject(bucket.name, key);
	if (!object) throw cosError("NoSuchKey");
	return object;
}

/** Headers GET and HEAD Object share; `x-cos-storage-class` only for non-STANDARD objects, as COS does. */
function objectHeaders(
	bucket: StoredBucket,
	object: StoredObject,
): Record<string, string> {
	const headers: Record<string, string> = {
		"content-type": object.contentType,
		"content-length": String(object.body.length),
		etag: object.etag,
		"last-modified": httpDate(new Date(object.lastModified)),
		"x-cos-hash-crc64ecma": crc64ecma(object.body),
	};
	if (object.storageClass !== "STANDARD")
		headers["x-cos-storage-class"] = object.storageClass;
	if (object.versionId) headers["x-cos-version-id"] = object.versionId;
	const tagCount = Object.keys(object.tags).length;
	if (tagCount) headers["x-cos-tagging-count"] = String(tagCount);
	const status = replicationStatus(bucket, object.key);
	if (status) headers["x-cos-replication-status"] = status;
	return headers;
}

/**
 * PUT Object — stores the body with `Content-Type`, `x-cos-storage-class` and `x-cos-tagging`;
 * then schedules replication by the bucket's enabled rules.
 * https://cloud.tencent.com/document/product/436/7749
 */
export const putObject: Handler = (state, call) => {
	const { req, target } = call;
	const bucket = requireBucket(state, call);
	const storageClass = (
		header(req.headers["x-cos-storage-class"]) ?? "STANDARD"
	).toUpperCase();
	if (!storageClasses.includes(storageClass))
		throw cosError("NotSupportedStorageClass");
	const object: StoredObject = {
		key: target.key,
		body: req.body,
		etag: `"${createHash("md5").update(req.body).digest("hex")}"`,
		lastModified: new Date().toISOString(),
		contentType:
			header(req.headers["content-type"]) ?? "application/octet-stream",
		storageClass,
		tags: parseTaggingHeader(header(req.headers["x-cos-tagging"])),
		...(bucket.versioning === "Enabled" ? { versionId: versionId() } : {}),
	};
	state.store.putObject(bucket.name, object);
	replicateObject(state, bucket, object);
	state.store.saveBucket(bucket);
	// The SDKs compare the CRC64 with their own (cos-go-sdk-v5 fails the upload without it).
	const headers: Record<string, string> = {
		etag: object.etag,
		"x-cos-hash-crc64ecma": crc64ecma(object.body),
	};
	if (object.versionId) headers["x-cos-version-id"] = object.versionId;
	return { status: 200, headers };
};

/** GET Object — the body and its metadata. https://cloud.tencent.com/document/product/436/7753 */
export const getObject: Handler = (state, call) => {
	const bucket = requireBucket(state, call);
	const object = requireObject(state, bucket, call.target.key);
	return {
		status: 200,
		headers: objectHeaders(bucket, object),
		body: object.body,
	};
};

/** HEAD Object — the metadata of GET Object, no body. https://cloud.tencent.com/document/product/436/7745 */
export const headObject: Handler = (state, call) => {
	const bucket = requireBucket(state, call);
	const object = requireObject(state, bucket, call.target.key);
	return { status: 200, headers: objectHeaders(bucket, object) };
};

/**
 * DELETE Object — 204 whether or not the key exists. On a versioned bucket the answer names a
 * delete marker (`x-cos-delete-marker`), which replication carries to destinations.
 * https://cloud.tencent.com/document/product/436/7743
 */
export const deleteObject: Handler = (state, call) => {
	const bucket = requireBucket(state, call);
	const key = call.target.key;
	const existing = state.store.getObject(bucket.name, key);
	if (existing) state.store.deleteObject(bucket.name, key);
	setReplicationStatus(bucket, key, undefined);
	state.store.saveBucket(bucket);
	const response: ServiceResponse = { status: 204 };
	if (bucket.versioning === "Enabled") {
		response.headers = {
			"x-cos-delete-marker": "true",
			"x-cos-version-id": versionId(),
		};
		replicateDelete(state, bucket, key, existing?.tags ?? {});
	}
	return response;
};

/**
 * PUT Object tagging — replaces the object's tags (at most 10). Tagging an existing object does
 * not replicate it again (README).
 * https://cloud.tencent.com/document/product/436/42997
 */
export const putObjectTagging: Handler = (state, call) => {
	const bucket = requireBucket(state, call);
	const object = requireObject(state, bucket, call.target.key);
	const tags = parseTaggingXml(call.req.body, maxObjectTags);
	state.store.putObject(bucket.name, { ...object, tags });
	return { status: 200 };
};

/** GET Object tagging — an empty TagSet when untagged. https://cloud.tencent.com/document/product/436/42998 */
export const getObjectTagging: Handler = (state, call) => {
	const bucket = requireBucket(state, call);
	const object = requireObject(state, bucket, call.target.key);
	return {
		status: 200,
		headers: { "content-type": "application/xml" },
		body: renderTagging(object.tags),
	};
};

/** DELETE Object tagging — 204. https://cloud.tencent.com/document/product/436/42999 */
export const deleteObjectTagging: Handler = (state, call) => {
	const bucket = requireBucket(state, call);
	const object = requireObject(state, bucket, call.target.key);
	state.store.putObject(bucket.name, { ...object, tags: {} });
	return { status: 204 };
};
