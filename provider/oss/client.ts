/**
 * The OSS client: credentials and endpoint from stack config or env at call time, one request timeout,
 * our retries around each call, and ali-oss errors turned into our error classes.
 */
import type OSS from "ali-oss";
import { cloudCall } from "../core/call";
import {
	CloudApiError,
	CredentialsError,
	type ErrorContext,
	ReplicationError,
} from "../core/errors";
import { collectOldSpace } from "../core/oldSpace";
import { isNetworkCode, isRetryableStatus } from "../core/retry";
import { silenceSdkDebug } from "../core/sdkDebug";
import {
	endpointSetting as readEndpoint,
	secretSetting,
	withScheme,
} from "../core/settings";
import { requestTimeoutMs } from "../core/timeout";

/** What a failed `client.request` rejects with (ali-oss lib/client.js `requestError`; reference §2.1). */
interface SdkError {
	name?: string;
	/** The OSS error code, or the error name for network failures. */
	code?: string;
	/** HTTP status; -1 (network) and -2 (timeout) when no answer came. */
	status?: number;
	requestId?: string;
	ecCode?: string;
	message?: string;
}

/**
 * A client for buckets in `region` (`oss-<region>`). Credentials: `alicloud:accessKey`,
 * `alicloud:secretKey`, `alicloud:securityToken`, else `ALICLOUD_ACCESS_KEY`, `ALICLOUD_SECRET_KEY`,
 * `ALICLOUD_SECURITY_TOKEN`.
 */
export function ossClient(region: string, context: ErrorContext): OSS {
	const accessKeyId = secretSetting(
		"alicloud:accessKey",
		"ALICLOUD_ACCESS_KEY",
	);
	const accessKeySecret = secretSetting(
		"alicloud:secretKey",
		"ALICLOUD_SECRET_KEY",
	);
	const stsToken = secretSetting(
		"alicloud:securityToken",
		"ALICLOUD_SECURITY_TOKEN",
	);
	if (!accessKeyId || !accessKeySecret) {
		throw new CredentialsError(
			context,
			"no credentials",
			"Run `pulumi config set alicloud:accessKey <id>` and `pulumi config set --secret alicloud:secretKey <secret>`, or set ALICLOUD_ACCESS_KEY and ALICLOUD_SECRET_KEY",
		);
	}
	// Loaded on first use, not with the runtime: `preview` and a no-op `up` only check and diff, and
	// loading the three SDKs costs every CLI run about 0.4 s of CPU (issue 13).
	const Oss: typeof OSS = require("ali-oss");
	silenceSdkDebug("ali-oss", "ali-oss*", "ali-oss");
	return new Oss({
		accessKeyId,
		accessKeySecret,
		stsToken,
		// Without a refresh function ali-oss never refreshes; the interval only silences its console warning.
		refreshSTSTokenInterval: stsToken ? 3_600_000 : undefined,
		region,
		// `bucket-replication:ossEndpoint` / `ALICLOUD_OSS_ENDPOINT`, e.g. `http://127.0.0.1:8080`: with an
		// IP endpoint ali-oss still sends `Host: <bucket>.<region>.aliyuncs.com` (reference §2.1, option 1).
		// Unset: `https://oss-<region>.aliyuncs.com`.
		endpoint: endpointSetting(),
		secure: true,
		timeout: requestTimeoutMs(),
	});
}

function endpointSetting(): string | undefined {
	return (
		readEndpoint("bucket-replication:ossEndpoint", "ALICLOUD_OSS_ENDPOINT") ??
		undefined
	);
}

/** The endpoint requests for `region` (`oss-<region>`) go to, as ali-oss builds it. */
function endpointFor(region: string): string {
	const override = endpointSetting();
	if (!override) return `https://${region}.aliyuncs.com`;
	return withScheme(override);
}

/** The element an XML document opens with, after any declaration, comments and doctype. */
function rootOf(xml: string): string | undefined {
	return /^\s*(?:<\?[\s\S]*?\?>\s*|<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<([A-Za-z_][\w.:-]*)/i.exec(
		xml,
	)?.[1];
}

/**
 * The parsed body of a 2xx answer that must be the XML document `root` (api-reference.md §2.5 shows
 * each answer's root element). With `xmlResponse`, ali-oss rejected a body xml2js cannot parse with the
 * parser's bare error: no status, so it was reported as "no answer" from the network. And a page that
 * does parse (a captive portal's XHTML) read as a bucket with no rules: `refresh` would drop every
 * rule from the state. Both fail as an unreadable answer instead, naming where it came from.
 */
export async function xmlAnswer(
	oss: OSS,
	result: OSS.RequestResult,
	root: string,
	context: ErrorContext,
	operation: string,
	region: string,
): Promise<unknown> {
	const text = Buffer.isBuffer(result.data)
		? result.data.toString("utf8")
		: String(result.data ?? "");
	const found = rootOf(text);
	const parsed =
		found === root
			? await oss.parseXML(text).catch(() => undefined)
			: undefined;
	if (parsed !== undefined) return parsed;
	const requestId = result.headers["x-oss-request-id"];
	throw new CloudApiError(
		context,
		operation,
		result.status,
		undefined,
		typeof requestId === "string" ? requestId : undefined,
		`the answer from ${endpointFor(region)} is not ${found === root ? "readable XML" : `a <${root}> document`}, so it may not come from OSS`,
		"Check the endpoint setting (bucket-replication:ossEndpoint / ALICLOUD_OSS_ENDPOINT) and any proxy between this machine and OSS",
	);
}

function facts(error: unknown): SdkError {
	return (typeof error === "object" && error !== null ? error : {}) as SdkError;
}

function answered(status: number | undefined): status is number {
	return status !== undefined && status > 0;
}

function isRetryable(error: unknown): boolean {
	if (error instanceof ReplicationError) return false; // ours already (missing credentials)
	const { status, code, name } = facts(error);
	if (answered(status)) return isRetryableStatus(status);
	return (
		isNetworkCode(code) || isNetworkCode(name) || status === -1 || status === -2
	);
}

/** What to tell the user for the OSS codes any call can meet. */
function fixFor(code: string | undefined): string | undefined {
	switch (code) {
		case "InvalidAccessKeyId":
		case "SignatureDoesNotMatch":
			return "Check alicloud:accessKey / alicloud:secretKey (or ALICLOUD_ACCESS_KEY / ALICLOUD_SECRET_KEY), and with temporary STS keys alicloud:securityToken (or ALICLOUD_SECURITY_TOKEN) and that they have not expired (OSS answers InvalidAccessKeyId for expired ones too)";
		// STS temporary credentials (EC 0002-00000006 and 0002-00000007).
		case "InvalidSecurityToken":
			return "Check alicloud:securityToken (or ALICLOUD_SECURITY_TOKEN): it must be the token AssumeRole returned with these temporary keys";
		case "SecurityTokenExpired":
			return "The temporary STS keys have expired: get new ones and set alicloud:accessKey / alicloud:secretKey / alicloud:securityToken (or ALICLOUD_ACCESS_KEY / ALICLOUD_SECRET_KEY / ALICLOUD_SECURITY_TOKEN)";
		case "AccessDenied":
			return "Check that the key may call this OSS API on the bucket and that the bucket's region is right";
		case "RequestTimeTooSkewed":
			return "Set this machine's clock right: OSS allows 15 minutes of difference";
		case "NoSuchBucket":
			return "Create the bucket first (`oss.Bucket`), or check the bucket name and region";
		// PutBucketRTC to a destination region without RTC (create checks GetBucketReplicationLocation first).
		case "ReplicationLocationNotSupportRtc":
			return 'OSS offers no RTC between these two regions: set rtc: "disabled"';
		// PutBucketReplication: "You can configure up to 100 data replication rules for a bucket" (seed 002).
		case "TooManyOutgoingReplication":
		case "TooManyIncomingReplication":
			return "OSS allows 100 rules from a bucket and 100 to a bucket, closing ones included: delete rules no longer used (or ask OSS support for more)";
		default:
			return undefined;
	}
}

/**
 * Runs one ali-oss request with retries on throttling, 5xx and network errors, and turns a final failure
 * into `CloudApiError` or `NetworkError`. The SDK's error object never escapes (it carries `params`).
 */
export function ossCall<T>(
	context: ErrorContext,
	operation: string,
	call: () => Promise<T>,
	fix: (code: string | undefined) => string | undefined = fixFor,
): Promise<T> {
	collectOldSpace();
	return cloudCall(context, operation, call, {
		isRetryable,
		describe(error) {
			const { status, code, name, message, requestId } = facts(error);
			if (answered(status)) return { status, code, message, requestId };
			const kind = code ?? name ?? "Error";
			return { code: message ? `${kind}: ${message}` : kind };
		},
		fix: (code) => fix(code) ?? fixFor(code),
	});
}

/** The OSS code of a failed call (`NoSuchBucket`, `BucketReplicationAlreadyExist`, ...). */
export function errorCode(error: unknown): string | undefined {
	return error instanceof CloudApiError ? error.code : undefined;
}
