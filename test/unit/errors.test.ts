import { describe, expect, it } from "vitest";
import {
	CloudApiError,
	CredentialsError,
	credentialConfigHints,
	credentialNameHints,
	NetworkError,
} from "../../provider/core/errors";
import { PartialFailure } from "../../provider/core/partial";
import { secretSetting } from "../../provider/core/settings";

const context = { cloud: "oss" as const, bucket: "src-bucket", ruleId: "r1" };

/** Ends the fix of every error that config can cause: refresh and destroy read the last up's config. */
const stale =
	"`pulumi refresh` and `pulumi destroy` use the stack config of the last `pulumi up`: after changing it, run `pulumi up` first or pass --run-program";

/** Each row: HTTP status, the cloud's own fix (if any), and what the message must end with. */
const answered: Array<[string, number, string | undefined, string]> = [
	[
		"throttled (503): run again",
		503,
		undefined,
		"run the command again, or raise bucket-replication:maxRetries (BUCKET_REPLICATION_MAX_RETRIES)",
	],
	[
		"429: run again",
		429,
		undefined,
		"run the command again, or raise bucket-replication:maxRetries (BUCKET_REPLICATION_MAX_RETRIES)",
	],
	["a cloud's own fix wins", 500, "Check X", ". Check X"],
	[
		"a 4xx without a fix ends with the facts",
		400,
		undefined,
		"request id RID)",
	],
];

/**
 * Each row: a cause an SDK reported with no answer (each seen through the CLI with a bad endpoint, a
 * stopped emulator, `--latency-ms` over `requestTimeoutMs`, or an answer lost), the end of our message,
 * and whether it says the provider retried (a malformed endpoint is not retried: `isNetworkCode`).
 */
const networkCauses: Array<[string, string, string, boolean]> = [
	[
		"no scheme: the SDK speaks https to an http endpoint",
		"EPROTO",
		"such as http://127.0.0.1:8080, or unset for the cloud's own endpoint",
		false,
	],
	[
		"scheme typo (BOS)",
		"ERR_INVALID_PROTOCOL",
		"such as http://127.0.0.1:8080, or unset for the cloud's own endpoint",
		false,
	],
	[
		"scheme typo (ali-oss)",
		"Error: Endpoint protocol must be http or https.",
		"such as http://127.0.0.1:8080, or unset for the cloud's own endpoint",
		false,
	],
	[
		"port out of range (COS)",
		"ERR_INVALID_URL",
		"such as http://127.0.0.1:8080, or unset for the cloud's own endpoint",
		false,
	],
	[
		"host name typo",
		"ENOTFOUND",
		"and DNS: the host name was not found",
		false,
	],
	[
		"endpoint down",
		"ECONNREFUSED",
		"and the network; the provider already retried",
		true,
	],
	[
		"answer lost (reset)",
		"ECONNRESET",
		"run the command again, or raise bucket-replication:maxRetries (BUCKET_REPLICATION_MAX_RETRIES)",
		true,
	],
	[
		"too slow (ali-oss)",
		"ResponseTimeoutError: Response timeout for 1000ms, please increase the timeout",
		"or raise bucket-replication:requestTimeoutMs; the provider already retried",
		true,
	],
];

/**
 * Each row: a vendor code and message as the emulators answer them through the SDKs, what the middle of
 * our message reads, and how it ends (a wrong key's fix also says that refresh and destroy read the
 * config of the last up: seen through the CLI, a corrected key still failed there).
 */
const vendorAnswers: Array<[string, string, string, string, string]> = [
	[
		"the vendor's closing period is dropped before the facts",
		"AccessDenied",
		"Access Denied.",
		"failed: Access Denied (HTTP 403, COS code AccessDenied, request id RID). Check X",
		". Check X",
	],
	[
		"a message of spaces reads as none",
		"AccessDenied",
		"  ",
		"failed: no message (HTTP 403",
		". Check X",
	],
	[
		"a wrong secret",
		"SignatureDoesNotMatch",
		"The request signature we calculated does not match the signature you provided. Check your key and signing method.",
		"Check your key and signing method (HTTP 403, COS code SignatureDoesNotMatch, request id RID). Check X. ",
		`. Check X. ${stale}`,
	],
	[
		"a wrong key id",
		"InvalidAccessKeyId",
		"The Access Key Id you provided does not exist in our records.",
		"(HTTP 403, COS code InvalidAccessKeyId, request id RID)",
		`. Check X. ${stale}`,
	],
];

describe("error text", () => {
	it.each(answered)("%s", (_name, status, fix, end) => {
		const error = new CloudApiError(
			context,
			"PutBucketReplication",
			status,
			"Code",
			"RID",
			"message",
			fix,
		);
		expect(error.message).toMatch(
			/^OSS bucket "src-bucket" rule "r1": PutBucketReplication failed: message \(HTTP \d+, OSS code Code, request id RID\)/,
		);
		expect(error.message.endsWith(end)).toBe(true);
	});

	it("a network error keeps the first line of its cause, without ali-oss's agent state", () => {
		const cause =
			'ResponseError: socket hang up, PUT http://127.0.0.1:1/ -1 (connected: true, agent status: {"createSocketCount":4,"timeoutSocketCount":0})\nheaders: {}';
		const error = new NetworkError(context, "PutBucket", cause);
		expect(error.message).toBe(
			`OSS bucket "src-bucket" rule "r1": PutBucket failed: no answer from the service (ResponseError: socket hang up, PUT http://127.0.0.1:1/ -1). Check the endpoint setting (bucket-replication:ossEndpoint / ALICLOUD_OSS_ENDPOINT) and the network; the provider already retried: run the command again, or raise bucket-replication:maxRetries (BUCKET_REPLICATION_MAX_RETRIES). ${stale}`,
		);
	});

	it.each(vendorAnswers)("%s", (_name, code, said, middle, end) => {
		const error = new CloudApiError(
			{ cloud: "cos", bucket: "b" },
			"GET Bucket versioning",
			403,
			code,
			"RID",
			said,
			"Check X",
		);
		expect(error.message).toContain(middle);
		expect(error.message.endsWith(end)).toBe(true);
	});

	it("a network error names the endpoint it tried, without a user or password", () => {
		const saved = process.env.ALICLOUD_OSS_ENDPOINT;
		process.env.ALICLOUD_OSS_ENDPOINT = "http://user:PaSsWoRd@127.0.0.1:9/";
		try {
			const error = new NetworkError(context, "PutBucket", "ECONNREFUSED");
			expect(error.message).toContain(
				"Check the endpoint setting (bucket-replication:ossEndpoint / ALICLOUD_OSS_ENDPOINT, now http://127.0.0.1:9) and the network",
			);
			expect(error.message).not.toContain("PaSsWoRd");
		} finally {
			if (saved === undefined) delete process.env.ALICLOUD_OSS_ENDPOINT;
			else process.env.ALICLOUD_OSS_ENDPOINT = saved;
		}
	});

	it.each(networkCauses)("%s", (_name, cause, end, retried) => {
		const error = new NetworkError(context, "PutBucket", cause);
		expect(error.message.endsWith(`${end}. ${stale}`)).toBe(true);
		expect(error.message.includes("the provider already retried")).toBe(
			retried,
		);
	});
});

describe("as Pulumi's dynamic provider host prints a failed check, diff, read or delete", () => {
	it("the line it prints is the error's name and message once, with no JavaScript stack trace", () => {
		const e = new CloudApiError(
			context,
			"GetBucketReplication",
			403,
			"AccessDenied",
			"RID",
			"denied",
		);
		// The host's line (@pulumi/pulumi cmd/dynamic-provider: console.error(`${e}: ${e.stack}`)).
		expect(`${e}: ${e.stack}`).toBe(`CloudApiError: ${e.message}`);
		expect(e.message).toBe(
			'OSS bucket "src-bucket" rule "r1": GetBucketReplication failed: denied (HTTP 403, OSS code AccessDenied, request id RID)',
		);
	});
});

/**
 * Each row: an `Authorization` value as an endpoint or proxy echoed it into an error body (seen with a
 * local server answering 403/500 with the request's headers: ali-oss and @baiducloud/sdk copy such a
 * body into their message, cos-nodejs-sdk-v5 the XML `Message`), and what our message must keep of it.
 */
const echoedSignatures: Array<[string, string, string]> = [
	[
		"COS q-signature",
		"q-sign-algorithm=sha1&q-ak=***&q-sign-time=1;2&q-key-time=1;2&q-header-list=host&q-url-param-list=&q-signature=6235016431e47b3118e3e76b71593bed90a338dd",
		"q-header-list=host&q-url-param-list=&q-signature=***",
	],
	[
		"OSS V1",
		'"authorization":"OSS ***:47FzoUkwToHnRSriDj3oZ4JsXFo="',
		'"authorization":"OSS ***:***"',
	],
	[
		"OSS V4",
		"OSS4-HMAC-SHA256 Credential=***/20261130/cn-hangzhou/oss/aliyun_v4_request,Signature=9f0c3a5e2b7d4c1a8e6f0b3d5a7c9e1f3b5d7f9a1c3e5a7b9d1f3a5c7e9b1d3f",
		",Signature=***",
	],
	[
		"BOS bce-auth-v1",
		"bce-auth-v1/***/2026-11-30T20:56:46Z/1800/content-length;content-type;host;x-bce-date/0d383f0b6c2f44a1e5d8c4b7a9e1f2d3c4b5a6978877665544332211aabbccdd",
		"x-bce-date/***",
	],
];

describe("request signatures echoed into an error body are not repeated", () => {
	it.each(echoedSignatures)("%s", (_name, echoed, kept) => {
		const error = new CloudApiError(
			context,
			"PutBucket",
			403,
			"AccessDenied",
			"RID",
			`{"headers":{"authorization":${JSON.stringify(echoed)}}}`,
		);
		const signature = /([0-9a-f]{40,}|[A-Za-z0-9+/]{27}=)/.exec(echoed)?.[1];
		expect(signature).toBeDefined();
		expect(error.message).not.toContain(signature);
		expect(error.message.replaceAll('\\"', '"')).toContain(kept);
	});

	it("an error text that only looks alike is left as it is", () => {
		const error = new CloudApiError(
			context,
			"PutBucket",
			403,
			"SignatureDoesNotMatch",
			"RID",
			"OSS bucket: the signature does not match",
		);
		expect(error.message).toContain("OSS bucket: the signature does not match");
	});
});

describe("a secret the provider read is removed in each form an error may carry it", () => {
	const token = "SeCrEt-Tok+en/9b1c7e==";
	it.each([
		["as read", token],
		["URL-encoded", encodeURIComponent(token)],
	])("%s", (_name, form) => {
		process.env.ERRORS_TEST_TOKEN = token;
		expect(secretSetting("test:token", "ERRORS_TEST_TOKEN")).toBe(token);
		const error = new NetworkError(
			context,
			"PutBucket",
			`redirected to http://x/?security-token=${form}`,
		);
		expect(error.message).toContain("security-token=***");
		expect(error.message).not.toContain("9b1c7e");
	});
});

describe("a partial failure whose cause is not one of our errors", () => {
	it("sends its reasons to the engine without the secret", () => {
		process.env.ERRORS_TEST_SECRET = "SeCrEt-partial-7f3a";
		secretSetting("test:secret", "ERRORS_TEST_SECRET");
		const failure = new PartialFailure(
			new TypeError("Cannot read 'x' of SeCrEt-partial-7f3a"),
			"src",
			{},
		);
		expect(failure.message).toBe("Cannot read 'x' of ***");
		expect(failure.reasons).toEqual(["Cannot read 'x' of ***"]);
	});
});

/** Each row: the environment, the cloud, and the hints a missing credential's error gives. */
const credentialNames: Array<
	[string, NodeJS.ProcessEnv, "cos" | "oss" | "bos", string[]]
> = [
	[
		"OSS key id under the SDK's own name",
		{ ALICLOUD_ACCESS_KEY_ID: "x", ALICLOUD_SECRET_KEY: "y" },
		"oss",
		["ALICLOUD_ACCESS_KEY_ID is set: did you mean ALICLOUD_ACCESS_KEY?"],
	],
	[
		"COS names without underscores",
		{ TENCENTCLOUD_SECRETID: "x", TENCENTCLOUD_SECRETKEY: "y" },
		"cos",
		[
			"TENCENTCLOUD_SECRETID is set: did you mean TENCENTCLOUD_SECRET_ID?",
			"TENCENTCLOUD_SECRETKEY is set: did you mean TENCENTCLOUD_SECRET_KEY?",
		],
	],
	[
		"BOS name in lower case",
		{ baiducloud_access_key: "x", BAIDUCLOUD_SECRET_KEY: "y" },
		"bos",
		["baiducloud_access_key is set: did you mean BAIDUCLOUD_ACCESS_KEY?"],
	],
	[
		"the other variables of a cloud are not slips",
		{
			TENCENTCLOUD_APPID: "1",
			TENCENTCLOUD_COS_ENDPOINT: "http://x",
			TENCENTCLOUD_REGION: "ap-guangzhou",
		},
		"cos",
		[],
	],
	[
		"another cloud's variables are not looked at",
		{ ALICLOUD_ACCESS_KEY_ID: "x" },
		"bos",
		[],
	],
	[
		"a set variable of the right name is not a slip",
		{ ALICLOUD_ACCESS_KEY: "x", ALICLOUD_ACCESS_KEY_ID: "x" },
		"oss",
		[],
	],
];

describe("a missing credential names a variable that looks misspelt", () => {
	it.each(credentialNames)("%s", (_name, env, cloud, hints) => {
		expect(credentialNameHints(cloud, env)).toEqual(hints);
	});

	it("the error's fix ends with the hints, and never prints a value", () => {
		// As a shell may have them: the hint is only for a variable whose right name is unset.
		const saved = { ...process.env };
		process.env.ALICLOUD_ACCESS_KEY_ID = "LTAIvalue-not-printed";
		delete process.env.ALICLOUD_ACCESS_KEY;
		try {
			const error = new CredentialsError(
				{ cloud: "oss", bucket: "b" },
				"no credentials",
				"Set ALICLOUD_ACCESS_KEY and ALICLOUD_SECRET_KEY",
			);
			expect(error.message).toContain(
				`no credentials. Set ALICLOUD_ACCESS_KEY and ALICLOUD_SECRET_KEY. ALICLOUD_ACCESS_KEY_ID is set: did you mean ALICLOUD_ACCESS_KEY? ${stale}`,
			);
			expect(error.message).not.toContain("LTAIvalue");
		} finally {
			process.env = saved;
		}
	});
});

describe("a missing credential names a stack config key that looks misspelt", () => {
	it.each([
		[
			"a longer key than the one read",
			["alicloud:accessKeyId", "alicloud:secretKey"],
			"oss",
			["alicloud:accessKeyId is set: did you mean alicloud:accessKey?"],
		],
		[
			"a case slip",
			["tencentcloud:secretId", "tencentcloud:secretkey"],
			"cos",
			["tencentcloud:secretkey is set: did you mean tencentcloud:secretKey?"],
		],
		[
			"other keys of the namespace, and another cloud's, are not slips",
			[
				"tencentcloud:appId",
				"tencentcloud:uin",
				"tencentcloud:region",
				"alicloud:accesskey",
			],
			"cos",
			[],
		],
		[
			"a key of the right name set is not slipped",
			["baiducloud:accessKey", "baiducloud:accessKeys"],
			"bos",
			[],
		],
	] as const)("%s", (_name, keys, cloud, hints) => {
		expect(credentialConfigHints(cloud, keys)).toEqual(hints);
	});
});
