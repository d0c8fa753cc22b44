/**
 * The provider's own settings, checked at `check` (so at `pulumi preview`) for the Node.js resources,
 * as the plugin's `CheckConfig` does for other languages (plugin/checkConfig.ts). Without it a number
 * setting that is not a number (`bucket-replication:maxRetries ten`) or a misspelt key
 * (`bucket-replication:requestTimeoutMS`) was ignored in silence: `numberSetting` falls back to the
 * default, and the run had other retries or timeouts than the user set (seen through the CLI).
 */
import { extraRegionsEnvVar } from "./regions";
import {
	endpointSetting,
	largestNumberSetting,
	setting,
	withScheme,
} from "./settings";
import { didYouMean } from "./suggest";
import type { CheckFailure } from "./types";

const namespace = "bucket-replication:";

/** Number settings: name, environment variable (README, Credentials; docs/cos.md; docs/bos.md). */
const numberSettings: ReadonlyArray<[string, string]> = [
	["maxRetries", "BUCKET_REPLICATION_MAX_RETRIES"],
	["retryBaseDelayMs", "BUCKET_REPLICATION_RETRY_BASE_DELAY_MS"],
	["requestTimeoutMs", "BUCKET_REPLICATION_REQUEST_TIMEOUT_MS"],
	["cosSettleMs", "BUCKET_REPLICATION_COS_SETTLE_MS"],
	["cosWriteAttempts", "BUCKET_REPLICATION_COS_WRITE_ATTEMPTS"],
	["bosListReuseMs", "BUCKET_REPLICATION_BOS_LIST_REUSE_MS"],
	["gcGrowthMiB", "BUCKET_REPLICATION_GC_GROWTH_MIB"],
];

/** Endpoint settings: name, environment variable (README, Credentials). */
const endpointSettings: ReadonlyArray<[string, string]> = [
	["cosEndpoint", "TENCENTCLOUD_COS_ENDPOINT"],
	["ossEndpoint", "ALICLOUD_OSS_ENDPOINT"],
	["bosEndpoint", "BAIDUCLOUD_BOS_ENDPOINT"],
];

/**
 * Why an endpoint setting cannot work, or undefined. The SDKs send every request to the endpoint's
 * root: cos-nodejs-sdk-v5 and ali-oss drop a path in silence (so `http://proxy/cos` reached `proxy/`),
 * and @baiducloud/sdk signs it, so BOS refuses the request as SignatureDoesNotMatch (seen through the
 * CLI). A scheme other than http or https fails every request at `up` (ERR_INVALID_PROTOCOL). A user
 * and password (`http://user:pass@proxy:8080`) reach no one: cos-nodejs-sdk-v5 and @baiducloud/sdk
 * drop them in silence, and ali-oss fails every request with "The endpoint must be conform to the
 * specifications" (seen through the CLI); they would also sit in clear in the stack's state. The reason
 * quotes the path only: the user, password and query may hold secrets.
 */
function endpointProblem(value: string): string | undefined {
	let url: URL;
	try {
		url = new URL(withScheme(value));
	} catch {
		return "is not a URL";
	}
	if (url.protocol !== "http:" && url.protocol !== "https:")
		return `has the scheme ${url.protocol.slice(0, -1).slice(0, 20)}, not http or https`;
	if (url.username || url.password)
		return "has a user or password, which the SDKs never send (remove them from the stack config and the environment)";
	if (url.pathname !== "/" || url.search || url.hash)
		return `has a path or query (${JSON.stringify(`${url.pathname.slice(0, 40)}${url.search || url.hash ? "?..." : ""}`)}), which the SDKs cannot use: requests go to the endpoint's root`;
	return undefined;
}

/**
 * Every `bucket-replication:` key of this package: those the runtime reads, and the plugin's keys for
 * credentials (plugin/config.ts), which a stack moving between the Node.js resources and the plugin
 * may hold (docs/plugin.md).
 */
export const settingNames: readonly string[] = [
	"cosEndpoint",
	"ossEndpoint",
	"bosEndpoint",
	"extraRegions",
	...numberSettings.map(([name]) => name),
	"cosSecretId",
	"cosSecretKey",
	"cosSecurityToken",
	"ossAccessKey",
	"ossSecretKey",
	"ossSecurityToken",
	"bosAccessKey",
	"bosSecretKey",
	"bosSecurityToken",
];

/**
 * Every `BUCKET_REPLICATION_` environment variable the runtime reads. CI sets settings as environment
 * variables (README, Credentials), and a misspelt one (`BUCKET_REPLICATION_MAX_RETRY`) was ignored in
 * silence, as a misspelt stack config key was (seen through the CLI).
 */
const envPrefix = "BUCKET_REPLICATION_";
const envVarNames: readonly string[] = [
	...numberSettings.map(([, envVar]) => envVar),
	extraRegionsEnvVar,
];

/**
 * Failures for number settings the runtime would ignore (as `numberSetting` reads them: stack config,
 * then the environment; a number from 0 to `largestNumberSetting`), and for `bucket-replication:` keys of stack
 * config, or `BUCKET_REPLICATION_` environment variables, that no code reads. `configKeys`: the stack config's keys, when the host gives them.
 * Reasons never quote a value of stack config: a misspelt key may hold a secret.
 */
export function settingFailures(
	configKeys: readonly string[] = [],
): CheckFailure[] {
	const failures: CheckFailure[] = [];
	for (const [name, envVar] of numberSettings) {
		const raw = setting(`${namespace}${name}`, envVar);
		if (raw === undefined) continue;
		const n = Number(raw);
		if (
			raw.trim() !== "" &&
			Number.isFinite(n) &&
			n >= 0 &&
			n <= largestNumberSetting
		)
			continue;
		failures.push({
			property: "",
			reason: `${namespace}${name} (or ${envVar}) is not a number from 0 to ${largestNumberSetting}, so it would be ignored: set such a number, such as \`pulumi config set ${namespace}${name} 10\``,
		});
	}
	for (const [name, envVar] of endpointSettings) {
		const value = endpointSetting(`${namespace}${name}`, envVar);
		const problem = value === undefined ? undefined : endpointProblem(value);
		if (problem)
			failures.push({
				property: "",
				reason: `${namespace}${name} (or ${envVar}) ${problem}: give the scheme, host and port only, such as http://127.0.0.1:8080, or unset it for the cloud's own endpoint`,
			});
	}
	for (const key of configKeys) {
		if (!key.startsWith(namespace)) continue;
		const name = key.slice(namespace.length);
		if (settingNames.includes(name)) continue;
		failures.push({
			property: "",
			reason: `${key} is not a setting of pulumi-bucket-replication, so it would be ignored${didYouMean(name, settingNames)} (known: ${settingNames.join(", ")})`,
		});
	}
	for (const name of Object.keys(process.env)) {
		if (!name.startsWith(envPrefix) || envVarNames.includes(name)) continue;
		failures.push({
			property: "",
			reason: `the environment variable ${name} is not read by pulumi-bucket-replication, so it would be ignored${didYouMean(name, envVarNames)} (known: ${envVarNames.join(", ")})`,
		});
	}
	return failures;
}

export { configKeysOf } from "./settings";
