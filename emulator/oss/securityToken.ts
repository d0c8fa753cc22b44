import type { Account } from "../core/accounts";
import type { ServiceRequest } from "../core/http";
import { firstHeader, tokenProblem } from "../core/securityToken";
import { ossError } from "./errors";

/**
 * Alibaba Cloud STS temporary credentials: AssumeRole returns an AccessKey pair, a SecurityToken and
 * an expiry. A request signed with that AccessKey ID carries the token in the `x-oss-security-token`
 * header, or a presigned URL in the `security-token` parameter (V1) or `x-oss-security-token` (V4)
 * (https://www.alibabacloud.com/help/en/oss/support/0002-00000006); ali-oss sends its `stsToken` so
 * (common/utils/createRequest.js, signatureUrl.js, signatureUrlV4.js). An account whose `oss.securityToken` is set stands for
 * such credentials: its requests must carry that token, until its `oss.expiration`.
 *
 * The token is always signed, as OSS signs it: the header is one of the `x-oss-*` headers of
 * CanonicalizedOSSHeaders (V1) and of the V4 canonical headers, `security-token` is one of the
 * sub-resources of the V1 CanonicalizedResource (reference §2.2; auth.ts), and a V4 URL signs every
 * query parameter (signatureV4.ts), so a token added after
 * signing or changed in a URL fails as SignatureDoesNotMatch before it is looked at here.
 *
 * Codes, each from an OSS page: a token sent with keys that are not temporary, or temporary keys sent
 * without their token, are `InvalidAccessKeyId` 403: OSS looks the key id up among the STS keys (EC
 * 0002-00000002) or among the long-term ones ("The OSS Access Key Id you provided does not exist in
 * our records" error with STS temporary access credentials, cause 3 "The SecurityToken is missing",
 * https://www.alibabacloud.com/help/en/oss/the-the-oss-access-key-id-you-provided-does-not-exist-in-our-records-error-message-is-returned-1).
 * A wrong token is `InvalidSecurityToken` (EC 0002-00000006), an expired one `SecurityTokenExpired`
 * 403 (EC 0002-00000007); errors.ts cites each. That page also gives expired credentials as a cause
 * of `InvalidAccessKeyId`: OSS answers either for them, and the emulator the one whose EC page names
 * the case.
 */
export function checkSecurityToken(
	req: ServiceRequest,
	account: Account,
	now = Date.now(),
): void {
	// A V4 presigned URL names it x-oss-security-token (ali-oss signatureUrlV4.js), a V1 one
	// security-token; each is signed there (V4: every parameter; V1: a sub-resource).
	const presignedV4 =
		!req.headers.authorization &&
		req.query.get("x-oss-signature-version") === "OSS4-HMAC-SHA256";
	const sent =
		firstHeader(req.headers["x-oss-security-token"]) ??
		req.query.get(presignedV4 ? "x-oss-security-token" : "security-token") ??
		undefined;
	const fields = { OSSAccessKeyId: account.oss.accessKeyId };
	switch (tokenProblem(sent, account.oss, now)) {
		case undefined:
			return;
		case "notTemporary":
			throw ossError("InvalidAccessKeyId", {
				message:
					"The OSS Access Key Id you provided does not exist in our records: a security token came with it, so it was taken for a temporary (STS) one.",
				ec: "0002-00000002",
				fields,
			});
		case "missing":
			throw ossError("InvalidAccessKeyId", {
				message:
					"The OSS Access Key Id you provided does not exist in our records: it is a temporary (STS) one, and the request has no security token (x-oss-security-token).",
				fields,
			});
		case "wrong":
			throw ossError("InvalidSecurityToken", { fields });
		case "expired":
			throw ossError("SecurityTokenExpired", {
				fields: { ...fields, Expiration: String(account.oss.expiration) },
			});
	}
}
