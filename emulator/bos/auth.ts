import { createHmac, timingSafeEqual } from "node:crypto";
import type { Account } from "../core/accounts";
import type { ServiceRequest } from "../core/http";
import { bosError } from "./errors";

/**
 * bce-auth-v1 verification, as BOS does it (reference §3.2; the Node SDK's `auth.js`; the verifier in
 * `probe/bos.js`). Authorization (header, or the `authorization` query parameter of a presigned URL):
 * `bce-auth-v1/{accessKeyId}/{timestamp}/{expirationPeriodInSeconds}/{signedHeaders}/{signature}`.
 * Returns the account that signed the request.
 */
export function authenticate(
	req: ServiceRequest,
	accounts: readonly Account[],
	clockSkewMs: number,
	now = Date.now(),
): Account {
	const authorization =
		firstHeader(req.headers.authorization) ??
		decodedQuery(req.rawQuery).find(([k]) => k === "authorization")?.[1];
	// Anonymous requests on private buckets are refused with AccessDenied (BOS error table).
	if (!authorization) throw bosError("AccessDenied");

	const parts = authorization.split("/");
	const [version, accessKey, timestamp, expiration, signedHeaders, signature] =
		parts;
	if (
		parts.length !== 6 ||
		version !== "bce-auth-v1" ||
		!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(timestamp) ||
		Number.isNaN(Date.parse(timestamp)) ||
		!/^\d+$/.test(expiration) ||
		!/^[0-9a-f]{64}$/.test(signature)
	) {
		throw bosError("InvalidHTTPAuthHeader");
	}

	const account = accounts.find((a) => a.bos.accessKey === accessKey);
	if (!account) throw bosError("InvalidAccessKeyId");

	const signedAt = Date.parse(timestamp);
	// A request signed in our future beyond the allowed skew: the SDK then retries once with the
	// offset taken from our `Date` header (reference §3.1).
	if (signedAt > now + clockSkewMs) throw bosError("RequestTimeTooSkewed");
	if (now > signedAt + Number(expiration) * 1000) {
		throw bosError(
			"RequestExpired",
			`Request has expired. Timestamp date is ${timestamp}.`,
		);
	}

	const prefix = `bce-auth-v1/${accessKey}/${timestamp}/${expiration}`;
	const signingKey = signingKeyFor(account.bos.secretKey, prefix);
	const expected = hmacHex(
		signingKey,
		canonicalRequest(req, signedHeaders ? signedHeaders.split(";") : []),
	);
	if (!timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) {
		throw bosError("SignatureDoesNotMatch");
	}
	return account;
}

/** METHOD \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders (no trailing newline). */
function canonicalRequest(
	req: ServiceRequest,
	signedHeaders: string[],
): string {
	const uri = normalize(decode(req.rawPath), false);
	// The Node SDK over-encodes query values on the wire (`-` as %2d) but signs the normal
	// encoding, so values are decoded first and normalised again (reference §3.1).
	const query = decodedQuery(req.rawQuery)
		.filter(([k]) => k.toLowerCase() !== "authorization")
		.map(([k, v]) => `${normalize(k)}=${normalize(v)}`)
		.sort()
		.join("&");
	const headers = signedHeaders
		.map((name) => {
			const value = firstHeader(req.headers[name.toLowerCase()]) ?? "";
			return `${normalize(name.toLowerCase())}:${normalize(value.trim())}`;
		})
		.sort()
		.join("\n");
	return [req.method, uri, query, headers].join("\n");
}

/** The query as decoded `[key, value]` pairs, in order; a bad escape is the vendor's InvalidURI. */
export function decodedQuery(rawQuery: string): Array<[string, string]> {
	if (!rawQuery) return [];
	return rawQuery.split("&").map((pair) => {
		const at = pair.indexOf("=");
		return at < 0
			? [decode(pair), ""]
			: [decode(pair.slice(0, at)), decode(pair.slice(at + 1))];
	});
}

export function decode(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		throw bosError("InvalidURI");
	}
}

/** `encodeURIComponent` plus `! ' ( ) *`, as the SDK's `strings.normalize`; `/` kept in paths. */
function normalize(text: string, encodeSlash = true): string {
	const encoded = encodeURIComponent(text).replace(
		/[!'()*]/g,
		(c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
	);
	return encodeSlash ? encoded : encoded.replace(/%2F/gi, "/");
}

function hmacHex(key: string, data: string): string {
	return createHmac("sha256", key).update(data).digest("hex");
}

const signingKeys = new Map<string, string>();

/** HMAC(secretKey, prefix): the prefix changes once a second, so under load it repeats (hot path). */
function signingKeyFor(secretKey: string, prefix: string): string {
	const at = `${prefix}\n${secretKey}`;
	let key = signingKeys.get(at);
	if (key === undefined) {
		if (signingKeys.size >= 1000) signingKeys.clear();
		key = hmacHex(secretKey, prefix);
		signingKeys.set(at, key);
	}
	return key;
}

function firstHeader(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}
