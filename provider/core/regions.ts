/**
 * Regions checked at preview against each vendor's published list (provider/<cloud>/regions.ts), so a
 * typo fails `check` instead of reaching the cloud at `up`, after other resources were changed.
 *
 * A region newer than this package stays usable through the setting `bucket-replication:extraRegions`
 * (environment `BUCKET_REPLICATION_EXTRA_REGIONS`): a comma-separated list of region ids accepted in
 * addition to the built-in lists (docs/<cloud>.md, "Regions"). A setting rather than an argument:
 * it is one line per stack, it leaves programs unchanged when the package learns the region, and no
 * pattern can tell a new BOS id (`yq`) from a typo of a known one (`bjj`).
 */
import { setting } from "./settings";
import { didYouMean } from "./suggest";
import { quote } from "./text";

export const extraRegionsConfigKey = "bucket-replication:extraRegions";
export const extraRegionsEnvVar = "BUCKET_REPLICATION_EXTRA_REGIONS";

/** The regions the user allowed on top of the built-in lists (lower case, trimmed). */
export function extraRegions(): string[] {
	const raw = setting(extraRegionsConfigKey, extraRegionsEnvVar) ?? "";
	return raw
		.split(",")
		.map((r) => r.trim().toLowerCase())
		.filter(Boolean);
}

/**
 * Why `region` is not a known region of `vendor`, or undefined when it is one (or was allowed). The
 * reason names the closest known region and how to allow a newer one.
 */
export function unknownRegion(
	vendor: string,
	region: string,
	known: readonly string[],
	example: string,
	normalize: (region: string) => string = (r) => r,
): string | undefined {
	if (known.includes(region) || extraRegions().map(normalize).includes(region))
		return undefined;
	const hint = didYouMean(region, known);
	if (hint)
		return `${quote(region)} is not a known ${vendor} region${hint} (a region newer than this package can be allowed with the setting ${extraRegionsConfigKey})`;
	const shown = region.length <= 40 ? region : "<region>";
	return `${quote(region)} is not a known ${vendor} region, such as "${example}". A region newer than this package can be allowed with \`pulumi config set ${extraRegionsConfigKey} ${shown}\` (or ${extraRegionsEnvVar})`;
}
