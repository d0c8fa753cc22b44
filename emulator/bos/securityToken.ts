import type { Account } from "../core/accounts";
import type { ServiceRequest } from "../core/http";
import {
	firstHeader,
	type TokenProblem,
	tokenProblem,
} from "../core/securityToken";
import { bosError } from "./errors";

/**
 * Baidu STS temporary credentials (https://cloud.baidu.com/doc/BOS/s/Tjwvysda9): GetSessionToken
 * returns an AK/SK pair, a session token and an expiration, and each request signed with that AK
 * carries the token in `x-bce-security-token` (@baiducloud/sdk bos_client.js `sendRequest`; a
 * presigned URL carries it as the query parameter of that name, `generatePresignedUrl`). An account
 * whose `bos.securityToken` is set stands for such credentials: its requests must carry that token,
 * until its `bos.expiration`.
 *
 * Which code BOS answers for a missing, wrong or expired token is not in its error table nor in the
 * Baidu common codes (reference §3.6): [INFERRED] `AccessDenied` 403, the common code for "no
 * permission", with a message that says which. A token sent with long-term keys is refused the same
 * way, as OSS does (it takes such a request for an STS one whose key is unknown, OSS doc 0002-00000002).
 *
 * The token need not be among the signed headers: the authorization names the headers the caller
 * signed ("signedHeaders is the list of headers involved in the signature algorithm",
 * https://intl.cloud.baidu.com/en/doc/BOS/s/Zkkrr77ld-intl-en), and neither that page, the STS page
 * above nor the BOS error table says the token must be one of them. The SDKs sign it anyway, as every
 * `x-bce-*` header (auth.js `headersCanonicalization`), and so does an empty `signedHeaders`, whose
 * default is every `x-bce-*` header (auth.ts).
 */
export function checkSecurityToken(
	req: ServiceRequest,
	query: ReadonlyArray<[string, string]>,
	account: Account,
	now = Date.now(),
): void {
	const sent =
		firstHeader(req.headers["x-bce-security-token"]) ??
		query.find(([k]) => k === "x-bce-security-token")?.[1];
	const problem = tokenProblem(sent, account.bos, now);
	if (!problem) return;
	throw bosError(
		"AccessDenied",
		problem === "expired"
			? `The security token has expired. Expiration is ${account.bos.expiration}.`
			: messages[problem],
	);
}

const messages: Record<Exclude<TokenProblem, "expired">, string> = {
	notTemporary:
		"The security token was sent with an access key that is not temporary.",
	missing:
		"The access key is temporary: the request needs its security token (x-bce-security-token).",
	wrong: "The security token is invalid.",
};
