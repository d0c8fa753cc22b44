import type { DiffResult, Props } from "./types";

/** What Pulumi sends for a value not known during preview (`@pulumi/pulumi` runtime/rpc.js). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function containsUnknown(value: unknown): boolean {
	if (value === UNKNOWN) return true;
	if (Array.isArray(value)) return value.some(containsUnknown);
	if (value && typeof value === "object") {
		for (const key of Object.keys(value))
			if (containsUnknown((value as Props)[key])) return true;
	}
	return false;
}

/**
 * Structural equality of JSON values; `undefined` members equal absent ones. Loops without building
 * key sets: every no-op `diff` compares whole objects (issue 13).
 */
export function deepEqual(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	const aIsArray = Array.isArray(a);
	const bIsArray = Array.isArray(b);
	if (aIsArray || bIsArray) {
		if (!aIsArray || !bIsArray || a.length !== b.length) return false;
		for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
		return true;
	}
	if (a && b && typeof a === "object" && typeof b === "object") {
		const x = a as Props;
		const y = b as Props;
		for (const k of Object.keys(x)) if (!deepEqual(x[k], y[k])) return false;
		for (const k of Object.keys(y))
			if (!Object.hasOwn(x, k) && !deepEqual(x[k], y[k])) return false;
		return true;
	}
	return false;
}

/**
 * What `changedKeys` finds empty, without listing keys: every resource of a no-op preview takes this
 * path (issue 13).
 */
export function unchanged(from: unknown, to: unknown): boolean {
	return deepEqual(from, to) && !containsUnknown(to);
}

export interface DiffPlan {
	/** The normalized inputs last applied (kept in outputs). */
	applied: Props;
	/** The live configuration last seen by `read`, in the same shape; absent until a refresh. */
	live?: Props;
	/** The normalized new inputs. */
	desired: Props;
	/** Keys whose change needs a new resource. */
	replaceKeys?: readonly string[];
	/** Set when the replacement reuses the same identity (bucket + rule id): delete must come first. */
	deleteBeforeReplace?: boolean;
}

/** The keys whose values differ, or are unknown in `desired`. */
export function changedKeys(from: Props, to: Props): string[] {
	const keys = new Set([...Object.keys(from), ...Object.keys(to)]);
	return [...keys].filter(
		(k) => containsUnknown(to[k]) || !deepEqual(from[k], to[k]),
	);
}

/**
 * The diff strategy of dynamic-providers.md §3.5:
 * - the program changed (applied ≠ desired, or unknowns): `changes: undefined`, so the engine diffs
 *   old and new inputs itself and `preview --diff` shows each changed property; `replaces` for
 *   identity keys;
 * - only reality changed (drift found by `refresh`): `changes: true`, so `up` writes it back;
 * - otherwise `changes: false`: nothing is sent.
 */
export function planDiff(plan: DiffPlan): DiffResult {
	const replaceKeys = plan.replaceKeys ?? [];
	const replacing = (keys: string[]) => {
		const replaces = keys.filter((k) => replaceKeys.includes(k));
		return replaces.length
			? { replaces, deleteBeforeReplace: plan.deleteBeforeReplace || undefined }
			: {};
	};
	// The cheap comparison first: a no-op diff (every resource of a no-op preview) lists no keys.
	if (!unchanged(plan.applied, plan.desired)) {
		const changed = changedKeys(plan.applied, plan.desired);
		return { changes: undefined, ...replacing(changed) };
	}
	if (plan.live && !unchanged(plan.live, plan.desired)) {
		const drifted = changedKeys(plan.live, plan.desired);
		return { changes: true, ...replacing(drifted) };
	}
	return { changes: false };
}

/** Removes `undefined` members recursively: outputs must be JSON-clean ("Unexpected struct type"). */
export function clean<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}
