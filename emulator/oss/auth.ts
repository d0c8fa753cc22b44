import { createHash, createHmac } from "node:crypto";
import type { Account } from "../core/accounts";
import type { ServiceRequest } from "../core/http";
import type { Address } from "./addressing";
import { ossError } from "./errors";

/** Who signed a request and, for V4, the region of its credential scope (`oss-<region>`). */
export interface Signer {
	account: Account;
	signingRegion?: string;
}

/**
 * Query keys that the server puts into the V1 CanonicalizedResource: aliyun-oss-go-sdk `signKeyList`
 * (reference §2.2). Every other query parameter (`rule-id`, `prefix`, ...) is not signed in V1.
 */
const v1SignedKeys = new Set(
	(
		"acl uploads location cors logging website referer lifecycle delete append tagging objectMeta uploadId " +
		"partNumber security-token position img style styleName replication replicationProgress " +
		"replicationLocation cname bucketInfo comp qos live status vod startTime endTime symlink x-oss-process " +
		"response-content-type x-oss-traffic-limit response-content-language response-expires " +
		"response-cache-control response-content-disposition response-content-encoding udf udfName udfImage udfId " +
		"udfImageDesc udfApplication udfApplicationLog restore callback callback-var qosInfo policy stat encryption " +
		"versions versioning versionId requestPayment x-oss-request-payer sequential inventory inventoryId " +
		"continuation-token asyncFetch worm wormId wormExtend withHashContext x-oss-enable-md5 x-oss-enable-sha1 " +
		"x-oss-enable-sha256 x-oss-hash-ctx x-oss-md5-ctx transferAcceleration regionList cloudboxes " +
		"x-oss-ac-source-ip x-oss-ac-subnet-mask x-oss-ac-vpc-id x-oss-ac-forward-allow metaQuery resourceGroup rtc " +
		"x-oss-async-process responseHeader"
	).split(" "),
);

/**
 * Verifies the request's signature as OSS does and returns the signer. Header V1 (`OSS ak:sig`),
 * header V4 (`OSS4-HMAC-SHA256`) and V1 presigned URLs (`OSSAccessKeyId`, `Expires`, `Signature`).
 * A request with no signature at all is anonymous, and every emulated bucket is private.
 * https://www.alibabacloud.com/help/en/oss/developer-reference/include-signatures-in-the-authorization-header
 */
export function authenticate(
	req: ServiceRequest,
	address: Address,
	accounts: Account[],
	clockSkewMs: number,
): Signer {
	const authorization = String(req.headers.authorization ?? "");
	if (authorization.startsWith("OSS4-HMAC-SHA256 "))
		return verifyV4(req, address, accounts, clockSkewMs, authorization);
	if (authorization.startsWith("OSS "))
		return verifyV1Header(req, address, accounts, clockSkewMs, authorization);
	if (authorization)
		throw ossError("InvalidArgument", {
			message: "Authorization header is invalid.",
		});
	if (req.query.has("OSSAccessKeyId"))
		return verifyV1Url(req, address, accounts);
	throw ossError("AccessDenied", {
		message: "AccessDenied: Anonymous access is forbidden for this operation.",
	});
}

function findAccount(accounts: Account[], accessKeyId: string): Account {
	const account = accounts.find((a) => a.oss.accessKeyId === accessKeyId);
	if (!account)
		throw ossError("InvalidAccessKeyId", {
			fields: { OSSAccessKeyId: accessKeyId },
		});
	return account;
}

function checkSkew(requestTime: number, clockSkewMs: number): void {
	if (Math.abs(Date.now() - requestTime) <= clockSkewMs) return;
	throw ossError("RequestTimeTooSkewed", {
		fields: {
			RequestTime: new Date(requestTime).toISOString(),
			ServerTime: new Date().toISOString(),
			MaxAllowedSkewMilliseconds: String(clockSkewMs),
		},
	});
}

function verifyV1Header(
	req: ServiceRequest,
	address: Address,
	accounts: Account[],
	clockSkewMs: number,
	authorization: string,
): Signer {
	const match = /^OSS ([^:\s]+):(\S+)$/.exec(authorization);
	if (!match)
		throw ossError("InvalidArgument", {
			message: "Authorization header is invalid.",
		});
	const [, accessKeyId, provided] = match;
	const account = findAccount(accounts, accessKeyId);
	// The Date slot takes `x-oss-date` when present, else `Date` (reference §2.2, OSS-doc-V1SIG).
	const date = String(req.headers["x-oss-date"] ?? req.headers.date ?? "");
	const time = Date.parse(date);
	if (!date || Number.isNaN(time))
		throw ossError("AccessDenied", {
			message: "OSS authentication requires a valid Date.",
		});
	checkSkew(time, clockSkewMs);
	checkV1Signature(req, address, account, date, provided);
	return { account };
}

/** Presigned URL: https://www.alibabacloud.com/help/en/oss/developer-reference/add-signatures-to-urls */
function verifyV1Url(
	req: ServiceRequest,
	address: Address,
	accounts: Account[],
): Signer {
	const account = findAccount(accounts, req.query.get("OSSAccessKeyId") ?? "");
	const expires = req.query.get("Expires") ?? "";
	if (!/^\d+$/.test(expires))
		throw ossError("AccessDenied", { message: "Request has expired." });
	if (Number(expires) * 1000 < Date.now())
		throw ossError("AccessDenied", {
			message: "Request has expired.",
			fields: {
				Expires: new Date(Number(expires) * 1000).toISOString(),
				ServerTime: new Date().toISOString(),
			},
		});
	checkV1Signature(
		req,
		address,
		account,
		expires,
		req.query.get("Signature") ?? "",
	);
	return { account };
}

function checkV1Signature(
	req: ServiceRequest,
	address: Address,
	account: Account,
	dateSlot: string,
	provided: string,
): void {
	const h = req.headers;
	const ossHeaders = Object.keys(h)
		.filter((k) => k.startsWith("x-oss-"))
		.sort()
		.map((k) => `${k}:${String(h[k]).trim()}\n`)
		.join("");
	const stringToSign = `${[req.method, h["content-md5"] ?? "", h["content-type"] ?? "", dateSlot].join("\n")}\n${ossHeaders}${v1Resource(req, address)}`;
	const expected = createHmac("sha1", account.oss.accessKeySecret)
		.update(stringToSign, "utf8")
		.digest("base64");
	if (expected === provided) return;
	throw ossError("SignatureDoesNotMatch", {
		fields: {
			StringToSign: stringToSign,
			StringToSignBytes: [...Buffer.from(stringToSign, "utf8")]
				.map((b) => b.toString(16).toUpperCase().padStart(2, "0"))
				.join(" "),
			SignatureProvided: provided,
			OSSAccessKeyId: account.oss.accessKeyId,
		},
	});
}

/** `/<bucket>/<object>` (not encoded) plus the signed sub-resources, sorted: `/src/?comp=add&replication`. */
function v1Resource(req: ServiceRequest, address: Address): string {
	const keys = [...new Set(req.query.keys())]
		.filter((k) => v1SignedKeys.has(k))
		.sort();
	const sub = keys
		.map((k) => (req.query.get(k) ? `${k}=${req.query.get(k)}` : k))
		.join("&");
	const path = address.bucket ? `/${address.bucket}/${address.key}` : "/";
	return sub ? `${path}?${sub}` : path;
}

const v4Authorization =
	/^OSS4-HMAC-SHA256 Credential=([^/,]+)\/(\d{8})\/([^/,]+)\/([^/,]+)\/aliyun_v4_request,\s*(?:AdditionalHeaders=([^,]*),\s*)?Signature=([0-9a-f]{64})$/;

/** V4: https://www.alibabacloud.com/help/en/oss/developer-reference/recommend-to-use-signature-version-4 (reference §2.2). */
function verifyV4(
	req: ServiceRequest,
	address: Address,
	accounts: Account[],
	clockSkewMs: number,
	authorization: string,
): Signer {
	const match = v4Authorization.exec(authorization);
	if (!match)
		throw ossError("InvalidArgument", {
			message: "Authorization header is invalid.",
		});
	const [, accessKeyId, day, region, product, additional, provided] = match;
	const account = findAccount(accounts, accessKeyId);
	const { date, time } = v4Date(req);
	checkSkew(time, clockSkewMs);
	if (new Date(time).toISOString().slice(0, 10).replaceAll("-", "") !== day)
		throw ossError("InvalidArgument", {
			message: "Invalid signing date in Authorization header.",
		});

	const h = req.headers;
	const additionalHeaders = additional ? additional.split(";") : [];
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
		v4Query(req),
		names.map((k) => `${k}:${String(h[k]).trim()}\n`).join(""),
		additionalHeaders.join(";"),
		String(h["x-oss-content-sha256"] ?? "UNSIGNED-PAYLOAD"),
	].join("\n");
	const scope = `${day}/${region}/${product}/aliyun_v4_request`;
	const stringToSign = [
		"OSS4-HMAC-SHA256",
		date,
		scope,
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
	if (expected !== provided)
		throw ossError("SignatureDoesNotMatch", {
			fields: {
				CanonicalRequest: canonicalRequest,
				StringToSign: stringToSign,
				SignatureProvided: provided,
				OSSAccessKeyId: accessKeyId,
			},
		});
	return { account, signingRegion: `oss-${region}` };
}

const isoDate = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const gmtDate =
	/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * The V4 request time and the text signed as the StringToSign's timestamp: `x-oss-date` (ISO 8601,
 * `20221220T084818Z`) when the request has it, else `Date` (GMT, `Tue, 20 Dec 2022 08:48:18 GMT`), each
 * as sent. OSS takes either ("OSS requires at least one of these headers",
 * https://www.alibabacloud.com/help/en/oss/support/0002-00000503; formats: .../0002-00000502); seed
 * 002's V4 samples send only `Date`, and so does aliyun-oss-go-sdk v3 (`AuthVersion(AuthV4)`), signing
 * that `Date` text (its auth.go `getSignedStrV4`; its tests create buckets so on the real service).
 */
function v4Date(req: ServiceRequest): { date: string; time: number } {
	const ossDate = req.headers["x-oss-date"];
	if (ossDate !== undefined) {
		const parts = isoDate.exec(String(ossDate));
		if (parts) {
			const [, y, mo, d, hh, mm, ss] = parts.map(Number);
			return {
				date: String(ossDate),
				time: Date.UTC(y, mo - 1, d, hh, mm, ss),
			};
		}
	} else {
		const date = String(req.headers.date ?? "");
		if (gmtDate.test(date)) return { date, time: Date.parse(date) };
	}
	throw ossError("AccessDenied", {
		message:
			"OSS V4 authentication requires a valid x-oss-date (ISO 8601) or Date (GMT).",
	});
}

/** Every query parameter, RFC 3986 encoded, sorted by key; a parameter without value is the bare key. */
function v4Query(req: ServiceRequest): string {
	return [...req.query]
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
