import type { ServiceRequest } from "../core/http";
import { ossError } from "./errors";

/** Which bucket and object a request names, and the region its Host names, if any. */
export interface Address {
	bucket?: string;
	/** Object key, decoded; empty for bucket and service operations. */
	key: string;
	/** `oss-<region>` when the Host is `[<bucket>.]oss-<region>[-internal].aliyuncs.com`. */
	hostRegion?: string;
}

const ossHost = /^(?:([^.]*)\.)?oss-([a-z0-9-]+?)(-internal)?\.aliyuncs\.com$/i;

/**
 * Reads the bucket from the Host (virtual-hosted: ali-oss sends `Host: <bucket>.oss-<region>.aliyuncs.com`
 * when its endpoint is an IP) or else from the first path segment (path style, ali-oss `sldEnable`).
 * Reference §2.1 and §4. ali-oss sends `Host: .oss-<region>.aliyuncs.com` (empty bucket) for ListBuckets.
 */
export function parseAddress(req: ServiceRequest): Address {
	// A path with no `%` is its own decoding: most are, and the test is cheaper (hot path, issue 13).
	let path = req.rawPath;
	if (path.includes("%"))
		try {
			path = decodeURIComponent(path);
		} catch {
			throw ossError("InvalidArgument", {
				message: "The request URI is not valid.",
			});
		}
	// Case is kept: the bucket name is signed as sent, and an upper-case name is InvalidBucketName.
	let host = String(req.headers.host ?? "");
	if (host.includes(":")) host = host.replace(/:\d+$/, "");
	const virtual = ossHost.exec(host);
	if (virtual) {
		return {
			bucket: virtual[1] || undefined,
			key: path.replace(/^\//, ""),
			hostRegion: `oss-${virtual[2].toLowerCase()}`,
		};
	}
	const match = /^\/([^/]*)\/?(.*)$/s.exec(path);
	return { bucket: match?.[1] || undefined, key: match?.[2] ?? "" };
}

/** Bucket naming rules: https://www.alibabacloud.com/help/en/oss/user-guide/bucket-naming-conventions */
export function isValidBucketName(name: string): boolean {
	return /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(name);
}

/** Object naming rules: UTF-8, 1 to 1023 bytes, not starting with `/` or `\`. */
export function isValidObjectName(key: string): boolean {
	const bytes = Buffer.byteLength(key);
	return bytes >= 1 && bytes <= 1023 && !/^[/\\]/.test(key);
}
