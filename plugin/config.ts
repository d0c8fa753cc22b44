/**
 * The plugin's provider configuration (`bucket-replication:<name>` in stack config, or the arguments
 * of an explicit `bucket-replication` provider resource). Each entry maps onto a setting the runtime
 * already reads (provider/core/settings.ts), under the key the dynamic resources read from stack
 * config, with the same environment variable as fallback. This table is also the schema's `config`
 * and provider `inputProperties` (scripts/gen-schema.js), and test/unit/schema.test.ts checks that
 * every `settingKey` is one the runtime reads.
 */
export interface ConfigEntry {
	/** Name under the `bucket-replication` namespace. */
	name: string;
	/** The stack config key the runtime reads (what a Node program sets). */
	settingKey: string;
	/** The environment variable the runtime falls back to. */
	envVar: string;
	type: "string" | "integer";
	secret: boolean;
	description: string;
}

export const configEntries: readonly ConfigEntry[] = [
	{
		name: "cosSecretId",
		settingKey: "tencentcloud:secretId",
		envVar: "TENCENTCLOUD_SECRET_ID",
		type: "string",
		secret: true,
		description: "Tencent Cloud API SecretId for COS.",
	},
	{
		name: "cosSecretKey",
		settingKey: "tencentcloud:secretKey",
		envVar: "TENCENTCLOUD_SECRET_KEY",
		type: "string",
		secret: true,
		description: "Tencent Cloud API SecretKey for COS.",
	},
	{
		name: "cosSecurityToken",
		settingKey: "tencentcloud:securityToken",
		envVar: "TENCENTCLOUD_SECURITY_TOKEN",
		type: "string",
		secret: true,
		description:
			"Tencent Cloud STS session token, with temporary credentials only.",
	},
	{
		name: "cosEndpoint",
		settingKey: "bucket-replication:cosEndpoint",
		envVar: "TENCENTCLOUD_COS_ENDPOINT",
		type: "string",
		secret: false,
		description:
			"COS endpoint override, such as an emulator's `http://127.0.0.1:9000`. Default: the public COS endpoint of each bucket's region.",
	},
	{
		name: "ossAccessKey",
		settingKey: "alicloud:accessKey",
		envVar: "ALICLOUD_ACCESS_KEY",
		type: "string",
		secret: true,
		description: "Alibaba Cloud AccessKey ID for OSS.",
	},
	{
		name: "ossSecretKey",
		settingKey: "alicloud:secretKey",
		envVar: "ALICLOUD_SECRET_KEY",
		type: "string",
		secret: true,
		description: "Alibaba Cloud AccessKey secret for OSS.",
	},
	{
		name: "ossSecurityToken",
		settingKey: "alicloud:securityToken",
		envVar: "ALICLOUD_SECURITY_TOKEN",
		type: "string",
		secret: true,
		description: "Alibaba Cloud STS token, with temporary credentials only.",
	},
	{
		name: "ossEndpoint",
		settingKey: "bucket-replication:ossEndpoint",
		envVar: "ALICLOUD_OSS_ENDPOINT",
		type: "string",
		secret: false,
		description:
			"OSS endpoint override. Default: the public OSS endpoint of each bucket's region.",
	},
	{
		name: "bosAccessKey",
		settingKey: "baiducloud:accessKey",
		envVar: "BAIDUCLOUD_ACCESS_KEY",
		type: "string",
		secret: true,
		description: "Baidu AI Cloud access key (AK) for BOS.",
	},
	{
		name: "bosSecretKey",
		settingKey: "baiducloud:secretKey",
		envVar: "BAIDUCLOUD_SECRET_KEY",
		type: "string",
		secret: true,
		description: "Baidu AI Cloud secret key (SK) for BOS.",
	},
	{
		name: "bosSecurityToken",
		settingKey: "baiducloud:securityToken",
		envVar: "BAIDUCLOUD_SECURITY_TOKEN",
		type: "string",
		secret: true,
		description:
			"Baidu AI Cloud STS session token, with temporary credentials only.",
	},
	{
		name: "bosEndpoint",
		settingKey: "bucket-replication:bosEndpoint",
		envVar: "BAIDUCLOUD_BOS_ENDPOINT",
		type: "string",
		secret: false,
		description:
			"BOS endpoint override. Default: the public BOS endpoint of each bucket's region.",
	},
	{
		name: "maxRetries",
		settingKey: "bucket-replication:maxRetries",
		envVar: "BUCKET_REPLICATION_MAX_RETRIES",
		type: "integer",
		secret: false,
		description:
			"How many times a throttled or failed vendor call is retried. Default: 4.",
	},
	{
		name: "retryBaseDelayMs",
		settingKey: "bucket-replication:retryBaseDelayMs",
		envVar: "BUCKET_REPLICATION_RETRY_BASE_DELAY_MS",
		type: "integer",
		secret: false,
		description:
			"First retry delay in milliseconds, doubled on each retry. Default: 250.",
	},
	{
		name: "requestTimeoutMs",
		settingKey: "bucket-replication:requestTimeoutMs",
		envVar: "BUCKET_REPLICATION_REQUEST_TIMEOUT_MS",
		type: "integer",
		secret: false,
		description: "Timeout of one vendor call in milliseconds. Default: 30000.",
	},
	{
		name: "extraRegions",
		settingKey: "bucket-replication:extraRegions",
		envVar: "BUCKET_REPLICATION_EXTRA_REGIONS",
		type: "string",
		secret: false,
		description:
			"Comma-separated region ids accepted on top of the lists built into this package (a region newer than it). Default: none.",
	},
	{
		name: "cosSettleMs",
		settingKey: "bucket-replication:cosSettleMs",
		envVar: "BUCKET_REPLICATION_COS_SETTLE_MS",
		type: "integer",
		secret: false,
		description:
			"Milliseconds before a COS replication write is read back (the wait is drawn between this and 1.1 times this). Default: 300.",
	},
	{
		name: "cosWriteAttempts",
		settingKey: "bucket-replication:cosWriteAttempts",
		envVar: "BUCKET_REPLICATION_COS_WRITE_ATTEMPTS",
		type: "integer",
		secret: false,
		description:
			"Attempts of a COS read-modify-write whose read-back finds another writer's document, before the update fails. Default: 5.",
	},
	{
		name: "bosListReuseMs",
		settingKey: "bucket-replication:bosListReuseMs",
		envVar: "BUCKET_REPLICATION_BOS_LIST_REUSE_MS",
		type: "integer",
		secret: false,
		description:
			"Milliseconds during which a BOS bucket's last rule list serves its next rule create or update, unless a read or delete of its rules ran since; 0 lists again for each. Default: 1000.",
	},
	{
		name: "gcGrowthMiB",
		settingKey: "bucket-replication:gcGrowthMiB",
		envVar: "BUCKET_REPLICATION_GC_GROWTH_MIB",
		type: "integer",
		secret: false,
		description:
			"MiB by which the provider's cloud calls may grow V8's old space before they ask for one full garbage collection, which frees the SDKs' leftovers; 0 never asks. Default: 12.",
	},
];

/**
 * The runtime's stack-config view of the plugin's configuration. `variables` is Configure's map,
 * keyed `bucket-replication:config:<name>` (values are plain strings; secrets arrive decrypted).
 */
export function settingsFrom(variables: ReadonlyMap<string, string>): {
	get(key: string): string | undefined;
} {
	const byKey = new Map<string, string>();
	for (const entry of configEntries) {
		const value =
			variables.get(`bucket-replication:config:${entry.name}`) ??
			variables.get(`bucket-replication:${entry.name}`);
		if (value !== undefined && value !== "") byKey.set(entry.settingKey, value);
	}
	return { get: (key) => byKey.get(key) };
}
