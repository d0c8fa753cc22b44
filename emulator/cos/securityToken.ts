import type { Account } from "../core/accounts";
import type { ServiceRequest } from "../core/http";
import {
	firstHeader,
	type TokenProblem,
	tokenProblem,
} from "../core/securityToken";
import { cosError } from "./errors";

/**
 * Tencent STS temporary keys: a SecretId/SecretKey pair and a token, valid until their expiry. With
 * the `Authorization` header, "x-cos-security-token ... is required when a temporary key is used"
 * (Common Request Headers, https://intl.cloud.tencent.com/document/product/436/7728);
 * cos-nodejs-sdk-v5 sends its `SecurityToken` option there (base.js `_submitRequest`). An account
 * whose `cos.securityToken` is set stands for such keys: its requests must carry that token, until its
 * `cos.expiration`; a presigned URL carries it as its `x-cos-security-token` parameter.
 *
 * The token need not be signed: the SDK adds the header after it signs the request, so it is never in
 * `q-header-list`, and the signature page (https://intl.cloud.tencent.com/document/product/436/7778)
 * lets the caller choose which headers to sign. A client that lists it signs it like any header
 * (auth.ts).
 *
 * Codes, from the COS error list (https://cloud.tencent.com/document/product/436/7730, reference
 * §1.6): an expired token is `ExpiredToken`, 400 in that list (its row as Tencent's own flare
 * mirrors the list, flare/net/cos/cos_status.cc; the message is S3's, [INFERRED]). The list has no code for a missing or
 * wrong token, nor for one sent with long-term keys: [INFERRED] `InvalidAccessKeyId` 403 for the three
 * (a key id with no token, or with another, names no key COS has), as OSS documents for the same cases
 * (https://www.alibabacloud.com/help/en/oss/support/0002-00000002 and its PostObject page), with a
 * message that says which.
 */
export function checkSecurityToken(
	req: ServiceRequest,
	account: Account,
	now = Date.now(),
): void {
	const sent =
		firstHeader(req.headers["x-cos-security-token"]) ?? presignedToken(req);
	const problem = tokenProblem(sent, account.cos, now);
	if (!problem) return;
	if (problem === "expired")
		throw cosError(
			"ExpiredToken",
			`The provided token has expired. Expiration is ${account.cos.expiration}.`,
		);
	throw cosError("InvalidAccessKeyId", messages[problem]);
}

/**
 * A presigned URL's token: its `x-cos-security-token` parameter
 * (https://cloud.tencent.com/document/product/436/68284), unsigned too. cos-nodejs-sdk-v5
 * `getObjectUrl` appends the token as it is, not encoded, so a `+` in it is a plus, not a space:
 * the raw query is read, not the form-decoded one.
 */
function presignedToken(req: ServiceRequest): string | undefined {
	if (req.headers.authorization) return undefined;
	for (const pair of req.rawQuery.split("&")) {
		const [name, value = ""] = pair.split(/=(.*)/s);
		if (name !== "x-cos-security-token") continue;
		try {
			return decodeURIComponent(value);
		} catch {
			return value;
		}
	}
	return undefined;
}

const messages: Record<Exclude<TokenProblem, "expired">, string> = {
	notTemporary:
		"The security token was sent with a SecretId that is not temporary.",
	missing:
		"The SecretId is temporary: the request needs its security token (x-cos-security-token).",
	wrong: "The security token is invalid for this SecretId.",
};
