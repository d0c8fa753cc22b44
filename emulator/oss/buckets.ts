import type { ServiceResponse } from "../core/http";
import type { StoredBucket } from "../core/store";
import { isValidBucketName } from "./addressing";
import {
	type OssContext,
	type OssRequest,
	ownedBucket,
	ownerId,
	requestXml,
	xmlResponse,
} from "./context";
import { ossError } from "./errors";
import { defaultRegion, isKnownRegion } from "./regions";
import { rulesOf } from "./rules";

const storageClasses = [
	"Standard",
	"IA",
	"Archive",
	"ColdArchive",
	"DeepColdArchive",
];

export function bucketStorageClass(bucket: StoredBucket): string {
	return (bucket.config.storageClass as string | undefined) ?? "Standard";
}

/**
 * PutBucket: creates a bucket.
 * https://www.alibabacloud.com/help/en/oss/developer-reference/putbucket (reference §2.3)
 */
export function putBucket(ctx: OssContext, r: OssRequest): ServiceResponse {
	const name = r.address.bucket ?? "";
	if (!isValidBucketName(name))
		throw ossError("InvalidBucketName", { fields: { BucketName: name } });
	if (ctx.store.getBucket(name))
		throw ossError("BucketAlreadyExists", { fields: { BucketName: name } });
	let storageClass = "Standard";
	if (r.http.body.length) {
		const doc = requestXml(r);
		const config = doc.CreateBucketConfiguration;
		if (config === undefined) throw ossError("MalformedXML");
		const requested =
			typeof config === "object"
				? (config as Record<string, unknown>).StorageClass
				: undefined;
		if (requested !== undefined) {
			if (typeof requested !== "string" || !storageClasses.includes(requested))
				throw ossError("InvalidArgument", {
					message: "Invalid storage class.",
				});
			storageClass = requested;
		}
	}
	// The region is the endpoint's (Host), else the V4 credential scope's, else the default.
	const region = r.address.hostRegion ?? r.signingRegion ?? defaultRegion;
	if (!isKnownRegion(region))
		throw ossError("InvalidArgument", { message: `Unknown region ${region}.` });
	ctx.store.saveBucket({
		name,
		region,
		owner: r.account.name,
		createdAt: new Date().toISOString(),
		tags: {},
		config: { storageClass },
	});
	return { status: 200, headers: { location: `/${name}` } };
}

/**
 * DeleteBucket: deletes an empty bucket (409 BucketNotEmpty otherwise).
 * https://www.alibabacloud.com/help/en/oss/developer-reference/deletebucket
 */
export function deleteBucket(ctx: OssContext, r: OssRequest): ServiceResponse {
	const bucket = ownedBucket(ctx, r);
	if (ctx.store.listObjects(bucket.name).length)
		throw ossError("BucketNotEmpty", { fields: { BucketName: bucket.name } });
	ctx.store.deleteBucket(bucket.name);
	return { status: 204 };
}

/**
 * ListBuckets (GetService): the caller's buckets.
 * https://www.alibabacloud.com/help/en/oss/developer-reference/listbuckets
 */
export function listBuckets(ctx: OssContext, r: OssRequest): ServiceResponse {
	const prefix = r.http.query.get("prefix") ?? "";
	const buckets = ctx.store
		.listBuckets()
		.filter((b) => b.owner === r.account.name && b.name.startsWith(prefix))
		.sort((a, b) => (a.name < b.name ? -1 : 1));
	return xmlResponse({
		ListAllMyBucketsResult: {
			Owner: { ID: ownerId(r.account), DisplayName: ownerId(r.account) },
			Buckets: {
				Bucket: buckets.map((b) => ({
					CreationDate: b.createdAt,
					ExtranetEndpoint: `${b.region}.aliyuncs.com`,
					IntranetEndpoint: `${b.region}-internal.aliyuncs.com`,
					Location: b.region,
					Name: b.name,
					Region: b.region.replace(/^oss-/, ""),
					StorageClass: bucketStorageClass(b),
				})),
			},
		},
	});
}

/**
 * GetBucketInfo: a bucket's details; ali-oss `getBucketInfo` is how clients check existence.
 * https://www.alibabacloud.com/help/en/oss/developer-reference/getbucketinfo (reference §2.3)
 */
export function getBucketInfo(ctx: OssContext, r: OssRequest): ServiceResponse {
	const bucket = ownedBucket(ctx, r);
	return xmlResponse({
		BucketInfo: {
			Bucket: {
				CreationDate: bucket.createdAt,
				ExtranetEndpoint: `${bucket.region}.aliyuncs.com`,
				IntranetEndpoint: `${bucket.region}-internal.aliyuncs.com`,
				Location: bucket.region,
				StorageClass: bucketStorageClass(bucket),
				TransferAcceleration: "Disabled",
				CrossRegionReplication: rulesOf(bucket).length ? "Enabled" : "Disabled",
				Name: bucket.name,
				...(bucket.versioning ? { Versioning: bucket.versioning } : {}),
				Owner: { DisplayName: ownerId(r.account), ID: ownerId(r.account) },
				AccessControlList: { Grant: "private" },
				Comment: "",
			},
		},
	});
}

/**
 * GetBucketLocation: `<LocationConstraint>oss-cn-hangzhou</LocationConstraint>`.
 * https://www.alibabacloud.com/help/en/oss/developer-reference/getbucketlocation
 */
export function getBucketLocation(
	ctx: OssContext,
	r: OssRequest,
): ServiceResponse {
	return xmlResponse({ LocationConstraint: ownedBucket(ctx, r).region });
}

/**
 * GetBucketVersioning: `<VersioningConfiguration>` with `Status` once versioning was ever set; before,
 * the doc's sample for a bucket without versioning, `<VersioningConfiguration xmlns="http://doc.oss-cn-hangzhou.aliyuncs.com"/>`
 * (with the bucket's region).
 * https://www.alibabacloud.com/help/en/oss/developer-reference/getbucketversioning (reference §2.4)
 */
export function getBucketVersioning(
	ctx: OssContext,
	r: OssRequest,
): ServiceResponse {
	const bucket = ownedBucket(ctx, r);
	if (!bucket.versioning)
		return {
			...xmlResponse({}),
			body: `<VersioningConfiguration xmlns="http://doc.${bucket.region}.aliyuncs.com"/>`,
		};
	return xmlResponse({
		VersioningConfiguration: { Status: bucket.versioning },
	});
}

/**
 * PutBucketVersioning: Enabled or Suspended; never back to unversioned.
 * https://www.alibabacloud.com/help/en/oss/developer-reference/putbucketversioning (reference §2.4)
 */
export function putBucketVersioning(
	ctx: OssContext,
	r: OssRequest,
): ServiceResponse {
	const bucket = ownedBucket(ctx, r);
	const config = requestXml(r).VersioningConfiguration;
	if (config === undefined) throw ossError("MalformedXML");
	const status =
		typeof config === "object"
			? (config as Record<string, unknown>).Status
			: undefined;
	if (status === undefined || status === "")
		throw ossError("InvalidArgument", {
			message: "The versioning status is empty.",
			ec: "0012-00000003",
		});
	if (status !== "Enabled" && status !== "Suspended")
		throw ossError("InvalidArgument", {
			message: "The versioning status is invalid.",
			ec: "0012-00000004",
		});
	if (status === bucket.versioning) return { status: 200 };
	// CRR limits: "the versioning status of two buckets joined by a rule cannot be changed" (reference §2.4).
	if (inReplication(ctx, bucket.name))
		throw ossError("InvalidBucketState", {
			message:
				"The versioning state of a bucket in a replication relationship cannot be changed.",
		});
	bucket.versioning = status;
	ctx.store.saveBucket(bucket);
	return { status: 200 };
}

/** Whether a bucket is the source or the destination of any rule (closing rules included). */
function inReplication(ctx: OssContext, name: string): boolean {
	return ctx.store
		.listBuckets()
		.some((b) =>
			rulesOf(b).some(
				(rule) => b.name === name || rule.destination.bucket === name,
			),
		);
}
