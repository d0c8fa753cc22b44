import type { ServiceRequest } from "../core/http";
import { cosError } from "./errors";

/** What a COS request addresses: the bucket comes from the Host header, the key from the path. */
export interface Target {
	/** `<BucketName-APPID>`, as on the wire. */
	bucket: string;
	appId: string;
	region: string;
	/** Decoded object key; empty for bucket operations. */
	key: string;
}

// Virtual-hosted only: `<BucketName-APPID>.cos.<Region>.myqcloud.com` (reference §1.1), or the
// backup domain `tencentcos.cn` the SDK switches to.
const hostPattern =
	/^([^.]+)\.cos\.([a-z0-9-]+)\.(?:myqcloud\.com|tencentcos\.cn)$/;
// Lower-case letters, digits and `-`, not starting or ending with `-`, then `-<APPID>`.
// Bucket naming rules: https://cloud.tencent.com/document/product/436/13312
const bucketPattern = /^([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)-(\d+)$/;
// "组成的完整请求域名字符数总计最多60个字符" (the whole request domain is at most 60 characters), same page.
const maxDomainLength = 60;

/** Reads bucket, region and key from the request, or throws the vendor's 4xx. */
export function parseTarget(req: ServiceRequest): Target {
	const host = (req.headers.host ?? "").toLowerCase().replace(/:\d+$/, "");
	const match = hostPattern.exec(host);
	if (!match) {
		throw cosError(
			"InvalidURI",
			"The Host header must be <BucketName-APPID>.cos.<Region>.myqcloud.com.",
		);
	}
	const [, bucket, region] = match;
	const name = bucketPattern.exec(bucket);
	if (
		!name ||
		`${bucket}.cos.${region}.myqcloud.com`.length > maxDomainLength
	) {
		throw cosError("InvalidBucketName");
	}
	let path: string;
	try {
		path = decodeURIComponent(req.rawPath);
	} catch {
		throw cosError("InvalidURI");
	}
	return { bucket, appId: name[2], region, key: path.replace(/^\//, "") };
}
