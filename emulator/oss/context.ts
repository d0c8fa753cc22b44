import { createHash } from "node:crypto";
import type { Account } from "../core/accounts";
import type { ServiceRequest, ServiceResponse } from "../core/http";
import type { CloudOptions } from "../core/service";
import type { BucketStore, StoredBucket } from "../core/store";
import { parseXml, toXml } from "../core/xml";
import type { Address } from "./addressing";
import { ossError } from "./errors";
import type { Replication } from "./replicate";

/** What every handler shares: the store, the options and the asynchronous replication engine. */
export interface OssContext {
	store: BucketStore;
	options: CloudOptions;
	replication: Replication;
}

/** One authenticated request, with the bucket and key it addresses. */
export interface OssRequest {
	http: ServiceRequest;
	account: Account;
	address: Address;
	/** `oss-<region>` of the V4 credential scope. */
	signingRegion?: string;
}

/** Stable numeric owner id of an account, in the shape of an Alibaba Cloud UID. */
export function ownerId(account: Account): string {
	return BigInt(
		`0x${createHash("sha256").update(account.name).digest("hex").slice(0, 13)}`,
	).toString();
}

/**
 * The addressed bucket, when it exists and belongs to the caller. A Host naming another region is
 * refused as OSS does: the bucket must be addressed through its own region's endpoint.
 */
export function ownedBucket(ctx: OssContext, r: OssRequest): StoredBucket {
	const name = r.address.bucket ?? "";
	const bucket = ctx.store.getBucket(name);
	if (!bucket) throw ossError("NoSuchBucket", { fields: { BucketName: name } });
	if (bucket.owner !== r.account.name)
		throw ossError("AccessDenied", {
			message: "The bucket you access does not belong to you.",
		});
	if (r.address.hostRegion && r.address.hostRegion !== bucket.region)
		throw ossError("AccessDenied", {
			message:
				"The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.",
			fields: { BucketName: name, Endpoint: `${bucket.region}.aliyuncs.com` },
		});
	return bucket;
}

/** A 200 answer with an XML document, as every OSS read returns. */
export function xmlResponse(
	document: Record<string, unknown>,
	headers: Record<string, string> = {},
): ServiceResponse {
	return {
		status: 200,
		headers: { "content-type": "application/xml", ...headers },
		body: toXml(document),
	};
}

/** Parses a request body; a body that is not well-formed XML is the service's `MalformedXML`. */
export function requestXml(
	r: OssRequest,
	arrays: readonly string[] = [],
): Record<string, unknown> {
	const doc = parseXml(r.http.body.toString("utf8"), arrays);
	if (!doc) throw ossError("MalformedXML");
	return doc;
}
