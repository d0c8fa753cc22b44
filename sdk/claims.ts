import * as pulumi from "@pulumi/pulumi";

/**
 * What the resources of this program claim on the clouds: a rule id on a bucket, one OSS rule per
 * source and destination, a COS bucket's whole document. A create takes an identical existing rule as
 * its own earlier write (provider/core/ownership.ts), so two resources declaring the same rule would
 * silently share it and fight over it. The program sees every resource of the stack, so it fails here,
 * before anything is written, naming both. Values unknown at preview are checked once they resolve.
 */
const runs = new WeakMap<object, Map<string, string>>();
const outsideStack = {};

/**
 * The claims of the program run in progress. An Automation API process runs its inline program once per
 * `preview`, `up` or `refresh`, and runs several stacks' programs: a claim that outlived its run made a
 * resource renamed between two runs fail as declared twice, "first" and "second" (seen through the
 * Automation API). Each run has its own root stack resource (@pulumi/pulumi automation/server.js runs
 * each in a new local store, runtime/state.js `withLocalStorage`), so claims are kept per stack resource.
 */
function claimsOfThisRun(): Map<string, string> {
	const run = pulumi.runtime.getStackResource?.() ?? outsideStack;
	let claims = runs.get(run);
	if (!claims) {
		claims = new Map();
		runs.set(run, claims);
	}
	return claims;
}

/**
 * The resource claims are made for, set once its `super()` returned. A claim made before `super()`
 * throws on a duplicate before the resource registers: made after it, with `up --skip-preview`, the
 * engine still created the resource whose constructor threw.
 */
export interface Claimant {
	resource?: pulumi.Resource;
}

/**
 * Claims `parts` (joined into one key) for `owner`. `describe` says what is claimed, for the message.
 * The same owner may claim a key again.
 * Plain values are checked at once and throw, so the program stops before it registers anything;
 * values that are outputs are checked when they resolve, and a duplicate is logged as an error on the
 * resource (a preview still ends with exit code 0; an `up` goes on, and the cloud refuses the second).
 * `fix` ends the message.
 */
export function claim(
	owner: string,
	parts: pulumi.Input<string | undefined>[],
	describe: (values: string[]) => string,
	resource?: pulumi.Resource | Claimant,
	fix = "Each must be declared once in a stack: rename or remove one of them",
): void {
	const claims = claimsOfThisRun();
	const check = (values: unknown[]): string | undefined => {
		if (values.some((v) => typeof v !== "string")) return undefined;
		const known = values as string[];
		const key = JSON.stringify(known);
		const holder = claims.get(key);
		claims.set(key, holder ?? owner);
		if (holder === undefined || holder === owner) return undefined;
		return `${holder} and ${owner} both declare ${describe(known)}. ${fix}`;
	};
	if (parts.every((p) => p === undefined || typeof p === "string")) {
		const problem = check(parts);
		// A RunError: the CLI prints its message alone, not "failed with an unhandled exception" and a
		// JavaScript stack trace into the SDK (@pulumi/pulumi cmd/run/run.js, `RunError.isInstance`).
		if (problem) throw new pulumi.RunError(problem);
		return;
	}
	pulumi.all(parts).apply((values) => {
		const problem = check(values);
		if (problem)
			pulumi.log.error(
				problem,
				resource instanceof pulumi.Resource ? resource : resource?.resource,
			);
	});
}

/**
 * A claim part made from a whole argument, nested inputs included: `key` of its plain value, at once
 * when nothing in it is an output or a promise (so that `claim` throws before anything is
 * registered), else when it resolves.
 */
export function partOf<T>(
	value: T,
	key: (plain: pulumi.Unwrap<T>) => string,
): pulumi.Input<string> {
	return isPlain(value)
		? key(value as pulumi.Unwrap<T>)
		: pulumi.output(value).apply(key);
}

function isPlain(value: unknown): boolean {
	if (pulumi.Output.isInstance(value) || value instanceof Promise) return false;
	if (Array.isArray(value)) return value.every(isPlain);
	if (typeof value === "object" && value !== null)
		return Object.values(value).every(isPlain);
	return true;
}
