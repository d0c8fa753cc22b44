import type { ServiceResponse } from "../core/http";
import type { StoredBucket } from "../core/store";
import { parseXml, toXml } from "../core/xml";
import { type CosState, type Handler, requireBucket } from "./context";
import { cosError } from "./errors";
import type { ReplicationConfiguration } from "./replicationConfig";
import {
	maxBucketTags,
	parseTaggingHeader,
	parseTaggingXml,
	renderTagging,
} from "./tagging";

const xml = (body: string): ServiceResponse => ({
	status: 200,
	headers: { "content-type": "application/xml" },
	body,
});

/**
 * PUT Bucket — creates a bucket in the region of the Host; 409 BucketAlreadyExists when it exists.
 * `x-cos-tagging` adds up to 50 tags; `<CreateBucketConfiguration><BucketAZConfig>MAZ` makes a
 * multi-AZ bucket (HEAD then answers `x-cos-bucket-az-type: MAZ`).
 * https://cloud.tencent.com/document/product/436/7738
 */
export const putBucket: Handler = (state, { req, target, account }) => {
	const doc =
		req.body.length > 0 ? parseXml(req.body.toString("utf8")) : undefined;
	if (req.body.length > 0 && !doc) throw cosError("MalformedXML");
	if (state.store.getBucket(target.bucket))
		throw cosError("BucketAlreadyExists");
	const tagging = req.headers["x-cos-tagging"];
	const tags = parseTaggingHeader(
		Array.isArray(tagging) ? tagging.join("&") : tagging,
		maxBucketTags,
	);
	const create = doc?.CreateBucketConfiguration as
		| { BucketAZConfig?: unknown }
		| undefined;
	const maz = typeof create === "object" && create.BucketAZConfig === "MAZ";
	state.store.saveBucket({
		name: target.bucket,
		region: target.region,
		owner: account.name,
		createdAt: new Date().toISOString(),
		tags,
		config: maz ? { azType: "MAZ" } : {},
	});
	return { status: 200 };
};

/**
 * HEAD Bucket — whether the bucket exists and the caller may access it (404/403 without a body);
 * `x-cos-bucket-az-type: MAZ` only for a multi-AZ bucket (`x-cos-bucket-region` is added for every
 * bucket-level answer in index.ts). https://cloud.tencent.com/document/product/436/7735
 */
export const headBucket: Handler = (state, call) => {
	const bucket = requireBucket(state, call);
	if (bucket.config.azType === "MAZ")
		return { status: 200, headers: { "x-cos-bucket-az-type": "MAZ" } };
	return { status: 200 };
};

/**
 * DELETE Bucket — deletes an empty bucket (204); 409 BucketNotEmpty otherwise.
 * https://cloud.tencent.com/document/product/436/7732
 */
export const deleteBucket: Handler = (state, call) => {
	const bucket = requireBucket(state, call);
	if (state.store.listObjects(bucket.name).length > 0)
		throw cosError("BucketNotEmpty");
	state.store.deleteBucket(bucket.name);
	return { status: 204 };
};

function maxKeysOf(value: string | null): number {
	if (value === null) return 1000;
	const n = Number(value);
	if (!/^\d+$/.test(value) || n > 1000)
		throw cosError("InvalidArgument", "max-keys must be 0 to 1000.");
	return n;
}

/**
 * GET Bucket (List Objects) — keys in UTF-8 binary order, with prefix, delimiter, marker, max-keys
 * and encoding-type=url. https://cloud.tencent.com/document/product/436/7734
 */
export const getBucket: Handler = (state, call) => {
	const bucket = requireBucket(state, call);
	const q = call.req.query;
	const prefix = q.get("prefix") ?? "";
	const delimiter = q.get("delimiter") ?? "";
	const marker = q.get("marker") ?? "";
	const maxKeys = maxKeysOf(q.get("max-keys"));
	const encodingType = q.get("encoding-type");
	if (encodingType !== null && encodingType !== "url")
		throw cosError("InvalidArgument", "encoding-type must be url.");
	const encode = (s: string) => (encodingType ? encodeURIComponent(s) : s);

	const contents: Record<string, unknown>[] = [];
	const commonPrefixes: string[] = [];
	let isTruncated = false;
	let nextMarker = "";
	for (const o of state.store.listObjects(bucket.name, prefix)) {
		if (o.key <= marker) continue;
		const cut = delimiter ? o.key.indexOf(delimiter, prefix.length) : -1;
		const common = cut >= 0 ? o.key.slice(0, cut + delimiter.length) : "";
		if (common && common === commonPrefixes.at(-1)) continue;
		if (contents.length + commonPrefixes.length === maxKeys) {
			isTruncated = true;
			break;
		}
		nextMarker = common || o.key;
		if (common) commonPrefixes.push(common);
		else
			contents.push({
				Key: encode(o.key),
				LastModified: o.lastModified,
				ETag: o.etag,
				Size: String(o.body.length),
				Owner: { ID: call.target.appId, DisplayName: call.target.appId },
				StorageClass: o.storageClass,
			});
	}
	const result: Record<string, unknown> = {
		Name: bucket.name,
		...(encodingType ? { EncodingType: encodingType } : {}),
		Prefix: encode(prefix),
		Marker: encode(marker),
		MaxKeys: String(maxKeys),
		...(delimiter ? { Delimiter: encode(delimiter) } : {}),
		IsTruncated: String(isTruncated),
		...(isTruncated ? { NextMarker: encode(nextMarker) } : {}),
		CommonPrefixes: commonPrefixes.map((p) => ({ Prefix: encode(p) })),
		Contents: contents,
	};
	return xml(toXml({ ListBucketResult: result }));
};

/**
 * GET Bucket versioning — `<VersioningConfiguration/>` without Status until versioning was set.
 * https://cloud.tencent.com/document/product/436/19888
 */
export const getBucketVersioning: Handler = (state, call) => {
	const bucket = requireBucket(state, call);
	// The doc's body for a bucket never versioned is exactly `<VersioningConfiguration/>`.
	if (!bucket.versioning) return xml(`${toXml({})}<VersioningConfiguration/>`);
	return xml(toXml({ VersioningConfiguration: { Status: bucket.versioning } }));
};

function hasEnabledReplication(bucket: StoredBucket): boolean {
	const config = bucket.config.replication as
		| ReplicationConfiguration
		| undefined;
	return config?.rules.some((r) => r.status === "Enabled") ?? false;
}

/**
 * PUT Bucket versioning — Enabled or Suspended (never back to unset). Its error table: an empty
 * body and a Status other than Enabled/Suspended are 400 InvalidArgument (a Content-MD5 mismatch is
 * InvalidDigest, see index.ts). Suspending while an enabled replication rule exists is refused:
 * "需要关闭存储桶复制规则后，才能暂停版本控制功能"; the code is undocumented, InvalidBucketState 409
 * ([INFERRED], reference §1.4). https://cloud.tencent.com/document/product/436/19889
 */
export const putBucketVersioning: Handler = (state, call) => {
	const bucket = requireBucket(state, call);
	if (!call.req.body.toString("utf8").trim())
		throw cosError("InvalidArgument", "The versioning body is empty.");
	const doc = parseXml(call.req.body.toString("utf8"));
	const config = doc?.VersioningConfiguration as
		| { Status?: unknown }
		| undefined;
	if (!config) throw cosError("MalformedXML");
	const status = config.Status;
	if (status !== "Enabled" && status !== "Suspended")
		throw cosError("InvalidArgument", "Status must be Enabled or Suspended.");
	if (status === "Suspended" && hasEnabledReplication(bucket))
		throw cosError(
			"InvalidBucketState",
			"Turn off the bucket's replication rules before suspending versioning.",
		);
	bucket.versioning = status;
	state.store.saveBucket(bucket);
	return { status: 200 };
};

/**
 * PUT Bucket tagging — replaces the bucket's tags (at most 50).
 * https://cloud.tencent.com/document/product/436/34838
 */
export const putBucketTagging: Handler = (state, call) => {
	const bucket = requireBucket(state, call);
	bucket.tags = parseTaggingXml(call.req.body, maxBucketTags);
	state.store.saveBucket(bucket);
	return { status: 200 };
};

/**
 * GET Bucket tagging — 404 NoSuchTagSet when the bucket has no tags.
 * https://cloud.tencent.com/document/product/436/34837
 */
export const getBucketTagging: Handler = (state, call) => {
	const bucket = requireBucket(state, call);
	if (Object.keys(bucket.tags).length === 0) throw cosError("NoSuchTagSet");
	return xml(renderTagging(bucket.tags));
};

/**
 * DELETE Bucket tagging — 204. https://cloud.tencent.com/document/product/436/34836
 */
export const deleteBucketTagging: Handler = (state: CosState, call) => {
	const bucket = requireBucket(state, call);
	bucket.tags = {};
	state.store.saveBucket(bucket);
	return { status: 204 };
};
