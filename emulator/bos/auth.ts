import { createHmac, timingSafeEqual } from "node:crypto";
import type { Account } from "../core/accounts";
import type { ServiceRequest } from "../core/http";
import { bosError } from "./errors";

/** A request whose signature checked out: who signed it, and its query as decoded for the signature. */
export interface Signed {
	account: Account;
	/** The query as decoded `[key, value]` pairs, in order (the routes use them too: decoded once). */
	query: Array<[string, string]>;
}

/**
 * bce-auth-v1 verification, as BOS does it (reference §3.2; the Node SDK's `auth.js`; the verifier in
 * `probe/bos.js`). Authorization (header, or the `authorization` query parameter of a presigned URL):
 * `bce-auth-v1/{accessKeyId}/{timestamp}/{expirationPeriodInSeconds}/{signedHeaders}/{signature}`.
 */
export function authenticate(
	req: ServiceRequest,
	accounts: readonly Account[],
	clockSkewMs: number,
	now = Date.now(),
): Signed {
	const header = firstHeader(req.headers.authorization);
	// Decoded here only for a presigned URL; else below, after the header's checks (same error order).
	let query = header === undefined ? decodedQuery(req.rawQuery) : undefined;
	const authorization =
		header ?? query?.find(([k]) => k === "authorization")?.[1];
	// Anonymous requests on private buckets are refused with AccessDenied (BOS error table).
	if (!authorization) throw bosError("AccessDenied");

	const parts = authorization.split("/");
	const [version, accessKey, timestamp, expiration, signedHeaders, signature] =
		parts;
	const signedAt = Date.parse(timestamp);
	if (
		parts.length !== 6 ||
		version !== "bce-auth-v1" ||
		!timestampPattern.test(timestamp) ||
		Number.isNaN(signedAt) ||
		!digits.test(expiration) ||
		!signaturePattern.test(signature)
	) {
		throw bosError("InvalidHTTPAuthHeader");
	}

	const account = accounts.find((a) => a.bos.accessKey === accessKey);
	if (!account) throw bosError("InvalidAccessKeyId");

	// A request signed in our future beyond the allowed skew: the SDK then retries once with the
	// offset taken from our `Date` header (reference §3.1).
	if (signedAt > now + clockSkewMs) throw bosError("RequestTimeTooSkewed");
	if (now > signedAt + Number(expiration) * 1000) {
		throw bosError(
			"RequestExpired",
			`Request has expired. Timestamp date is ${timestamp}.`,
		);
	}

	const path = decode(req.rawPath);
	query ??= decodedQuery(req.rawQuery);
	const prefix = `bce-auth-v1/${accessKey}/${timestamp}/${expiration}`;
	const expected = hmacHex(
		signingKeyFor(account.bos.secretKey, prefix),
		canonicalRequest(req, path, query, signedHeaders),
	);
	if (!timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) {
		throw bosError("SignatureDoesNotMatch");
	}
	return { account, query };
}

// The authorization's parts (reference §3.2), compiled once (emulator hot path, issue 13).
const timestampPattern = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const digits = /^\d+$/;
const signaturePattern = /^[0-9a-f]{64}$/;

/** METHOD \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders (no trailing newline). */
function canonicalRequest(
	req: ServiceRequest,
	path: string,
	query: Array<[string, string]>,
	signedHeaders: string,
): string {
	// The Node SDK over-encodes query values on the wire (`-` as %2d) but signs the normal
	// encoding, so values are decoded first and normalised again (reference §3.1).
	const pairs: string[] = [];
	for (const [k, v] of query)
		if (k.toLowerCase() !== "authorization")
			pairs.push(`${normalize(k)}=${normalize(v)}`);
	const headers: string[] = [];
	if (signedHeaders) {
		for (const name of signedHeaders.split(";")) {
			const lower = name.toLowerCase();
			const value = firstHeader(req.headers[lower]) ?? "";
			headers.push(`${normalize(lower)}:${normalize(value.trim())}`);
		}
	} else {
		for (const [lower, value] of defaultSignedHeaders(req))
			headers.push(`${normalize(lower)}:${normalize(value)}`);
	}
	return `${req.method}\n${normalizePath(path)}\n${pairs.sort().join("&")}\n${headers.sort().join("\n")}`;
}

/** Signed when `signedHeaders` is empty. */
const defaultHeaderNames = new Set([
	"host",
	"content-length",
	"content-type",
	"content-md5",
]);

/**
 * An empty `signedHeaders` (`.../1800//<signature>`) signs the default headers: "When signedHeaders is
 * empty, the default value is used" (https://intl.cloud.baidu.com/doc/Reference/s/njwvz1yfu-en), namely
 * `host`, `content-length`, `content-type`, `content-md5` and every `x-bce-*` header the request has,
 * each with a non-empty value. The vendor's example (https://intl.cloud.baidu.com/doc/Reference/s/Gjwvz1xez-en,
 * signature `d74a0436...`) checks out only so; bce-python-sdk and bce-sdk-go sign so when given no list.
 */
function defaultSignedHeaders(req: ServiceRequest): Array<[string, string]> {
	const signed: Array<[string, string]> = [];
	for (const [name, raw] of Object.entries(req.headers)) {
		if (!defaultHeaderNames.has(name) && !name.startsWith("x-bce-")) continue;
		const value = (firstHeader(raw) ?? "").trim();
		if (value) signed.push([name, value]);
	}
	return signed;
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
	// Nothing to decode: the common case, without the call (emulator hot path, issue 13).
	if (!text.includes("%")) return text;
	try {
		return decodeURIComponent(text);
	} catch {
		throw bosError("InvalidURI");
	}
}

// Text made only of these is its own normal form: most names and values are, and the test is
// cheaper than encoding (emulator hot path, issue 13).
const unreserved = /^[A-Za-z0-9._~-]*$/;
const unreservedPath = /^[A-Za-z0-9._~/-]*$/;
// What `encodeURIComponent` leaves and the SDK encodes: rare, so tested before the (costlier) replace.
const subDelims = /[!'()*]/;
const subDelimsAll = /[!'()*]/g;

/** `encodeURIComponent` plus `! ' ( ) *`, as the SDK's `strings.normalize`. */
function normalize(text: string): string {
	if (unreserved.test(text)) return text;
	const encoded = encodeURIComponent(text);
	if (!subDelims.test(encoded)) return encoded;
	return encoded.replace(
		subDelimsAll,
		(c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
	);
}

/** `normalize` with `/` kept, for the path. */
function normalizePath(path: string): string {
	if (unreservedPath.test(path)) return path;
	return normalize(path).replace(/%2F/gi, "/");
}

function hmacHex(key: string, data: string): string {
	return createHmac("sha256", key).update(data).digest("hex");
}

const signingKeys = new Map<string, { secretKey: string; key: string }>();

/**
 * HMAC(secretKey, prefix): the prefix changes once a second, so under load it repeats (hot path).
 * Keyed by the prefix alone (no string built per request); the secret is compared on a hit.
 */
function signingKeyFor(secretKey: string, prefix: string): string {
	const hit = signingKeys.get(prefix);
	if (hit?.secretKey === secretKey) return hit.key;
	if (signingKeys.size >= 1000) signingKeys.clear();
	const key = hmacHex(secretKey, prefix);
	signingKeys.set(prefix, { secretKey, key });
	return key;
}

function firstHeader(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}
