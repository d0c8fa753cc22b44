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

/** Like `setting`, and remembers the value so that `scrub` can remove it from any error text. */
export function secretSetting(
	configKey: string,
	envVar: string,
): string | undefined {
	const value = setting(configKey, envVar);
	if (value && value.length >= 4) secretValues.add(value);
	return value;
}

/** Removes every secret the provider has read from `text`. */
export function scrub(text: string): string {
	let out = text;
	for (const secret of secretValues) out = out.split(secret).join("***");
	return out;
}

/** A non-negative number setting, or the default. */
export function numberSetting(
	configKey: string,
	envVar: string,
	fallback: number,
): number {
	const raw = setting(configKey, envVar);
	const n = raw === undefined ? Number.NaN : Number(raw);
	return Number.isFinite(n) && n >= 0 ? n : fallback;
}
