/**
 * Regions checked at preview against each vendor's published list (provider/<cloud>/regions.ts), so a
 * typo fails `check` instead of reaching the cloud at `up`, after other resources were changed.
 *
 * A region already used by the resource's previous inputs stays accepted (`withRegionsOf`), and a region
 * newer than this package stays usable through the setting `bucket-replication:extraRegions`
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
 * The regions the resource's previous inputs used, while its `check` runs: a region a stack already
 * uses exists, so upgrading the package never fails a preview over a region missing from the lists.
 *
 * A plain variable, set around the call: every `check` validates before its first `await` (check is
 * pure and offline, and none awaits at all). An AsyncLocalStorage did the same, but its first `run`
 * turns on async hooks for every promise of the dynamic provider host, ours and the SDKs' and gRPC's,
 * for the rest of the process: more work and more garbage on every call (issue 13).
 *
 * The walk of `olds` waits until a region is missing from the built-in list: almost every check names
 * a known region, and walking every resource's olds was a tenth of a no-op preview's `check` (issue 13).
 */
let inState: { olds: unknown; regions?: Set<string> } | undefined;

function regionsInState(): Set<string> | undefined {
	if (inState === undefined) return undefined;
	inState.regions ??= regionsOf(inState.olds);
	return inState.regions;
}

/** Every string under a `region` or `location` key of `olds`, and the region of each COS destination id. */
function regionsOf(olds: unknown, found = new Set<string>()): Set<string> {
	if (Array.isArray(olds)) for (const v of olds) regionsOf(v, found);
	else if (olds && typeof olds === "object") {
		for (const [key, value] of Object.entries(olds)) {
			if ((key === "region" || key === "location") && typeof value === "string")
				found.add(value);
			else if (key === "bucket" && typeof value === "string") {
				const match = /^qcs::cos:([^:]+)::/.exec(value);
				if (match) found.add(match[1]);
			} else regionsOf(value, found);
		}
	}
	return found;
}

/** Runs `check` with the regions of `olds` (the previous inputs) accepted, up to its first `await`. */
export function withRegionsOf<T>(olds: unknown, check: () => T): T {
	const outer = inState;
	inState = { olds };
	try {
		return check();
	} finally {
		inState = outer;
	}
}

/**
 * How the user wrote a region that `check` compares in another form (OSS: `cn-hangzhou` for
 * `oss-cn-hangzhou`): the reason quotes `written`, and names the known regions through `spell`.
 */
export interface Spelling {
	written: string;
	spell: (known: string) => string;
}

/**
 * Why `region` is not a known region of `vendor`, or undefined when it is one (or was allowed). The
 * reason names the closest known region and how to allow a newer one, spelt as the user wrote theirs.
 */
export function unknownRegion(
	vendor: string,
	region: string,
	known: readonly string[],
	example: string,
	normalize: (region: string) => string = (r) => r,
	spelling: Spelling = { written: region, spell: (r) => r },
): string | undefined {
	if (
		known.includes(region) ||
		regionsInState()?.has(region) ||
		extraRegions().map(normalize).includes(region)
	)
		return undefined;
	const { written, spell } = spelling;
	const hint = didYouMean(written.trim(), known.map(spell));
	if (hint)
		return `${quote(written)} is not a known ${vendor} region${hint} (a region newer than this package can be allowed with the setting ${extraRegionsConfigKey})`;
	const trimmed = written.trim();
	const shown = trimmed.length <= 40 ? trimmed : "<region>";
	return `${quote(written)} is not a known ${vendor} region, such as "${spell(example)}". A region newer than this package can be allowed with \`pulumi config set ${extraRegionsConfigKey} ${shown}\` (or ${extraRegionsEnvVar})`;
}
