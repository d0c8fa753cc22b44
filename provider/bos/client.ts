/**
 * The BOS client: credentials and endpoint from stack config or env at call time, a timeout that
 * aborts the request, our retries around each call, and SDK rejections turned into our error classes.
 */
import { isIP } from "node:net";
import type { BceResponse, BosClient, SendRequestArgs } from "@baiducloud/sdk";
import { cloudCall } from "../core/call";
import {
	bucketNotEmptyFix,
	CloudApiError,
	CredentialsError,
	type ErrorContext,
} from "../core/errors";
import { collectOldSpace } from "../core/oldSpace";
import { isNetworkCode, isRetryableStatus } from "../core/retry";
import { silenceSdkDebug } from "../core/sdkDebug";
import { endpointSetting, secretSetting, withScheme } from "../core/settings";
import { requestTimeoutMs } from "../core/timeout";

export type BosContext = ErrorContext & { cloud: "bos"; bucket: string };

/** What a failed call rejects with: the SDK's `failure` object (http_client.js) or a Node error. */
interface Rejection {
	status_code?: number;
	code?: string;
	message?: unknown;
	request_id?: string;
}

const timeoutCode = "ETIMEDOUT";

/**
 * `bucket-replication:bosEndpoint` / `BAIDUCLOUD_BOS_ENDPOINT` (e.g. an emulator at
 * `http://127.0.0.1:PORT`, which the SDK always addresses path style), else the region's public
 * endpoint `https://<region>.bcebos.com`, addressed virtual-hosted (api-reference.md §3.1).
 */
function endpointFor(region: string): {
	endpoint: string;
	pathStyleEnable?: boolean;
	regionHost?: string;
} {
	const override = endpointSetting(
		"bucket-replication:bosEndpoint",
		"BAIDUCLOUD_BOS_ENDPOINT",
	);
	if (!override) return { endpoint: `https://${region}.bcebos.com` };
	const endpoint = withScheme(override);
	// Only `<region>.bcebos.com` hosts get the bucket prepended; any other host name would lose it.
	const host = new URL(endpoint).hostname;
	const pathStyleEnable = !host.endsWith(".bcebos.com");
	// BOS knows a bucket's region by the Host it is reached at (`<region>.bcebos.com`, path style
	// `<region>.bcebos.com/<bucket>`, api-reference.md §3.1). An IP names none, so the requests to an IP
	// endpoint (an emulator) carry the region's Host, as the COS and OSS SDKs send theirs to an IP.
	if (isIP(host.replace(/^\[|\]$/g, "")) === 0)
		return { endpoint, pathStyleEnable };
	return { endpoint, pathStyleEnable, regionHost: `${region}.bcebos.com` };
}

/** The Host each client's requests carry instead of its endpoint's (an IP endpoint only). */
const regionHosts = new WeakMap<BosClient, string>();

/** Reads the settings and builds a client for `region`; throws when credentials are missing. */
export function bosClient(context: BosContext, region: string): BosClient {
	const ak = secretSetting("baiducloud:accessKey", "BAIDUCLOUD_ACCESS_KEY");
	const sk = secretSetting("baiducloud:secretKey", "BAIDUCLOUD_SECRET_KEY");
	// Baidu STS temporary credentials: the AK/SK GetSessionToken returned, plus its session token
	// (https://cloud.baidu.com/doc/BOS/s/Tjwvysda9). The Baidu Terraform provider reads no token (only
	// access_key, secret_key, region and assume_role, baiducloud/provider.go), so the names follow the
	// COS and OSS ones: `tencentcloud:securityToken` / TENCENTCLOUD_SECURITY_TOKEN, `alicloud:securityToken`
	// / ALICLOUD_SECURITY_TOKEN. The SDK sends it as `x-bce-security-token` on every request and signs
	// it with the other `x-bce-*` headers (bos_client.js `sendRequest`, auth.js).
	const sessionToken = secretSetting(
		"baiducloud:securityToken",
		"BAIDUCLOUD_SECURITY_TOKEN",
	);
	if (!ak || !sk) {
		throw new CredentialsError(
			context,
			"no credentials",
			"Run `pulumi config set baiducloud:accessKey <ak>` and `pulumi config set --secret baiducloud:secretKey <sk>`, or set BAIDUCLOUD_ACCESS_KEY and BAIDUCLOUD_SECRET_KEY",
		);
	}
	// Loaded on first use, not with the runtime: `preview` and a no-op `up` only check and diff, and
	// loading the three SDKs costs every CLI run about 0.4 s of CPU (issue 13). Only the BOS client
	// module: the package's index loads all of its 20 service clients (32 more modules, 2 MiB more RSS
	// when loaded alone; in the provider host beside the other SDKs, 0-1 MiB). The version is pinned in
	// package.json, so the path cannot move under us.
	const Bos: typeof BosClient = require("@baiducloud/sdk/src/bos_client");
	silenceSdkDebug("@baiducloud/sdk", "bce-sdk:*", "bce-sdk:auth");
	const { regionHost, ...endpoint } = endpointFor(region);
	const client = new Bos({
		...endpoint,
		credentials: { ak, sk },
		...(sessionToken && { sessionToken }),
	});
	if (regionHost) regionHosts.set(client, regionHost);
	return client;
}

/**
 * One request, signed by the SDK's own `sendRequest` (what its built-in methods call). The SDK has no
 * timeout; `requestInstance` makes it hand back the request so that we can abort it.
 *
 * The SDK sends `Connection: close` by default (http_client.js `sendRequest`); headers given with the
 * request override its defaults, and `Connection` is not signed (auth.js signs host and content-*).
 * `keep-alive` lets Node's global agent reuse connections instead of opening a TCP (on the real
 * service, TLS) connection per request: 334 rule creates on the emulator took 1.5-1.9 s instead of
 * 2.2-2.3 s, and the provider host's peak memory was 3 MiB lower (issue 13, bench/README.md
 * "Provider memory"). A reused connection the server has closed fails with ECONNRESET, which is
 * retried like any network failure.
 */
async function sendOnce<T>(
	client: BosClient,
	method: string,
	args: SendRequestArgs,
): Promise<BceResponse<T>> {
	const host = regionHosts.get(client);
	const [result, request] = client.sendRequest<T>(method, {
		...args,
		headers: {
			...args.headers,
			Connection: "keep-alive",
			...(host && { Host: host }),
		},
		config: { requestInstance: true },
	});
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => {
			request.abort();
			reject(
				Object.assign(new Error("request timed out"), { code: timeoutCode }),
			);
		}, requestTimeoutMs());
	});
	try {
		return await Promise.race([result, timeout]);
	} finally {
		clearTimeout(timer);
	}
}

function facts(error: unknown): Rejection {
	return typeof error === "object" && error !== null
		? (error as Rejection)
		: { message: String(error) };
}

function isRetryable(error: unknown): boolean {
	const { status_code: status, code } = facts(error);
	return (
		isRetryableStatus(status) ||
		(status === undefined && (isNetworkCode(code) || code === timeoutCode))
	);
}

/** What to tell the user for the BOS codes our calls can meet (api-reference.md §3.6). */
function fixFor(code: string | undefined): string | undefined {
	switch (code) {
		case "AccessDenied":
		case "InvalidAccessKeyId":
		case "SignatureDoesNotMatch":
			return "Check baiducloud:accessKey / baiducloud:secretKey (or BAIDUCLOUD_ACCESS_KEY / BAIDUCLOUD_SECRET_KEY), with temporary STS keys baiducloud:securityToken (or BAIDUCLOUD_SECURITY_TOKEN) and that it has not expired, the key's permissions on both buckets, and the region";
		case "NoSuchBucket":
			return "Create the bucket first (`bos.Bucket`), or check the bucket name and region";
		case "BucketNotEmpty":
			return bucketNotEmptyFix("bos");
		case "ReplicationStatusNotEmpty":
			return "Delete the bucket's replication rules first (`bos.BucketReplicationRule` resources that take the bucket from this `bos.Bucket` are deleted before it)";
		case "RequestTimeTooSkewed":
		case "RequestExpired":
			return "Set this machine's clock right: BOS refuses requests signed at a time too far from its own";
		// Well-formed JSON that breaks a rule check cannot see (api-reference.md §3.6): in practice, a storage
		// class of the wrong kind for the destination bucket (seed 003: MAZ_* only for multi-AZ buckets).
		case "InappropriateJSON":
			return "A MAZ_* storage class needs a multi-AZ destination bucket, and STANDARD, STANDARD_IA or COLD a single-AZ one: change destination.storageClass (or replicateHistory.storageClass), or omit it to keep the source's class";
		// PutBucketReplication: "The total configuration size must not exceed 128 KB, and the combined length
		// of all rules under the current bucket must not exceed 200 KB" (seed 003; the code is the emulator's).
		case "EntityTooLarge":
			return "BOS allows 128 KB per rule and 200 KB for all the rules of a bucket together: shorten the rules' resource lists or destination prefixes, or delete a rule";
		default:
			return undefined;
	}
}

/**
 * Sends one BOS request with retries on throttling, 5xx, network errors and timeouts; before each retry,
 * `tookEffect` (when given) says whether the request already took effect, and then it is not sent again.
 * The SDK's rejection never escapes as such: it becomes `CloudApiError` (with the BOS code and request
 * id) or `NetworkError`.
 *
 * Every call goes through `sendRequest` because @baiducloud/sdk 1.0.7's replication methods are
 * broken (api-reference.md §3.1): get, progress and delete throw when given an id, put drops
 * `notIncludeResource`, and its built-ins offer no way to abort a hung request.
 */
export function bosRequest<T = Record<string, never>>(
	client: BosClient,
	context: BosContext,
	operation: string,
	method: string,
	args: SendRequestArgs,
	tookEffect?: () => Promise<boolean>,
): Promise<BceResponse<T>> {
	collectOldSpace();
	let attempts = 0;
	return cloudCall(
		context,
		operation,
		async () => {
			// A retry follows a failure that may have come after the request took effect (its answer lost).
			if (attempts++ > 0 && (await tookEffect?.()))
				return { http_headers: {}, body: {} as T };
			return readable(
				await sendOnce<T>(client, method, {
					bucketName: context.bucket,
					...args,
				}),
				context,
				operation,
			);
		},
		{
			isRetryable,
			describe(error) {
				const { status_code: status, code, message, request_id } = facts(error);
				return {
					status,
					code,
					requestId: request_id,
					message: typeof message === "string" ? message : undefined,
				};
			},
			fix: fixFor,
		},
	);
}

/**
 * BOS answers JSON. The SDK hands back any other 2xx body as raw bytes (http_client.js
 * `parseHttpResponseBody`), and a list read from it would have no rules: a captive portal or a proxy's
 * page would make `refresh` drop every rule of the bucket from the state. So such an answer fails.
 */
function readable<T>(
	response: BceResponse<T>,
	context: BosContext,
	operation: string,
): BceResponse<T> {
	if (!Buffer.isBuffer(response.body)) return response;
	const type = response.http_headers?.["content-type"] ?? "none";
	throw new CloudApiError(
		context,
		operation,
		200,
		undefined,
		response.http_headers?.["x-bce-request-id"],
		`the answer is not JSON (content-type ${type}), so it may not come from BOS`,
		"Check the endpoint setting (bucket-replication:bosEndpoint / BAIDUCLOUD_BOS_ENDPOINT) and any proxy between this machine and BOS",
	);
}

/** The BOS code of a failed call, or undefined for anything else. */
export function errorCode(error: unknown): string | undefined {
	return error instanceof CloudApiError ? error.code : undefined;
}
