import { createHash } from "node:crypto";
import type { ServiceResponse } from "../core/http";
import { httpDate } from "../core/ids";
import type { StoredObject } from "../core/store";
import { ownedBucket } from "./buckets";
import { bosConfig } from "./config";
import type { BosContext, Handler } from "./context";
import { bosError } from "./errors";
import { emptyResponse, jsonResponse } from "./responses";

const storageClasses = [
	"STANDARD",
	"STANDARD_IA",
	"COLD",
	"ARCHIVE",
	"MAZ_STANDARD",
	"MAZ_STANDARD_IA",
];

function header(ctx: BosContext, name: string): string | undefined {
	const value = ctx.req.headers[name];
	return Array.isArray(value) ? value[0] : value;
}

/**
 * PutObject: stores the body; `Content-MD5` is checked (`BadDigest`), `x-bce-storage-class` picks
 * the class (default STANDARD, MAZ_STANDARD in a multi-AZ bucket). Answers 200 with the ETag.
 * Then enabled replication rules copy it (BOS error table: https://cloud.baidu.com/doc/BOS/s/Ajwvysfpl).
 */
export const putObject: Handler = (ctx) => {
	const bucket = ownedBucket(ctx);
	const body = ctx.req.body;
	const md5 = createHash("md5").update(body);
	const contentMd5 = header(ctx, "content-md5");
	if (contentMd5 !== undefined && contentMd5 !== md5.copy().digest("base64")) {
		throw bosError("BadDigest");
	}
	const storageClass =
		header(ctx, "x-bce-storage-class") ??
		(bosConfig(bucket).multiAz ? "MAZ_STANDARD" : "STANDARD");
	if (!storageClasses.includes(storageClass)) {
		throw bosError(
			"InvalidArgument",
			`${storageClass} is not a valid storage class.`,
		);
	}
	const object: StoredObject = {
		key: ctx.key,
		body,
		etag: md5.digest("hex"),
		lastModified: new Date().toISOString(),
		contentType: header(ctx, "content-type") ?? "application/octet-stream",
		storageClass,
		tags: {},
	};
	ctx.state.store.putObject(bucket.name, object);
	ctx.state.copier.objectWritten(bucket.name, object);
	return { status: 200, headers: { server: "BceBos", etag: object.etag } };
};

function existingObject(ctx: BosContext): StoredObject {
	const bucket = ownedBucket(ctx);
	const object = ctx.state.store.getObject(bucket.name, ctx.key);
	if (!object) throw bosError("NoSuchKey");
	return object;
}

function objectHeaders(object: StoredObject): Record<string, string> {
	return {
		server: "BceBos",
		"content-type": object.contentType,
		"content-length": String(object.body.length),
		etag: object.etag,
		"last-modified": httpDate(new Date(object.lastModified)),
		"x-bce-storage-class": object.storageClass,
	};
}

/** GetObject: the whole body with its metadata headers (https://cloud.baidu.com/doc/BOS/s/xkc5pcmcj). */
export const getObject: Handler = (ctx) => {
	const object = existingObject(ctx);
	return { status: 200, headers: objectHeaders(object), body: object.body };
};

/** GetObjectMeta (HEAD): the metadata headers without the body. */
export const headObject: Handler = (ctx): ServiceResponse => {
	const object = existingObject(ctx);
	return { status: 200, headers: objectHeaders(object) };
};

/**
 * DeleteObject: 204; [INFERRED] a missing key is `NoSuchKey` 404
 * (https://cloud.baidu.com/doc/BOS/s/bkc5tsslq). Rules with `replicateDeletes` delete the replica.
 */
export const deleteObject: Handler = (ctx) => {
	const object = existingObject(ctx);
	ctx.state.store.deleteObject(ctx.bucketName, object.key);
	ctx.state.copier.objectDeleted(ctx.bucketName, object.key);
	return emptyResponse(204);
};

/**
 * ListObjects: `prefix`, `marker`, `maxKeys` (1-1000) and `delimiter`, answered in JSON with
 * `contents` and `commonPrefixes` (https://cloud.baidu.com/doc/BOS/s/Ekc4epj6m).
 */
export const listObjects: Handler = (ctx) => {
	const bucket = ownedBucket(ctx);
	const prefix = ctx.query.get("prefix") ?? "";
	const marker = ctx.query.get("marker") ?? "";
	const delimiter = ctx.query.get("delimiter") ?? "";
	const maxKeysText = ctx.query.get("maxKeys") ?? "1000";
	const maxKeys = Number(maxKeysText);
	if (!/^\d+$/.test(maxKeysText) || maxKeys < 1 || maxKeys > 1000) {
		throw bosError("InvalidArgument", "maxKeys must be between 1 and 1000.");
	}

	const contents: StoredObject[] = [];
	const commonPrefixes: string[] = [];
	let isTruncated = false;
	let nextMarker = "";
	for (const object of ctx.state.store.listObjects(bucket.name, prefix)) {
		const at = delimiter ? object.key.indexOf(delimiter, prefix.length) : -1;
		const entry =
			at < 0 ? object.key : object.key.slice(0, at + delimiter.length);
		if (entry <= marker || entry === commonPrefixes.at(-1)) continue;
		if (contents.length + commonPrefixes.length === maxKeys) {
			isTruncated = true;
			break;
		}
		nextMarker = entry;
		if (at < 0) contents.push(object);
		else commonPrefixes.push(entry);
	}

	return jsonResponse(200, {
		name: bucket.name,
		prefix,
		delimiter,
		marker,
		maxKeys,
		isTruncated,
		...(isTruncated ? { nextMarker } : {}),
		contents: contents.map((o) => ({
			key: o.key,
			lastModified: o.lastModified.replace(/\.\d+Z$/, "Z"),
			eTag: o.etag,
			size: o.body.length,
			storageClass: o.storageClass,
			owner: { id: bucket.owner, displayName: bucket.owner },
		})),
		commonPrefixes: commonPrefixes.map((p) => ({ prefix: p })),
	});
};
