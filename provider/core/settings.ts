/**
 * Provider settings: stack config (sent by the engine to `configure`) first, then environment
 * variables, read at call time. Nothing here ever reaches inputs, outputs, state or logs.
 */

interface StackConfig {
	get(key: string): string | undefined;
}

let stackConfig: StackConfig | undefined;
const secretValues = new Set<string>();

/**
 * Called by the dynamic provider host with the whole stack config. It assigns synchronously: the host
 * may serve another request before `configure` resolves (dynamic-providers.md §2.2).
 */
export function configure(config: StackConfig | undefined): void {
	stackConfig = config;
}

/**
 * The keys of the config object the dynamic provider host passes to `configure`: @pulumi/pulumi
 * cmd/dynamic-provider/config.js keeps them in `rawConfig` (not in its typings). Empty when absent.
 */
export function configKeysOf(config: unknown): string[] {
	const raw = (config as { rawConfig?: unknown } | undefined)?.rawConfig;
	return raw && typeof raw === "object" ? Object.keys(raw) : [];
}

/** The keys of the stack config the provider was configured with, when the host gives them. */
export function stackConfigKeys(): string[] {
	return configKeysOf(stackConfig);
}

/** A setting from stack config `configKey` (namespaced, e.g. `tencentcloud:secretId`) or env `envVar`. */
export function setting(configKey: string, envVar: string): string | undefined {
	let value: string | undefined;
	try {
		value = stackConfig?.get(configKey);
	} catch {
		value = undefined; // a config object that throws for missing keys: fall back to the environment
	}
	value = value || process.env[envVar] || undefined;
	return value;
}

/**
 * An endpoint setting (`bucket-replication:bosEndpoint` and so on), trimmed and without trailing
 * slashes: `http://127.0.0.1:8080/` is `http://127.0.0.1:8080`. @baiducloud/sdk puts the endpoint's
 * path in front of the bucket's and signs `//bucket`, which BOS refuses as SignatureDoesNotMatch, a
 * key error for what is an endpoint slip (seen through the CLI against the emulator).
 */
export function endpointSetting(
	configKey: string,
	envVar: string,
): string | undefined {
	return setting(configKey, envVar)?.trim().replace(/\/+$/, "") || undefined;
}

/** An endpoint setting with its scheme: one given as a bare host and port means https, as the SDKs read it. */
export function withScheme(endpoint: string): string {
	return endpoint.includes("://") ? endpoint : `https://${endpoint}`;
}

/** Like `setting`, and remembers the value so that `scrub` can remove it from any error text. */
export function secretSetting(
	configKey: string,
	envVar: string,
): string | undefined {
	const value = setting(configKey, envVar);
	if (value && value.length >= 4) {
		secretValues.add(value);
		// As a URL or a query string carries it: an STS token holds `+`, `/` and `=`.
		secretValues.add(encodeURIComponent(value));
	}
	return value;
}

/**
 * Signatures in an `Authorization` header, which a proxy or a misbehaving endpoint may echo back in an
 * error body that an SDK copies into its message: COS `q-signature=<hex>` (COS doc 7778), OSS
 * `OSS <id>:<base64>` (OSS doc 31951) and V4 `Signature=<hex>`, BOS
 * `bce-auth-v1/<ak>/<time>/<expiry>/<headers>/<hex>` (BOS doc "Generate authentication string").
 * None reveals the key, but each replays its request until it expires.
 */
const signatures: Array<[RegExp, string]> = [
	[/(q-signature=)[0-9a-fA-F]+/g, "$1***"],
	[/(\bOSS [^\s:"'&]+:)[A-Za-z0-9+/]{20,}={0,2}/g, "$1***"],
	[/(\bSignature=)[0-9a-fA-F]+/g, "$1***"],
	[/(bce-auth-v1\/[^\s"']*\/)[0-9a-fA-F]{16,}/g, "$1***"],
];

/** Removes every secret the provider has read, and any request signature, from `text`. */
export function scrub(text: string): string {
	let out = text;
	for (const secret of secretValues) out = out.split(secret).join("***");
	for (const [pattern, replacement] of signatures)
		out = out.replace(pattern, replacement);
	return out;
}

/**
 * The largest value of a number setting: the largest delay Node.js timers take. A larger one fires
 * after 1 ms (TimeoutOverflowWarning), so `requestTimeoutMs` 3000000000 would time out every request
 * at once and `retryBaseDelayMs` or `cosSettleMs` would not wait (Node.js docs, `setTimeout`).
 */
export const largestNumberSetting = 2_147_483_647;

/** A number setting from 0 to `largestNumberSetting`, or the default. */
export function numberSetting(
	configKey: string,
	envVar: string,
	fallback: number,
): number {
	const raw = setting(configKey, envVar);
	const n = raw === undefined ? Number.NaN : Number(raw);
	return Number.isFinite(n) && n >= 0 && n <= largestNumberSetting
		? n
		: fallback;
}
