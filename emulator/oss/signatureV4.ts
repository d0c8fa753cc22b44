import { createHash, createHmac } from "node:crypto";
import type { Account } from "../core/accounts";
import type { ServiceRequest } from "../core/http";
import type { Address } from "./addressing";
import { ossError } from "./errors";

/** The credential scope of a V4 signature: `<AccessKeyId>/<day>/<region>/<product>/aliyun_v4_request`. */
export interface V4Scope {
	accessKeyId: string;
	/** `yyyymmdd`, the UTC day of the signed timestamp. */
	day: string;
	/** `cn-hangzhou`, without the `oss-` prefix. */
	region: string;
	product: string;
}

/** What a V4 signature covers beyond the request itself; the header and the presigned URL carry it alike. */
export interface V4Signed {
	scope: V4Scope;
	/** The StringToSign's timestamp, as sent (`x-oss-date`, or `Date` in the header form). */
	timestamp: string;
	/** Lower-case header names signed besides `content-type`, `content-md5` and `x-oss-*`. */
	additionalHeaders: string[];
	/** The hex signature the request carries. */
	provided: string;
	/** A query parameter left out of the canonical query: the URL's own `x-oss-signature`. */
	unsignedParameter?: string;
}

const credential = /^([^/,]+)\/(\d{8})\/([^/,]+)\/([^/,]+)\/aliyun_v4_request$/;

/** Reads `<AccessKeyId>/<day>/<region>/<product>/aliyun_v4_request`; undefined when malformed. */
export function parseV4Credential(text: string): V4Scope | undefined {
	const match = credential.exec(text);
	if (!match) return undefined;
	const [, accessKeyId, day, region, product] = match;
	return { accessKeyId, day, region, product };
}

/**
 * Recomputes the V4 signature (canonical request, StringToSign, derived key) as OSS does and refuses a
 * mismatch with `SignatureDoesNotMatch`, explaining both texts. The header form
 * (https://www.alibabacloud.com/help/en/oss/developer-reference/recommend-to-use-signature-version-4)
 * and the presigned URL (https://www.alibabacloud.com/help/en/oss/developer-reference/add-signatures-to-urls)
 * sign the same canonical request; the URL's query carries the scope, date and expiry, so they are
 * signed as query parameters, all but the signature itself (ali-oss signatureUrlV4.js).
 */
export function checkV4Signature(
	req: ServiceRequest,
	address: Address,
	account: Account,
	signed: V4Signed,
): void {
	const { scope, timestamp, additionalHeaders, provided } = signed;
	const h = req.headers;
	const names = Object.keys(h)
		.filter(
			(k) =>
				k === "content-type" ||
				k === "content-md5" ||
				k.startsWith("x-oss-") ||
				additionalHeaders.includes(k),
		)
		.sort();
	const canonicalRequest = [
		req.method,
		rfc3986(address.bucket ? `/${address.bucket}/${address.key}` : "/").replace(
			/%2F/g,
			"/",
		),
		canonicalQuery(req, signed.unsignedParameter),
		names.map((k) => `${k}:${String(h[k]).trim()}\n`).join(""),
		additionalHeaders.join(";"),
		String(h["x-oss-content-sha256"] ?? "UNSIGNED-PAYLOAD"),
	].join("\n");
	const { day, region, product } = scope;
	const stringToSign = [
		"OSS4-HMAC-SHA256",
		timestamp,
		`${day}/${region}/${product}/aliyun_v4_request`,
		createHash("sha256").update(canonicalRequest).digest("hex"),
	].join("\n");
	const hmac = (key: string | Buffer, data: string) =>
		createHmac("sha256", key).update(data).digest();
	const signingKey = hmac(
		hmac(
			hmac(hmac(`aliyun_v4${account.oss.accessKeySecret}`, day), region),
			product,
		),
		"aliyun_v4_request",
	);
	const expected = createHmac("sha256", signingKey)
		.update(stringToSign)
		.digest("hex");
	if (expected === provided) return;
	throw ossError("SignatureDoesNotMatch", {
		fields: {
			CanonicalRequest: canonicalRequest,
			StringToSign: stringToSign,
			SignatureProvided: provided,
			OSSAccessKeyId: scope.accessKeyId,
		},
	});
}

/** Every query parameter, RFC 3986 encoded, sorted by key; a parameter without value is the bare key. */
function canonicalQuery(req: ServiceRequest, unsigned?: string): string {
	return [...req.query]
		.filter(([k]) => k !== unsigned)
		.map(([k, v]) => [rfc3986(k), v === "" ? "" : rfc3986(v)])
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
		.map(([k, v]) => (v ? `${k}=${v}` : k))
		.join("&");
}

function rfc3986(value: string): string {
	return encodeURIComponent(value).replace(
		/[!'()*]/g,
		(c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
	);
}
