/** "Did you mean ...": the closest known name to a misspelt one. */

/**
 * Edit distance with adjacent transpositions (optimal string alignment), case-insensitive: a case
 * slip counts as no edit, `adpot` is one edit from `adopt`.
 */
export function editDistance(a: string, b: string): number {
	const x = a.toLowerCase();
	const y = b.toLowerCase();
	const d = Array.from({ length: x.length + 1 }, (_, i) =>
		Array.from({ length: y.length + 1 }, (_, j) =>
			i === 0 ? j : j === 0 ? i : 0,
		),
	);
	for (let i = 1; i <= x.length; i++) {
		for (let j = 1; j <= y.length; j++) {
			const cost = x[i - 1] === y[j - 1] ? 0 : 1;
			d[i][j] = Math.min(
				d[i - 1][j] + 1,
				d[i][j - 1] + 1,
				d[i - 1][j - 1] + cost,
			);
			if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1])
				d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
		}
	}
	return d[x.length][y.length];
}

/**
 * The known name closest to `name`, when it is close enough to be a slip: at most a third of its
 * length in edits (at least 1, at most 3), or a case-insensitive prefix of either (`prefix` for
 * `prefixes`). Long inputs are never compared (cost grows with the product of lengths).
 */
export function closest(
	name: string,
	known: readonly string[],
): string | undefined {
	if (name.length > 256) return undefined;
	let best: string | undefined;
	let bestDistance = Number.POSITIVE_INFINITY;
	for (const candidate of known) {
		const distance = editDistance(name, candidate);
		if (distance < bestDistance) {
			best = candidate;
			bestDistance = distance;
		}
	}
	if (best === undefined) return undefined;
	const limit = Math.min(3, Math.max(1, Math.floor(best.length / 3)));
	const lowered = name.toLowerCase();
	const prefixOf =
		lowered.length >= 3 &&
		known.find(
			(k) =>
				k.toLowerCase().startsWith(lowered) ||
				lowered.startsWith(k.toLowerCase()),
		);
	if (bestDistance <= limit) return best;
	return prefixOf || undefined;
}

/** `; did you mean "x"?`, or "" when nothing is close. */
export function didYouMean(name: string, known: readonly string[]): string {
	const match = closest(name, known);
	return match === undefined ? "" : `; did you mean "${match}"?`;
}
