import type { StoredBucket } from "../core/store";
import { bosConfig } from "./config";
import type { BosContext, Handler } from "./context";
import { bosError } from "./errors";
import { regionOfHost } from "./regions";
import { emptyResponse, jsonResponse } from "./responses";

/** [INFERRED] BOS naming: 4-63 of lower-case letters, digits and `-`, starting and ending alphanumeric. */
const bucketNamePattern = /^[a-z0-9][a-z0-9-]{2,61}[a-z0-9]$/;

export function checkBucketName(name: string): void {
	if (!bucketNamePattern.test(name)) throw bosError("InvalidBucketName");
}

/** The request's bucket, which must exist and belong to the signing account. */
export function ownedBucket(ctx: BosContext): StoredBucket {
	const bucket = ctx.state.store.getBucket(ctx.bucketName);
	if (!bucket) throw bosError("NoSuchBucket");
	if (bucket.owner !== ctx.account.name) throw bosError("AccessDenied");
	return bucket;
}

/** Parses an optional JSON object body (`MalformedJSON` when it is not one). */
export function jsonBody(ctx: BosContext): Record<string, unknown> {
	const text = ctx.req.body.toString("utf8").trim();
	if (!text) return {};
	try {
		const value: unknown = JSON.parse(text);
		if (typeof value === "object" && value !== null && !Array.isArray(value)) {
			return value as Record<string, unknown>;
		}
	} catch {}
	throw bosError("MalformedJSON");
}

/**
 * PutBucket: creates a bucket; the Node SDK always sends `{"enableMultiAZ":false}`. A taken name is
 * `BucketAlreadyExists` 409, whoever owns it (reference §3.3, https://cloud.baidu.com/doc/BOS/s/Ajwvysfpl).
 */
export const createBucket: Handler = (ctx) => {
	const body = jsonBody(ctx);
	if (
		body.enableMultiAZ !== undefined &&
		typeof body.enableMultiAZ !== "boolean"
	) {
		throw bosError("InappropriateJSON", "enableMultiAZ must be a boolean.");
	}
	if (ctx.state.store.getBucket(ctx.bucketName)) {
		throw bosError("BucketAlreadyExists");
	}
	const bucket: StoredBucket = {
		name: ctx.bucketName,
		// The Host's region (`<region>.bcebos.com`, which the provider sends to an IP endpoint too);
		// a Host naming none (an IP) is Beijing, the default (README.md "Regions").
		region: regionOfHost(ctx.req) ?? "bj",
		owner: ctx.account.name,
		createdAt: new Date().toISOString(),
		tags: {},
		config: {},
	};
	bosConfig(bucket).multiAz = body.enableMultiAZ === true;
	ctx.state.store.saveBucket(bucket);
	return emptyResponse();
};

/**
 * HeadBucket: 200 when the bucket exists and is the caller's, 403 when it is another account's,
 * 404 when missing; no body (https://cloud.baidu.com/doc/BOS/s/Mkc4eqkiz, reference §3.3).
 */
export const headBucket: Handler = (ctx) => {
	ownedBucket(ctx);
	return emptyResponse();
};

/**
 * DeleteBucket: refused with `BucketNotEmpty` 409 while objects remain, and with
 * `ReplicationStatusNotEmpty` while replication rules remain (terraform-provider-baiducloud
 * deletes the rules and retries on that code, reference §3.5). [INFERRED] 204 on success.
 */
export const deleteBucket: Handler = (ctx) => {
	const bucket = ownedBucket(ctx);
	const { store } = ctx.state;
	if (store.listObjects(bucket.name).length > 0) {
		throw bosError("BucketNotEmpty");
	}
	if (bosConfig(bucket).replication.length > 0) {
		throw bosError("ReplicationStatusNotEmpty");
	}
	store.deleteBucket(bucket.name);
	return emptyResponse(204);
};

const versioningStatus = {
	Enabled: "enabled",
	Suspended: "suspended",
	none: "notEnabled",
} as const;

/**
 * GetBucketVersioning: `{"status":"enabled"|"suspended"|"notEnabled"}`
 * (https://cloud.baidu.com/doc/BOS/s/zlxucuoxg, reference §3.4).
 */
export const getVersioning: Handler = (ctx) => {
	const bucket = ownedBucket(ctx);
	return jsonResponse(200, {
		status: versioningStatus[bucket.versioning ?? "none"],
	});
};

/**
 * PutBucketVersioning: `{"status":"enabled"|"suspended"|"notEnabled"}`; once enabled a bucket can
 * only be suspended, never back to not enabled (https://cloud.baidu.com/doc/BOS/s/flxucacoe,
 * https://cloud.baidu.com/doc/BOS/s/Ylxuahuws, reference §3.4). [INFERRED] code of that refusal.
 */
export const putVersioning: Handler = (ctx) => {
	const bucket = ownedBucket(ctx);
	const { status } = jsonBody(ctx);
	if (status === "enabled") bucket.versioning = "Enabled";
	else if (status === "suspended") bucket.versioning = "Suspended";
	else if (status === "notEnabled") {
		if (bucket.versioning) {
			throw bosError(
				"InvalidArgument",
				"Versioning cannot go back to notEnabled once enabled; suspend it instead.",
			);
		}
	} else {
		throw bosError(
			"InappropriateJSON",
			'status must be "enabled", "suspended" or "notEnabled".',
		);
	}
	ctx.state.store.saveBucket(bucket);
	return emptyResponse();
};
