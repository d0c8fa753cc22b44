import {
	createHash,
	createHmac,
	createSecretKey,
	type KeyObject,
} from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
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

const signKeys = new Map<string, { secretKey: string; key: KeyObject }>();

/**
 * HMAC(secretKey, keyTime), the key of the signature's HMAC: the SDK reuses one `q-key-time` for many
 * requests, so it is kept, keyed by the key time (the secret compared on a hit), as a `KeyObject`:
 * `createHmac` then skips preparing a key from a string on every request (hot path, issue 13 item 5).
 * The signature's key is the hex text of this HMAC, as the SDK uses it (`getAuth` in sdk/util.js).
 */
function signKey(secretKey: string, keyTime: string): KeyObject {
	const cached = signKeys.get(keyTime);
	if (cached?.secretKey === secretKey) return cached.key;
	if (signKeys.size >= 1000) signKeys.clear();
	const hex = createHmac("sha1", secretKey).update(keyTime).digest("hex");
	const key = createSecretKey(Buffer.from(hex));
	signKeys.set(keyTime, { secretKey, key });
	return key;
}

/**
 * `k=v&k=v` over the names listed in the Authorization header, in their order; a missing one signs as
 * `k=`. `lookup` gives a listed name's value, encoded as the SDK encodes it before signing.
 */
function signedPairs(
	list: string,
	lookup: (name: string) => string | undefined,
): string {
	if (!list) return "";
	let pairs = "";
	for (const name of list.split(";"))
		pairs += `${pairs ? "&" : ""}${name}=${lookup(name) ?? ""}`;
	return pairs;
}

/**
 * The value of the request entry whose name, encoded as the SDK encodes it before signing and
 * lower-cased, is `name` (the last such entry), itself encoded; undefined when there is none.
 */
function encodedValue(
	entries: Iterable<[string, string | string[] | undefined]>,
	name: string,
): string | undefined {
	let found: string | string[] | undefined;
	for (const [k, v] of entries)
		if (v !== undefined && camSafeUrlEncode(k).toLowerCase() === name)
			found = v;
	if (found === undefined) return undefined;
	return camSafeUrlEncode(Array.isArray(found) ? found.join(",") : found);
}

/**
 * A signed header's value. Node lower-cases header names, and a name of unreserved characters is its
 * own encoding: such a listed name (the SDK's `host`, `content-type`, `x-cos-*`) is looked up
 * directly, without encoding every header of the request (hot path, issue 13 item 5).
 */
function headerValue(
	headers: IncomingHttpHeaders,
	name: string,
): string | undefined {
	if (!unreserved.test(name))
		return encodedValue(Object.entries(headers), name);
	const value = Object.hasOwn(headers, name) ? headers[name] : undefined;
	if (value === undefined) return undefined;
	return camSafeUrlEncode(Array.isArray(value) ? value.join(",") : value);
}

/** The `q-*` fields of a signature that COS reads (https://cloud.tencent.com/document/product/436/7778). */
interface SignatureFields {
	"q-sign-algorithm"?: string;
	"q-ak"?: string;
	"q-sign-time"?: string;
	"q-key-time"?: string;
	"q-header-list"?: string;
	"q-url-param-list"?: string;
	"q-signature"?: string;
}

const fieldNames = new Set<string>([
	"q-sign-algorithm",
	"q-ak",
	"q-sign-time",
	"q-key-time",
	"q-header-list",
	"q-url-param-list",
	"q-signature",
]);

/** Keeps `value` when `name` is a field COS reads; a later one wins, as in a presigned URL's query. */
function setField(fields: SignatureFields, name: string, value: string): void {
	if (fieldNames.has(name)) fields[name as keyof SignatureFields] = value;
}

function parseAuthorization(header: string): SignatureFields {
	const fields: SignatureFields = {};
	let start = 0;
	while (start <= header.length) {
		let end = header.indexOf("&", start);
		if (end < 0) end = header.length;
		const i = header.indexOf("=", start);
		if (i > start && i < end)
			setField(fields, header.slice(start, i), header.slice(i + 1, end));
		start = end + 1;
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
function signatureFields(req: ServiceRequest): SignatureFields {
	const header = req.headers.authorization;
	if (header) return parseAuthorization(header);
	if (!req.query.has("q-signature")) throw cosError("AccessDenied");
	const fields: SignatureFields = {};
	for (const [k, v] of req.query) setField(fields, k, v);
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
	const signTime = fields["q-sign-time"] ?? "";
	const keyTime = fields["q-key-time"] ?? "";
	const signature = fields["q-signature"];
	const times = /^(\d+);(\d+)$/.exec(signTime);
	if (
		fields["q-sign-algorithm"] !== "sha1" ||
		!times ||
		!keyTime ||
		!signature
	) {
		throw cosError("AccessDenied", "Authorization is malformed.");
	}
	const account = accounts.find((a) => a.cos.secretId === fields["q-ak"]);
	if (!account) throw cosError("InvalidAccessKeyId");

	const now = Date.now() / 1000;
	if (now > Number(times[2])) {
		throw cosError("AccessDenied", "Request has expired");
	}
	if (Number(times[1]) > now + clockSkewMs / 1000) {
		throw cosError("RequestTimeTooSkewed");
	}

	const { query, headers } = req;
	const params = signedPairs(fields["q-url-param-list"] ?? "", (name) =>
		encodedValue(query, name),
	);
	const signedHeaders = signedPairs(fields["q-header-list"] ?? "", (name) =>
		headerValue(headers, name),
	);
	const formatString = `${req.method.toLowerCase()}\n${pathname}\n${params}\n${signedHeaders}\n`;
	const stringToSign = `sha1\n${signTime}\n${createHash("sha1").update(formatString).digest("hex")}\n`;
	const expected = createHmac("sha1", signKey(account.cos.secretKey, keyTime))
		.update(stringToSign)
		.digest("hex");
	if (expected !== signature) throw cosError("SignatureDoesNotMatch");
	return account;
}
