import { afterEach, describe, expect, it } from "vitest";
import { configEntries } from "../../plugin/config";
import { retryOptions } from "../../provider/core/retry";
import { configure } from "../../provider/core/settings";
import {
	configKeysOf,
	settingFailures,
	settingNames,
} from "../../provider/core/settingsCheck";
import { requestTimeoutMs } from "../../provider/core/timeout";

const saved = { ...process.env };
afterEach(() => {
	process.env = { ...saved };
	configure(undefined);
});

/** Each row: stack config, environment, and the start of each failure's reason (none: passes). */
const rows: Array<
	[string, Record<string, string>, Record<string, string>, string[]]
> = [
	["nothing set", {}, {}, []],
	[
		"numbers, as config and as environment",
		{ "bucket-replication:maxRetries": "10" },
		{ BUCKET_REPLICATION_REQUEST_TIMEOUT_MS: "60000" },
		[],
	],
	[
		"a word for a number in stack config",
		{ "bucket-replication:maxRetries": "ten" },
		{},
		[
			"bucket-replication:maxRetries (or BUCKET_REPLICATION_MAX_RETRIES) is not a number from 0 to 2147483647, so it would be ignored",
		],
	],
	[
		"a negative number in the environment",
		{},
		{ BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "-5" },
		[
			"bucket-replication:retryBaseDelayMs (or BUCKET_REPLICATION_RETRY_BASE_DELAY_MS) is not a number",
		],
	],
	[
		"more than Node.js timers take (a larger delay fires after 1 ms), and the largest they take",
		{ "bucket-replication:requestTimeoutMs": "3000000000" },
		{
			BUCKET_REPLICATION_COS_SETTLE_MS: "2147483647",
			BUCKET_REPLICATION_GC_GROWTH_MIB: "1e400",
		},
		[
			"bucket-replication:requestTimeoutMs (or BUCKET_REPLICATION_REQUEST_TIMEOUT_MS) is not a number from 0 to 2147483647",
			"bucket-replication:gcGrowthMiB (or BUCKET_REPLICATION_GC_GROWTH_MIB) is not a number",
		],
	],
	[
		"a unit after the number",
		{ "bucket-replication:requestTimeoutMs": "30s" },
		{},
		[
			"bucket-replication:requestTimeoutMs (or BUCKET_REPLICATION_REQUEST_TIMEOUT_MS)",
		],
	],
	[
		"blanks only",
		{},
		{ BUCKET_REPLICATION_COS_SETTLE_MS: "  " },
		["bucket-replication:cosSettleMs (or BUCKET_REPLICATION_COS_SETTLE_MS)"],
	],
	[
		"a misspelt key",
		{ "bucket-replication:requestTimeoutMS": "60000" },
		{},
		[
			'bucket-replication:requestTimeoutMS is not a setting of pulumi-bucket-replication, so it would be ignored; did you mean "requestTimeoutMs"?',
		],
	],
	[
		"a key of another namespace is not ours to judge",
		{ "tencentcloud:appId": "1250000000", "my-project:maxRetry": "3" },
		{},
		[],
	],
	[
		"endpoints with a trailing slash, with and without a scheme",
		{ "bucket-replication:bosEndpoint": "http://127.0.0.1:8080/" },
		{
			TENCENTCLOUD_COS_ENDPOINT: "cos.internal.example:9000",
			ALICLOUD_OSS_ENDPOINT: "https://10.0.0.1",
		},
		[],
	],
	[
		"an endpoint with a path",
		{ "bucket-replication:bosEndpoint": "http://proxy.example/bos/" },
		{},
		[
			'bucket-replication:bosEndpoint (or BAIDUCLOUD_BOS_ENDPOINT) has a path or query ("/bos")',
		],
	],
	[
		"an endpoint of another scheme, and one that is not a URL",
		{},
		{
			TENCENTCLOUD_COS_ENDPOINT: "htp://127.0.0.1:8080",
			ALICLOUD_OSS_ENDPOINT: "http://127.0.0.1:99999",
		},
		[
			"bucket-replication:cosEndpoint (or TENCENTCLOUD_COS_ENDPOINT) has the scheme htp, not http or https",
			"bucket-replication:ossEndpoint (or ALICLOUD_OSS_ENDPOINT) is not a URL",
		],
	],
	[
		"a misspelt environment variable, and every one that is read",
		{},
		{
			BUCKET_REPLICATION_MAX_RETRY: "10",
			BUCKET_REPLICATION_EXTRA_REGIONS: "cn-test",
			BUCKET_REPLICATION_COS_WRITE_ATTEMPTS: "3",
			BUCKET_REPLICATION_BOS_LIST_REUSE_MS: "0",
		},
		[
			'the environment variable BUCKET_REPLICATION_MAX_RETRY is not read by pulumi-bucket-replication, so it would be ignored; did you mean "BUCKET_REPLICATION_MAX_RETRIES"?',
		],
	],
	[
		"the plugin's credential keys are known",
		{ "bucket-replication:cosSecretId": "AKID" },
		{},
		[],
	],
];

describe("settings are checked at preview", () => {
	it.each(rows)("%s", (_name, config, env, reasons) => {
		Object.assign(process.env, env);
		configure({ get: (key) => config[key] });
		const failures = settingFailures(Object.keys(config));
		expect(failures.map((f) => f.property)).toEqual(reasons.map(() => ""));
		expect(failures).toHaveLength(reasons.length);
		for (const [i, start] of reasons.entries())
			expect(failures[i].reason.startsWith(start)).toBe(true);
	});

	it("a misspelt key's value is never quoted (it may be a secret)", () => {
		const config = { "bucket-replication:cosSecretkey": "SeCrEt-value" };
		configure({ get: (key) => config[key as keyof typeof config] });
		const [failure] = settingFailures(Object.keys(config));
		expect(failure.reason).toContain('did you mean "cosSecretKey"?');
		expect(failure.reason).not.toContain("SeCrEt-value");
	});

	it("a number setting's refused value is never quoted (README, Credentials)", () => {
		const config = { "bucket-replication:requestTimeoutMs": "3000000000" };
		process.env.BUCKET_REPLICATION_MAX_RETRIES = "SeCrEt-7";
		configure({ get: (key) => config[key as keyof typeof config] });
		const reasons = settingFailures(Object.keys(config)).map((f) => f.reason);
		expect(reasons).toHaveLength(2);
		for (const reason of reasons) {
			expect(reason).toMatch(/^bucket-replication:\w+ \(or BUCKET_/);
			expect(reason).not.toContain("3000000000");
			expect(reason).not.toContain("SeCrEt");
		}
	});

	it("an endpoint's user, password and query are never quoted", () => {
		process.env.BAIDUCLOUD_BOS_ENDPOINT =
			"http://alice:SeCrEt@proxy.example/bos";
		process.env.ALICLOUD_OSS_ENDPOINT = "http://proxy.example/oss?token=SeCrEt";
		const failures = settingFailures([]).map((f) => f.reason);
		expect(failures).toHaveLength(2);
		expect(failures[0]).toContain(
			'bucket-replication:ossEndpoint (or ALICLOUD_OSS_ENDPOINT) has a path or query ("/oss?...")',
		);
		expect(failures[1]).toContain(
			"bucket-replication:bosEndpoint (or BAIDUCLOUD_BOS_ENDPOINT) has a user or password, which the SDKs never send",
		);
		for (const reason of failures) {
			expect(reason).not.toContain("SeCrEt");
			expect(reason).not.toContain("alice");
		}
	});

	it("knows every key of the plugin's configuration", () => {
		for (const entry of configEntries)
			expect(settingNames).toContain(entry.name);
	});

	it("reads the keys from the dynamic provider host's config object, and none from another", () => {
		expect(configKeysOf({ rawConfig: { "a:b": "1" }, get: () => "" })).toEqual([
			"a:b",
		]);
		expect(configKeysOf({ get: () => "" })).toEqual([]);
		expect(configKeysOf(undefined)).toEqual([]);
	});
});

describe("a number setting the check refuses is not used", () => {
	// `refresh` and `destroy` run no check: the runtime must not use such a value either.
	it.each([
		[
			"BUCKET_REPLICATION_REQUEST_TIMEOUT_MS",
			"3000000000",
			() => requestTimeoutMs(),
			30_000,
		],
		[
			"BUCKET_REPLICATION_REQUEST_TIMEOUT_MS",
			"2147483647",
			() => requestTimeoutMs(),
			2_147_483_647,
		],
		[
			"BUCKET_REPLICATION_MAX_RETRIES",
			"-1",
			() => retryOptions().maxRetries,
			4,
		],
		[
			"BUCKET_REPLICATION_RETRY_BASE_DELAY_MS",
			"ten",
			() => retryOptions().baseDelayMs,
			250,
		],
	] as const)(
		"%s=%s is used only if the check takes it",
		(envVar, value, read, expected) => {
			process.env[envVar] = value;
			expect(read()).toBe(expected);
		},
	);
});
