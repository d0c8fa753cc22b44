import { timingSafeEqual } from "node:crypto";

/**
 * Temporary (STS) credentials of one cloud in an account: keys that are accepted only with this
 * security token, until `expiration` (ISO 8601) when given. Tencent STS, Alibaba STS and Baidu STS all
 * hand out such a triple (key id, secret, token) with an expiry; each service wants the token in its
 * own header (cos/securityToken.ts, oss/securityToken.ts, bos/securityToken.ts).
 */
export interface TemporaryCredentials {
	securityToken?: string;
	expiration?: string;
}

/**
 * What is wrong with the token a request carried, if anything; each service answers each case with
 * its own error code:
 * - `notTemporary`: a token sent with long-term keys;
 * - `missing`: temporary keys without their token (or with an empty one);
 * - `wrong`: another token;
 * - `expired`: the right token, after its expiration.
 */
export type TokenProblem = "notTemporary" | "missing" | "wrong" | "expired";

export function tokenProblem(
	sent: string | undefined,
	keys: TemporaryCredentials,
	now = Date.now(),
): TokenProblem | undefined {
	const { securityToken, expiration } = keys;
	if (securityToken === undefined)
		return sent === undefined ? undefined : "notTemporary";
	if (!sent) return "missing";
	if (!sameText(sent, securityToken)) return "wrong";
	if (expiration !== undefined && now > Date.parse(expiration))
		return "expired";
	return undefined;
}

/** The first value of a request header (Node gives a list for a repeated one). */
export function firstHeader(
	value: string | string[] | undefined,
): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}

function sameText(a: string, b: string): boolean {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && timingSafeEqual(x, y);
}
