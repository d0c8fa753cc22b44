/**
 * The COS client: credentials and endpoint from stack config or env at call time, one request
 * timeout, our retries around each call, and SDK errors turned into our error classes.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type COS from "cos-nodejs-sdk-v5";
import { cloudCall } from "../core/call";
import {
	CloudApiError,
	CredentialsError,
	type ErrorContext,
} from "../core/errors";
import { collectOldSpace } from "../core/oldSpace";
import { isNetworkCode, isRetryableStatus } from "../core/retry";
import { secretSetting, setting, withScheme } from "../core/settings";
import { requestTimeoutMs } from "../core/timeout";

/** What a failed `cos-nodejs-sdk-v5` call rejects with (base.js `_submitRequest`, util.js `error`). */
interface SdkError {
	statusCode?: number;
	code?: string;
	message?: string;
	error?: { Code?: string; Message?: string; RequestId?: string } | string;
	headers?: Record<string, string | undefined>;
}

/** Reads the settings and builds a client; throws when credentials are missing. */
export function cosClient(context: ErrorContext): COS {
	const secretId = secretSetting(
		"tencentcloud:secretId",
		"TENCENTCLOUD_SECRET_ID",
	);
	const secretKey = secretSetting(
		"tencentcloud:secretKey",
		"TENCENTCLOUD_SECRET_KEY",
	);
	const securityToken = secretSetting(
		"tencentcloud:securityToken",
		"TENCENTCLOUD_SECURITY_TOKEN",
	);
	if (!secretId || !secretKey) {
		throw new CredentialsError(
			context,
			"no credentials",
			"Run `pulumi config set tencentcloud:secretId <id>` and `pulumi config set --secret tencentcloud:secretKey <key>`, or set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY",
		);
	}
	// Loaded on first use, not with the runtime: `preview` and a no-op `up` only check and diff, and
	// loading the three SDKs costs every CLI run about 0.4 s of CPU (issue 13).
	const Cos: typeof COS = require("cos-nodejs-sdk-v5");
	return new Cos({
		SecretId: secretId,
		SecretKey: secretKey,
		SecurityToken: securityToken ?? "",
		Timeout: requestTimeoutMs(),
		...endpointOptions(),
	});
}

/**
 * `bucket-replication:cosEndpoint` / `TENCENTCLOUD_COS_ENDPOINT`, e.g. `http://127.0.0.1:8080`:
 * the SDK keeps the virtual-hosted `Host` header (the bucket and region stay on the wire) and connects
 * to this authority instead (api-reference.md §1.1, option 1). Unset: the SDK's public endpoint.
 */
function endpointOptions(): Pick<COS.COSOptions, "Protocol" | "Ip"> {
	const endpoint = setting(
		"bucket-replication:cosEndpoint",
		"TENCENTCLOUD_COS_ENDPOINT",
	);
	if (!endpoint) return {};
	const url = new URL(withScheme(endpoint));
	return {
		Protocol: url.protocol === "http:" ? "http:" : "https:",
		Ip: url.host,
	};
}

function sdkFacts(error: unknown) {
	const e = (
		typeof error === "object" && error !== null ? error : {}
	) as SdkError;
	const body = typeof e.error === "object" && e.error !== null ? e.error : {};
	return {
		status: e.statusCode,
		code: body.Code ?? e.code,
		message: body.Message ?? e.message,
		requestId: body.RequestId ?? e.headers?.["x-cos-request-id"],
	};
}

function isRetryable(error: unknown): boolean {
	const { status, code } = sdkFacts(error);
	return (
		isRetryableStatus(status) ||
		(status === undefined && isNetworkCode(code) && !isSdkTimeout(code)) ||
		code === "SlowDown" ||
		code === "RequestLimitExceeded"
	);
}

/**
 * A request the SDK already sent 4 times, each waiting `requestTimeoutMs` for an answer (base.js
 * `submitRequest` retries network errors). Our retries on top would make an endpoint that never
 * answers cost 20 times the timeout (10 minutes at the defaults) before the error.
 */
function isSdkTimeout(code: string | undefined): boolean {
	return code === "ESOCKETTIMEDOUT" || code === "ETIMEDOUT";
}

/** What to tell the user for the COS codes a replication call can meet. */
function fixFor(code: string | undefined): string | undefined {
	switch (code) {
		case "InvalidBucketState":
			return 'Enable versioning on the source and destination buckets first (`cos.Bucket` with `versioning: "Enabled"`)';
		case "AccessDenied":
			// Also what COS answers for a bucket of another account: COS bucket names end with the owner's APPID.
			return "Check that the bucket name ends with the APPID of the account these keys belong to, and the key's COS permissions";
		case "InvalidAccessKeyId":
		case "SignatureDoesNotMatch":
			return "Check tencentcloud:secretId / tencentcloud:secretKey (or TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY), and with temporary STS keys tencentcloud:securityToken (or TENCENTCLOUD_SECURITY_TOKEN) and that they have not expired";
		// Temporary keys past their expiry (COS error list, 400).
		case "ExpiredToken":
			return "The temporary STS keys have expired: get new ones and set tencentcloud:secretId / tencentcloud:secretKey / tencentcloud:securityToken (or TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY / TENCENTCLOUD_SECURITY_TOKEN)";
		case "NoSuchBucket":
			return "Create the bucket first (`cos.Bucket`), or check the bucket name (with its APPID) and region";
		// The SDK corrects a skew from the answer's Date and retries once (api-reference.md §1.1): still
		// refused, the clock is wrong beyond that. The same words as OSS and BOS.
		case "RequestTimeTooSkewed":
			return "Set this machine's clock right: COS refuses requests signed at a time too far from its own";
		default:
			return undefined;
	}
}

/**
 * Runs one SDK call with retries on throttling, 5xx and network errors (the SDK itself also retries
 * 5xx and network errors up to 3 times without backoff, base.js `submitRequest`), and turns a final
 * failure into `CloudApiError` or `NetworkError`. The SDK's error object never escapes: it is merged
 * with server fields and may carry an `id`.
 */
export function cosCall<T>(
	context: ErrorContext,
	operation: string,
	call: () => Promise<T>,
): Promise<T> {
	collectOldSpace();
	return cloudCall(
		context,
		operation,
		settledOnSdkThrow(context, operation, call),
		{
			isRetryable,
			describe: sdkFacts,
			fix: fixFor,
		},
	);
}

/** The COS calls in flight, each settled by an exception the SDK throws outside its promise. */
const inFlight = new Set<(error: unknown) => void>();

/**
 * The call whose SDK callbacks are running: an exception thrown from them reaches `uncaughtException`
 * in the call's async context (Node keeps it for the listener), so the throw says which call it ends,
 * whatever was thrown.
 */
const currentCall = new AsyncLocalStorage<(error: unknown) => void>();

function isCosSdkThrow(error: unknown): error is Error {
	return (
		error instanceof Error &&
		/[\\/]cos-nodejs-sdk-v5[\\/]/.test(error.stack ?? "")
	);
}

/** What was thrown, in words that hold none of its text (which may hold the body, headers included). */
function kindOf(error: unknown): string {
	if (error instanceof Error)
		return `cos-nodejs-sdk-v5 could not read an answer (${error.name})`;
	return `cos-nodejs-sdk-v5 threw ${typeof error === "string" ? "a string" : "a value that is not an Error"}`;
}

/**
 * Cuts what the dynamic provider host prints (`err.stack || err.message || "" + err`) to the kind of
 * the throw. An object can be cut; a thrown string cannot, and the listeners after this one see it as
 * it is (cos-nodejs-sdk-v5 3.0.0 throws no string itself: every `throw` in it and its XML parser is an
 * Error).
 */
function cut(error: unknown): void {
	if (typeof error !== "object" || error === null) return;
	const text = kindOf(error);
	try {
		Object.assign(error, { message: text, stack: text });
	} catch {
		// A frozen object keeps its text: nothing else can be done from here.
	}
}

/**
 * cos-nodejs-sdk-v5 throws from its response handler, outside the call's promise, on a 2xx answer it
 * cannot parse (malformed XML: `Closing Tag is not closed`; a JSON-looking body: `Cannot create
 * property 'statusCode' on string '<the whole body>'`, base.js `cb`). A proxy or a captive portal
 * answers such bodies. Uncaught, it killed a plain Node.js process; in the dynamic provider host, which
 * catches and prints uncaught exceptions, the call never settled and `pulumi up` hung, after printing
 * the body, request headers included. This settles the call with a `CloudApiError` instead, and cuts
 * the thrown message (which the host prints) to its kind. Anything thrown from a call's callbacks
 * (a string or a plain object too) settles that call. An SDK Error thrown out of any call's context
 * settles all the calls in flight, as it does not say which it came from; a write among them may still
 * land, like a lost answer (docs/recovery.md).
 */
function onUncaught(error: unknown): void {
	const settle = currentCall.getStore();
	if (settle) {
		cut(error);
		settle(error);
		return;
	}
	if (!isCosSdkThrow(error)) {
		// Alone, this listener would swallow every other uncaught exception: keep Node's default.
		if (process.listenerCount("uncaughtException") === 1) throw error;
		return;
	}
	cut(error);
	for (const each of [...inFlight]) each(error);
}

let listening = false;

/**
 * Once, and for good: the calls an SDK throw settles are all those in flight, but the SDK's other
 * requests among them may still throw later (two COS buckets created at once, a malformed answer to
 * each: the plugin exited on the second throw when the listener went with the last call).
 * First, so that the message the dynamic provider host prints is already cut.
 */
function listen(): void {
	if (listening) return;
	listening = true;
	process.prependListener("uncaughtException", onUncaught);
}

function settledOnSdkThrow<T>(
	context: ErrorContext,
	operation: string,
	call: () => Promise<T>,
): () => Promise<T> {
	return () =>
		new Promise<T>((resolve, reject) => {
			const done = () => inFlight.delete(settle);
			// A throw after the call settled (the SDK's own retry of it) changes nothing.
			const settle = (error: unknown) => {
				done();
				reject(
					new CloudApiError(
						context,
						operation,
						undefined,
						undefined,
						undefined,
						`the answer could not be read (${kindOf(error)}); it may not come from COS`,
						"Check the endpoint setting (bucket-replication:cosEndpoint / TENCENTCLOUD_COS_ENDPOINT) and any proxy between this machine and COS",
					),
				);
			};
			inFlight.add(settle);
			listen();
			let answer: Promise<T>;
			try {
				answer = currentCall.run(settle, call);
			} catch (error) {
				done();
				reject(error);
				return;
			}
			answer.then(
				(value) => {
					done();
					resolve(value);
				},
				(error: unknown) => {
					done();
					reject(error);
				},
			);
		});
}
