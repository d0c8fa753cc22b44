import { createHmac, createSecretKey, type KeyObject } from "node:crypto";
import type { Account } from "../core/accounts";
import type { ServiceRequest } from "../core/http";
import type { Address } from "./addressing";
import { ossError } from "./errors";
import { checkV4Signature, parseV4Credential } from "./signatureV4";

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
 * header V4 (`OSS4-HMAC-SHA256`), V1 presigned URLs (`OSSAccessKeyId`, `Expires`, `Signature`) and V4
 * presigned URLs (`x-oss-signature-version=OSS4-HMAC-SHA256`).
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
	if (req.query.get("x-oss-signature-version") === "OSS4-HMAC-SHA256")
		return verifyV4Url(req, address, accounts, clockSkewMs);
	if (req.query.has("OSSAccessKeyId"))
		return verifyV1Url(req, address, accounts);
	throw ossError("AccessDenied", {
		message: "AccessDenied: Anonymous access is forbidden for this operation.",
	});
}

/**
 * The account's secret as a `KeyObject`, made once per secret: `createHmac` with a string turns it
 * into a key on every request (hot path, issue 13). Secrets are few (one per configured account).
 */
function secretKeyOf(secret: string): KeyObject {
	let key = secretKeys.get(secret);
	if (key === undefined) {
		if (secretKeys.size >= 100) secretKeys.clear();
		key = createSecretKey(Buffer.from(secret, "utf8"));
		secretKeys.set(secret, key);
	}
	return key;
}
const secretKeys = new Map<string, KeyObject>();

/**
 * `Date.parse(date)`, remembered for the last text: a V1 request's date changes once a second and
 * every request signed in that second repeats it (hot path, issue 13). A pure function of its text.
 */
function parseDate(date: string): number {
	if (date !== lastDate) {
		lastDate = date;
		lastTime = Date.parse(date);
	}
	return lastTime;
}
let lastDate: string | undefined;
let lastTime = Number.NaN;

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
	const time = parseDate(date);
	if (!date || Number.isNaN(time))
		throw ossError("AccessDenied", {
			message: "OSS authentication requires a valid Date.",
		});
	checkSkew(time, clockSkewMs);
	checkV1Signature(req, address, account, date, provided);
	return { account };
}

/**
 * V1 presigned URL: https://help.aliyun.com/en/oss/developer-reference/ddd-signatures-to-urls (the
 * `add-signatures-to-urls` page is V4's). `Expires` is a UNIX time; its EC pages: missing
 * 0002-00000067, empty 0002-00000068, not a number 0002-00000070, past 0002-00000069.
 */
function verifyV1Url(
	req: ServiceRequest,
	address: Address,
	accounts: Account[],
): Signer {
	const account = findAccount(accounts, req.query.get("OSSAccessKeyId") ?? "");
	const expires = req.query.get("Expires");
	if (!expires || !/^\d+$/.test(expires))
		throw ossError("AccessDenied", {
			message: "Request has expired.",
			ec:
				expires === null
					? "0002-00000067"
					: expires === ""
						? "0002-00000068"
						: "0002-00000070",
		});
	if (Number(expires) * 1000 < Date.now())
		throw ossError("AccessDenied", {
			message: "Request has expired.",
			ec: "0002-00000069",
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
	// CanonicalizedOSSHeaders: `name:value\n` of each x-oss-* header, by name (reference §2.2). A loop,
	// not filter/sort/map/join: one array per request, none when there is one header (hot path, issue 13).
	const names: string[] = [];
	for (const k of Object.keys(h)) if (k.startsWith("x-oss-")) names.push(k);
	if (names.length > 1) names.sort();
	let ossHeaders = "";
	for (const k of names) ossHeaders += `${k}:${String(h[k]).trim()}\n`;
	const stringToSign = `${req.method}\n${h["content-md5"] ?? ""}\n${h["content-type"] ?? ""}\n${dateSlot}\n${ossHeaders}${v1Resource(req, address)}`;
	const expected = createHmac("sha1", secretKeyOf(account.oss.accessKeySecret))
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
	// Each signed key once (the first value, as `get`), by name; no Set nor intermediate arrays (hot path).
	const keys: string[] = [];
	for (const k of req.query.keys())
		if (v1SignedKeys.has(k) && !keys.includes(k)) keys.push(k);
	if (keys.length > 1) keys.sort();
	let sub = "";
	for (const k of keys) {
		const value = req.query.get(k);
		sub += `${sub ? "&" : ""}${value ? `${k}=${value}` : k}`;
	}
	const path = address.bucket ? `/${address.bucket}/${address.key}` : "/";
	return sub ? `${path}?${sub}` : path;
}

const v4Authorization =
	/^OSS4-HMAC-SHA256 Credential=([^,]+),\s*(?:AdditionalHeaders=([^,]*),\s*)?Signature=([0-9a-f]{64})$/;

/** V4: https://www.alibabacloud.com/help/en/oss/developer-reference/recommend-to-use-signature-version-4 (reference §2.2). */
function verifyV4(
	req: ServiceRequest,
	address: Address,
	accounts: Account[],
	clockSkewMs: number,
	authorization: string,
): Signer {
	const match = v4Authorization.exec(authorization);
	const scope = match && parseV4Credential(match[1]);
	if (!match || !scope)
		throw ossError("InvalidArgument", {
			message: "Authorization header is invalid.",
		});
	const [, , additional, provided] = match;
	const account = findAccount(accounts, scope.accessKeyId);
	const { date, time } = v4Date(req);
	checkSkew(time, clockSkewMs);
	checkScopeDay(time, scope.day, "Authorization header");
	checkV4Signature(req, address, account, {
		scope,
		timestamp: date,
		additionalHeaders: additional ? additional.split(";") : [],
		provided,
	});
	return { account, signingRegion: `oss-${scope.region}` };
}

/**
 * V4 presigned URL, as ali-oss `signatureUrlV4` makes it:
 * https://www.alibabacloud.com/help/en/oss/developer-reference/add-signatures-to-urls. The query carries
 * `x-oss-credential`, `x-oss-date` (ISO 8601, the StringToSign's timestamp), `x-oss-expires` (seconds
 * after `x-oss-date`, 1 to 604800), optionally `x-oss-additional-headers` and `x-oss-security-token`,
 * and `x-oss-signature`; every parameter but the signature is signed. Each refusal cites its EC page
 * (https://www.alibabacloud.com/help/en/oss/support/0002-00000236 and neighbours); the pages give no
 * code, so the parameter problems answer `AccessDenied` 403, as the V1 URL's do [INFERRED].
 */
function verifyV4Url(
	req: ServiceRequest,
	address: Address,
	accounts: Account[],
	clockSkewMs: number,
): Signer {
	const q = req.query;
	const scope = parseV4Credential(
		urlParameter(req, "x-oss-credential", "0002-00000217", "0002-00000218"),
	);
	if (!scope)
		throw ossError("AccessDenied", {
			message:
				"x-oss-credential must be <AccessKeyId>/<yyyymmdd>/<region>/oss/aliyun_v4_request.",
		});
	const expires = urlParameter(
		req,
		"x-oss-expires",
		"0002-00000215",
		"0002-00000216",
	);
	if (!/^\d+$/.test(expires) || Number(expires) < 1 || Number(expires) > 604800)
		throw ossError("AccessDenied", {
			message: "x-oss-expires must be a number of seconds from 1 to 604800.",
			ec: "0002-00000232",
		});
	const date = q.get("x-oss-date") ?? "";
	const time = isoTime(date);
	if (time === undefined)
		throw ossError("AccessDenied", {
			message: "x-oss-date must be an ISO 8601 time (20231203T121212Z).",
		});
	checkScopeDay(time, scope.day, "x-oss-credential");
	const account = findAccount(accounts, scope.accessKeyId);
	const now = Date.now();
	// x-oss-date may be up to 15 minutes ahead of the server's clock (clockSkewMs), no more (EC page 0002-00000235).
	if (now < time - clockSkewMs)
		throw ossError("AccessDenied", {
			message: "Request is not valid yet: x-oss-date is later than now.",
			ec: "0002-00000235",
			fields: { RequestTime: date, ServerTime: new Date(now).toISOString() },
		});
	const end = time + Number(expires) * 1000;
	if (now > end)
		throw ossError("AccessDenied", {
			message: "Request has expired.",
			ec: "0002-00000236",
			fields: {
				Expires: new Date(end).toISOString(),
				ServerTime: new Date(now).toISOString(),
			},
		});
	const additional = q.get("x-oss-additional-headers");
	checkV4Signature(req, address, account, {
		scope,
		timestamp: date,
		additionalHeaders: additional ? additional.split(";") : [],
		provided: q.get("x-oss-signature") ?? "",
		unsignedParameter: "x-oss-signature",
	});
	return { account, signingRegion: `oss-${scope.region}` };
}

/** A required parameter of a V4 URL; its absence and its emptiness each have an EC page. */
function urlParameter(
	req: ServiceRequest,
	name: string,
	missingEc: string,
	emptyEc: string,
): string {
	const value = req.query.get(name);
	if (value) return value;
	throw ossError("AccessDenied", {
		message: `${name} is ${value === null ? "missing" : "empty"}: a V4 presigned URL needs it.`,
		ec: value === null ? missingEc : emptyEc,
	});
}

/** The scope's day must be the UTC day of the signed timestamp. */
function checkScopeDay(time: number, day: string, where: string): void {
	if (new Date(time).toISOString().slice(0, 10).replaceAll("-", "") !== day)
		throw ossError("InvalidArgument", {
			message: `Invalid signing date in ${where}.`,
		});
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
		const time = isoTime(String(ossDate));
		if (time !== undefined) return { date: String(ossDate), time };
	} else {
		const date = String(req.headers.date ?? "");
		if (gmtDate.test(date)) return { date, time: Date.parse(date) };
	}
	throw ossError("AccessDenied", {
		message:
			"OSS V4 authentication requires a valid x-oss-date (ISO 8601) or Date (GMT).",
	});
}

/** The time of an ISO 8601 basic timestamp (`20221220T084818Z`); undefined when it is not one. */
function isoTime(text: string): number | undefined {
	const parts = isoDate.exec(text);
	if (!parts) return undefined;
	const [, y, mo, d, hh, mm, ss] = parts.map(Number);
	return Date.UTC(y, mo - 1, d, hh, mm, ss);
}
