import { createHash, createHmac } from "node:crypto";
import type { Account } from "../core/accounts";
import type { ServiceRequest } from "../core/http";
import { cosError } from "./errors";

// Text that both encodings leave as it is (RFC 3986 unreserved): most names and values.
const unreserved = /^[A-Za-z0-9._~-]*$/;

/** `encodeURIComponent` plus `! ' ( ) *`, as the SDK encodes keys and values before signing. */
function camSafeUrlEncode(text: string): string {
	if (unreserved.test(text)) return text;
	return encodeURIComponent(text).replace(
		/[!'()*]/g,
		(c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
	);
}

function hmacSha1(key: string, text: string): string {
	return createHmac("sha1", key).update(text).digest("hex");
}

const signKeys = new Map<string, string>();

/** HMAC(secretKey, keyTime): the SDK reuses one `q-key-time` for many requests, so it is kept (hot path). */
function signKey(secretKey: string, keyTime: string): string {
	const at = `${keyTime}\n${secretKey}`;
	let key = signKeys.get(at);
	if (key === undefined) {
		if (signKeys.size >= 1000) signKeys.clear();
		key = hmacSha1(secretKey, keyTime);
		signKeys.set(at, key);
	}
	return key;
}

/**
 * `k=v&k=v` over the names listed in the Authorization header, in their order; a missing one signs as
 * `k=`. `entries` are the request's names and values; each side is encoded as the SDK encodes it
 * before signing (names also lower-cased). Only listed names are encoded (hot path, issue 13).
 */
function signedPairs(
	list: string,
	entries: Iterable<[string, string | string[] | undefined]>,
): string {
	if (!list) return "";
	const names = list.split(";");
	const values = new Map<string, string>();
	for (const [k, v] of entries) {
		if (v === undefined) continue;
		const name = camSafeUrlEncode(k).toLowerCase();
		if (names.includes(name))
			values.set(name, camSafeUrlEncode(Array.isArray(v) ? v.join(",") : v));
	}
	return names.map((name) => `${name}=${values.get(name) ?? ""}`).join("&");
}

function parseAuthorization(header: string): Map<string, string> {
	const fields = new Map<string, string>();
	for (const pair of header.split("&")) {
		const i = pair.indexOf("=");
		if (i > 0) fields.set(pair.slice(0, i), pair.slice(i + 1));
	}
	return fields;
}

/**
 * The `q-*` fields of the signature: the Authorization header's, or, with no header, those of a
 * presigned URL, which carries the same fields as query parameters ("放入 HTTP 请求的 Header ... 或者
 * URL 请求参数中", https://cloud.tencent.com/document/product/436/7778; the URL of
 * https://cloud.tencent.com/document/product/436/68284; cos-nodejs-sdk-v5 `getObjectUrl` with
 * `Sign: true`). Both are verified alike: `q-url-param-list` names the signed parameters, which are
 * the URL's own (the SDK's `Query`), never the `q-*` fields nor `x-cos-security-token`.
 */
function signatureFields(req: ServiceRequest): Map<string, string> {
	const header = req.headers.authorization;
	if (header) return parseAuthorization(header);
	if (!req.query.has("q-signature")) throw cosError("AccessDenied");
	const fields = new Map<string, string>();
	for (const [k, v] of req.query) if (k.startsWith("q-")) fields.set(k, v);
	return fields;
}

/**
 * Verifies `q-sign-algorithm=sha1` as COS does and returns the signing account.
 * Algorithm: https://cloud.tencent.com/document/product/436/7778 (reference §1.2, `probe/cos.js`).
 * Expiry: past `q-sign-time`'s end -> 403 AccessDenied "Request has expired" (the message the SDK
 * keys its clock correction on); a start further in the future than the allowed skew -> 403
 * RequestTimeTooSkewed.
 */
export function verifySignature(
	req: ServiceRequest,
	pathname: string,
	accounts: readonly Account[],
	clockSkewMs: number,
): Account {
	const fields = signatureFields(req);
	const signTime = fields.get("q-sign-time") ?? "";
	const keyTime = fields.get("q-key-time") ?? "";
	const signature = fields.get("q-signature");
	const times = /^(\d+);(\d+)$/.exec(signTime);
	if (
		fields.get("q-sign-algorithm") !== "sha1" ||
		!times ||
		!keyTime ||
		!signature
	) {
		throw cosError("AccessDenied", "Authorization is malformed.");
	}
	const account = accounts.find((a) => a.cos.secretId === fields.get("q-ak"));
	if (!account) throw cosError("InvalidAccessKeyId");

	const now = Date.now() / 1000;
	if (now > Number(times[2])) {
		throw cosError("AccessDenied", "Request has expired");
	}
	if (Number(times[1]) > now + clockSkewMs / 1000) {
		throw cosError("RequestTimeTooSkewed");
	}

	const formatString = [
		req.method.toLowerCase(),
		pathname,
		signedPairs(fields.get("q-url-param-list") ?? "", req.query),
		signedPairs(fields.get("q-header-list") ?? "", Object.entries(req.headers)),
		"",
	].join("\n");
	const stringToSign = `sha1\n${signTime}\n${createHash("sha1").update(formatString).digest("hex")}\n`;
	const expected = hmacSha1(
		signKey(account.cos.secretKey, keyTime),
		stringToSign,
	);
	if (expected !== signature) throw cosError("SignatureDoesNotMatch");
	return account;
}
