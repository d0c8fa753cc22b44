import type { ServiceResponse } from "../core/http";
import { decode } from "./auth";
import {
	checkBucketName,
	createBucket,
	deleteBucket,
	getVersioning,
	headBucket,
	putVersioning,
} from "./buckets";
import type { BosContext, Handler } from "./context";
import { bosError } from "./errors";
import {
	deleteObject,
	getObject,
	headObject,
	listObjects,
	putObject,
} from "./objects";
import { bucketOfHost } from "./regions";
import {
	deleteReplication,
	getReplication,
	getReplicationProgress,
	listReplication,
	putReplication,
} from "./replication";

/** Bucket operations by `METHOD sub-resource` ("" = the bucket itself). */
const bucketRoutes: Record<string, Handler> = {
	"PUT ": createBucket,
	"HEAD ": headBucket,
	"DELETE ": deleteBucket,
	"GET ": listObjects,
	"GET versioning": getVersioning,
	"PUT versioning": putVersioning,
	"PUT replication": putReplication,
	"GET replication": getReplication,
	"DELETE replication": deleteReplication,
	"GET replication&list": listReplication,
	"GET replicationProgress": getReplicationProgress,
};

const objectRoutes: Record<string, Handler> = {
	PUT: putObject,
	GET: getObject,
	HEAD: headObject,
	DELETE: deleteObject,
};

/** Parameters of ListObjects, which is the bucket itself rather than a sub-resource. */
const listParameters = new Set(["prefix", "marker", "maxKeys", "delimiter"]);

/**
 * The sub-resource a bucket request names. `?replication` and `?replication=` are the same (the
 * SDKs send `=`, reference §4). Any other parameter is a sub-resource we do not emulate.
 */
function bucketSubresource(query: Map<string, string>): string {
	if (query.has("replication"))
		return query.has("list") ? "replication&list" : "replication";
	if (query.has("replicationProgress")) return "replicationProgress";
	if (query.has("versioning")) return "versioning";
	const unknown = [...query.keys()].find((k) => !listParameters.has(k));
	return unknown === undefined ? "" : `?${unknown}`;
}

/**
 * Path style (reference §3.1): `/<bucket>` for bucket operations, `/<bucket>/<key>` for objects,
 * with or without the `/v1` version prefix.
 * `pairs`: the decoded query, as `authenticate` decoded it for the signature.
 */
export function route(
	{ state, req, account }: Omit<BosContext, "bucketName" | "key" | "query">,
	pairs: Array<[string, string]>,
): ServiceResponse {
	const bare = req.rawPath.startsWith("/") ? req.rawPath.slice(1) : req.rawPath;
	// The API version prefix `/v1/<bucket>/<key>`: the SDK's generatePresignedUrl puts it in the URL
	// (bos_client.js, unless `removeVersionPrefix`) and signs it; no bucket is named "v1" (4-63 chars).
	const versionless =
		bare === "v1" || bare.startsWith("v1/") ? bare.slice(3) : bare;
	// Virtual-hosted (seed 003: "PUT /?replication&id=... Host: <BucketName>.bj.bcebos.com"): the
	// bucket is in the Host and the whole path is the key.
	const hosted = bucketOfHost(req);
	const path = hosted === undefined ? versionless : `${hosted}/${versionless}`;
	const slash = path.indexOf("/");
	const bucketName = hosted ?? decode(slash < 0 ? path : path.slice(0, slash));
	const key = slash < 0 ? "" : decode(path.slice(slash + 1));
	// ListBuckets and other service-level calls are not emulated.
	if (!bucketName) throw bosError("NotImplemented");
	checkBucketName(bucketName);
	// A presigned URL's `authorization` parameter is the signature, and its `x-bce-security-token` the
	// STS token (securityToken.ts): neither is a sub-resource.
	const query = new Map<string, string>();
	for (const [k, v] of pairs)
		if (k.toLowerCase() !== "authorization" && k !== "x-bce-security-token")
			query.set(k, v);
	const full: BosContext = { state, req, account, bucketName, key, query };

	const handler = key
		? objectRoute(full)
		: bucketRoutes[`${req.method} ${bucketSubresource(query)}`];
	if (!handler) throw bosError("NotImplemented");
	return handler(full);
}

/** Object sub-resources (acl, append, multipart, versionId...) and CopyObject are not emulated. */
function objectRoute(ctx: BosContext): Handler | undefined {
	if (ctx.query.size > 0) return undefined;
	if (ctx.req.headers["x-bce-copy-source"] !== undefined) return undefined;
	return objectRoutes[ctx.req.method];
}
