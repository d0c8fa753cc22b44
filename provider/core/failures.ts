import type { CheckFailure } from "./types";

/**
 * A failure on its top-level property, its reason starting with the full path. The engine prints
 * `property 'p' value {<input p>} has a problem: <reason>`, looking `p` up among the top-level
 * inputs, so a nested path (`destination.prefix`) would print as `value {<nil>}`.
 */
export function atTopLevel(failure: CheckFailure): CheckFailure {
	const path = failure.property;
	const property = path.split(/[.[]/, 1)[0];
	if (property === path) return failure;
	const reason = failure.reason.startsWith(path)
		? failure.reason
		: `${path}: ${failure.reason}`;
	return { property, reason };
}
