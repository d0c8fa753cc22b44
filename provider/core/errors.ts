import {
	endpointSetting as readEndpoint,
	scrub,
	stackConfigKeys,
	withScheme,
} from "./settings";
import { closest } from "./suggest";
import type { Cloud } from "./types";

const vendorName: Record<Cloud, string> = {
	cos: "COS",
	oss: "OSS",
	bos: "BOS",
};

/** Sentences joined with ". ", without doubling the mark of one that has its own ("did you mean Y?"). */
function sentences(parts: Array<string | undefined>): string | undefined {
	const given = parts.filter((p): p is string => Boolean(p));
	if (given.length === 0) return undefined;
	return given.reduce((text, next) =>
		/[.?!]$/.test(text) ? `${text} ${next}` : `${text}. ${next}`,
	);
}

export interface ErrorContext {
	cloud: Cloud;
	bucket?: string;
	ruleId?: string;
}

/**
 * Base of every error the provider throws. The message names the cloud, bucket and rule, then what
 * happened, then how to fix it; secrets the provider has read are scrubbed from it. It never carries
 * an `id` property (the dynamic provider host would take it for a partial failure).
 */
export class ReplicationError extends Error {
	override name = "ReplicationError";
	readonly cloud: Cloud;
	readonly bucket?: string;
	readonly ruleId?: string;

	constructor(context: ErrorContext, what: string, fix?: string) {
		const where = [`${vendorName[context.cloud]}`];
		if (context.bucket) where.push(`bucket "${context.bucket}"`);
		if (context.ruleId) where.push(`rule "${context.ruleId}"`);
		super(scrub(`${where.join(" ")}: ${what}${fix ? `. ${fix}` : ""}`));
		this.cloud = context.cloud;
		this.bucket = context.bucket;
		this.ruleId = context.ruleId;
		// Pulumi's dynamic provider host also prints `${e}: ${e.stack}` on the stack when check, diff,
		// read or delete fails (@pulumi/pulumi cmd/dynamic-provider): with Node's defaults, the message
		// twice and a JavaScript stack trace under an error the message already explains. With these two,
		// that line reads "CloudApiError: <message>", once.
		this.stack = this.message;
	}

	override toString(): string {
		return this.name;
	}
}

/** Throttling (429, and 503 as OSS and BOS throttle) and server errors: worth another run. */
const transient = (status: number | undefined) =>
	status !== undefined && (status === 429 || status >= 500);

// README, Troubleshooting: a `pulumi up` that failed on transient errors needs only another `pulumi up`.
const transientFix =
	"The service failed for a while and the provider already retried: run the command again, or raise bucket-replication:maxRetries (BUCKET_REPLICATION_MAX_RETRIES)";

/**
 * `pulumi refresh` and `pulumi destroy` do not run the program: the provider gets the stack config the
 * last `pulumi up` recorded (README, Credentials). Seen through the CLI: a key or endpoint corrected in
 * stack config still failed on refresh and destroy, while the error said to check that config.
 */
export const staleConfig =
	"`pulumi refresh` and `pulumi destroy` use the stack config of the last `pulumi up`: after changing it, run `pulumi up` first or pass --run-program";

/**
 * Codes each cloud answers for a wrong key id or secret (api-reference.md §1.6, §2.2, §3.2), and COS and
 * OSS for a wrong or expired STS token (emulator/cos/securityToken.ts, emulator/oss/securityToken.ts).
 */
const keyCodes = new Set([
	"InvalidAccessKeyId",
	"SignatureDoesNotMatch",
	"ExpiredToken",
	"InvalidSecurityToken",
	"SecurityTokenExpired",
]);

/**
 * The fix of a bucket delete refused with BucketNotEmpty, in the same words on the three clouds (seen
 * through the CLI, each said it differently): the provider never deletes objects.
 */
export function bucketNotEmptyFix(cloud: Cloud): string {
	return `\`${cloud}.Bucket\` never deletes data: empty the bucket, every object version included, and run the command again; or keep the bucket and drop it from the stack with \`pulumi state delete <urn>\``;
}

/** The service answered with an error. */
export class CloudApiError extends ReplicationError {
	override name = "CloudApiError";
	constructor(
		context: ErrorContext,
		readonly operation: string,
		readonly status: number | undefined,
		readonly code: string | undefined,
		readonly requestId: string | undefined,
		vendorMessage: string | undefined,
		fix?: string,
	) {
		const v = vendorName[context.cloud];
		const facts = [
			status ? `HTTP ${status}` : undefined,
			code ? `${v} code ${code}` : undefined,
			requestId ? `request id ${requestId}` : undefined,
		].filter(Boolean);
		// Vendor messages end with a period ("Access Denied."): dropped, so that the facts follow the
		// sentence instead of a lone "." before them.
		const said = vendorMessage?.trim().replace(/\.$/, "");
		super(
			context,
			`${operation} failed: ${said || "no message"}${facts.length ? ` (${facts.join(", ")})` : ""}`,
			sentences([
				fix ?? (transient(status) ? transientFix : undefined),
				code && keyCodes.has(code) ? staleConfig : undefined,
			]),
		);
	}
}

/** Where each cloud's endpoint is set (README, Credentials), named in the fix of a network error. */
const endpointSetting: Record<Cloud, string> = {
	cos: "bucket-replication:cosEndpoint / TENCENTCLOUD_COS_ENDPOINT",
	oss: "bucket-replication:ossEndpoint / ALICLOUD_OSS_ENDPOINT",
	bos: "bucket-replication:bosEndpoint / BAIDUCLOUD_BOS_ENDPOINT",
};

/** The request never got an answer (connection refused, reset, DNS, timeout). */
export class NetworkError extends ReplicationError {
	override name = "NetworkError";
	constructor(context: ErrorContext, operation: string, cause: string) {
		// ali-oss appends its HTTP agent's state, over several lines, to "socket hang up": keep the first
		// line without it.
		const short = cause
			.split("\n", 1)[0]
			.replace(/ \(connected: .*$/, "")
			.slice(0, 200);
		super(
			context,
			`${operation} failed: no answer from the service (${short})`,
			networkFix(context.cloud, short),
		);
	}
}

/**
 * What to do about a request with no answer, from its cause. Only resets, refusals, DNS retries and
 * timeouts are retried (`isNetworkCode`); a malformed endpoint fails at once, so its fix does not say
 * that the provider retried.
 */
function networkFix(cloud: Cloud, cause: string): string {
	return sentences([networkCauseFix(cloud, cause), staleConfig]) ?? staleConfig;
}

/**
 * The endpoint setting as the user gave it, for the fix: `, now http://127.0.0.1:9` (ECONNREFUSED alone
 * does not say which endpoint was refused; ali-oss names it, the COS and BOS SDKs do not). Without its
 * user and password, which a proxy URL may carry; nothing when unset or not a URL.
 */
function endpointNow(cloud: Cloud): string {
	const [configKey, envVar] = endpointSetting[cloud].split(" / ");
	const value = readEndpoint(configKey, envVar);
	if (!value) return "";
	try {
		// The origin: scheme, host and port, never a user, password or path.
		const { origin } = new URL(withScheme(value));
		return origin === "null" ? "" : `, now ${origin}`;
	} catch {
		return "";
	}
}

function networkCauseFix(cloud: Cloud, cause: string): string {
	const where = `the endpoint setting (${endpointSetting[cloud]}${endpointNow(cloud)})`;
	// Seen through the CLI: "127.0.0.1:8080" with no scheme (the SDKs then speak https to an http
	// server: EPROTO), "htp://..." (ERR_INVALID_PROTOCOL, ali-oss "Endpoint protocol must be http or
	// https"), a port over 65535 (ERR_INVALID_URL).
	if (
		/EPROTO|ERR_INVALID_PROTOCOL|ERR_INVALID_URL|Invalid URL|protocol must be/i.test(
			cause,
		)
	)
		return `Check ${where}: a URL with the scheme the endpoint speaks, such as http://127.0.0.1:8080, or unset for the cloud's own endpoint`;
	if (/ENOTFOUND/.test(cause))
		return `Check ${where} and DNS: the host name was not found`;
	// Tested on the short cause: ali-oss's agent state always holds "timeoutSocketCount".
	if (/TIMEDOUT|timeout/i.test(cause))
		return `Check ${where} and the network, or raise bucket-replication:requestTimeoutMs; the provider already retried`;
	// A connection cut mid-request is transient, like a 5xx (README, Troubleshooting).
	if (/ECONNRESET|EPIPE|socket hang up/i.test(cause))
		return `Check ${where} and the network; the provider already retried: run the command again, or raise bucket-replication:maxRetries (BUCKET_REPLICATION_MAX_RETRIES)`;
	return `Check ${where} and the network; the provider already retried`;
}

/** The variables each cloud reads credentials from (README, Credentials), for "did you mean". */
const credentialVariables: Record<Cloud, { prefix: string; known: string[] }> =
	{
		cos: {
			prefix: "TENCENTCLOUD_",
			known: [
				"TENCENTCLOUD_SECRET_ID",
				"TENCENTCLOUD_SECRET_KEY",
				"TENCENTCLOUD_SECURITY_TOKEN",
			],
		},
		oss: {
			prefix: "ALICLOUD_",
			known: [
				"ALICLOUD_ACCESS_KEY",
				"ALICLOUD_SECRET_KEY",
				"ALICLOUD_SECURITY_TOKEN",
			],
		},
		bos: {
			prefix: "BAIDUCLOUD_",
			known: [
				"BAIDUCLOUD_ACCESS_KEY",
				"BAIDUCLOUD_SECRET_KEY",
				"BAIDUCLOUD_SECURITY_TOKEN",
			],
		},
	};

/**
 * Set environment variables whose names are a slip of an unset credential variable
 * (`ALICLOUD_ACCESS_KEY_ID` for `ALICLOUD_ACCESS_KEY`), as "X is set: did you mean Y?". Names only:
 * the values are keys.
 */
export function credentialNameHints(
	cloud: Cloud,
	env: NodeJS.ProcessEnv = process.env,
): string[] {
	const { prefix, known } = credentialVariables[cloud];
	const unset = known.filter((name) => !env[name]);
	const hints: string[] = [];
	for (const name of Object.keys(env).sort()) {
		const upper = name.toUpperCase();
		if (!upper.startsWith(prefix) || known.includes(name) || !env[name])
			continue;
		const match = closest(name, unset);
		if (match) hints.push(`${name} is set: did you mean ${match}?`);
	}
	return hints;
}

/** The stack config keys each cloud reads credentials from (README, Credentials), for "did you mean". */
const credentialConfigKeys: Record<Cloud, string[]> = {
	cos: [
		"tencentcloud:secretId",
		"tencentcloud:secretKey",
		"tencentcloud:securityToken",
	],
	oss: ["alicloud:accessKey", "alicloud:secretKey", "alicloud:securityToken"],
	bos: [
		"baiducloud:accessKey",
		"baiducloud:secretKey",
		"baiducloud:securityToken",
	],
};

/**
 * Stack config keys that are a slip of an unset credential key (`alicloud:accessKeyId` for
 * `alicloud:accessKey`, `tencentcloud:secretkey`), as "X is set: did you mean Y?": such a key was
 * read by no one, and the run failed as if no key had been given (seen through the CLI). Names only.
 */
export function credentialConfigHints(
	cloud: Cloud,
	keys: readonly string[] = stackConfigKeys(),
): string[] {
	const known = credentialConfigKeys[cloud];
	const namespace = known[0].slice(0, known[0].indexOf(":") + 1);
	const unset = known.filter((key) => !keys.includes(key));
	const hints: string[] = [];
	for (const key of [...keys].sort()) {
		if (!key.startsWith(namespace) || known.includes(key)) continue;
		const match = closest(key, unset);
		if (match) hints.push(`${key} is set: did you mean ${match}?`);
	}
	return hints;
}

/**
 * Credentials are missing. The fix names any set variable or stack config key that looks like a
 * misspelt credential variable or key.
 */
export class CredentialsError extends ReplicationError {
	override name = "CredentialsError";
	constructor(context: ErrorContext, what: string, fix?: string) {
		const hints = [
			...credentialConfigHints(context.cloud),
			...credentialNameHints(context.cloud),
		];
		super(context, what, sentences([fix, ...hints, staleConfig]));
	}
}

/** Something that must hold before the first write does not (bucket missing, versioning off, ...). */
export class PreconditionError extends ReplicationError {
	override name = "PreconditionError";
}

/** The cloud already has a configuration or rule this resource does not own. */
export class ConflictError extends ReplicationError {
	override name = "ConflictError";
}

/** A wait for the service (for example an OSS rule leaving `closing`) did not finish in time. */
export class WaitTimeoutError extends ReplicationError {
	override name = "WaitTimeoutError";
}
