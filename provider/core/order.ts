/**
 * Order-free lists (BOS `resource`, OSS `prefixes`, tags) in the order the user wrote them. Comparisons
 * sort them (each cloud's normalize.ts), but state keeps the user's order: the engine diffs old and new
 * inputs itself for `preview --diff`, so a sorted list in state shows as reordered `~ [i]` lines.
 */
import { deepEqual } from "./diff";

/**
 * `list` in the order of `like` when the two hold the same entries (duplicates counted); otherwise
 * `list` as it is. Used for outputs (ordered like the inputs) and by `read` (the live list ordered
 * like the stored outputs: the Node dynamic host passes `read` only the old outputs).
 */
export function inOrderOf<T>(list: T, like: unknown): T {
	if (!Array.isArray(list) || !Array.isArray(like)) return list;
	if (list.length !== like.length) return list;
	const left = [...list];
	const out: unknown[] = [];
	for (const entry of like) {
		const i = left.findIndex((e) => deepEqual(e, entry));
		if (i < 0) return list;
		out.push(left[i]);
		left.splice(i, 1);
	}
	return out as T;
}
