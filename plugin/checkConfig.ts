/**
 * `CheckConfig` of the plugin: the provider configuration (`bucket-replication:<name>` in stack
 * config, or an explicit provider's arguments) as the engine sends it, keyed by name. Without this
 * check a misspelt key (`bucket-replication:cosEndpiont`) or a number setting that is not a number
 * (`maxRetries: lots`) would be ignored in silence: the runtime falls back to the environment variable
 * or the default (provider/core/settings.ts), and the program would run against other endpoints or
 * with other limits than the user set.
 */
import { UNKNOWN } from "../provider/core/diff";
import { largestNumberSetting } from "../provider/core/settings";
import { didYouMean } from "../provider/core/suggest";
import type { CheckFailure, Props } from "../provider/core/types";
import { configEntries } from "./config";

/** Keys the engine itself adds to every provider's configuration. */
const engineKeys = new Set(["version", "pluginDownloadURL"]);

const byName = new Map(configEntries.map((e) => [e.name, e]));
const names = configEntries.map((e) => e.name);

/** A whole number the runtime reads (`numberSetting`): from 0 to `largestNumberSetting`. */
function isCount(value: unknown): boolean {
	const n =
		typeof value === "string" && /^\d+$/.test(value.trim())
			? Number(value)
			: value;
	return (
		typeof n === "number" &&
		Number.isInteger(n) &&
		n >= 0 &&
		n <= largestNumberSetting
	);
}

export function checkConfig(news: Props): CheckFailure[] {
	const failures: CheckFailure[] = [];
	for (const [key, value] of Object.entries(news)) {
		if (key.startsWith("__") || engineKeys.has(key)) continue;
		const entry = byName.get(key);
		if (!entry) {
			failures.push({
				// No property: the engine would print its value, maybe a key set without --secret.
				property: "",
				reason: `bucket-replication:${key} is not a setting of the bucket-replication provider${didYouMean(key, names)} (known: ${names.join(", ")})`,
			});
			continue;
		}
		if (value === undefined || value === UNKNOWN || value === "") continue;
		if (entry.type === "integer" && !isCount(value)) {
			failures.push({
				property: key,
				reason: `bucket-replication:${key} must be a whole number from 0 to ${largestNumberSetting}`,
			});
		}
	}
	return failures;
}
