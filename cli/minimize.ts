/**
 * Leaves out of a declaration what the provider fills in by itself, so that the printed code shows
 * only what is particular to the rule. The provider's own `check` is the judge: a member is dropped
 * only when `check` stores exactly the same inputs without it. No default is restated here, so this
 * can never drift from the provider's normalization.
 */
import { deepEqual } from "../provider/core/diff";
import type {
	CheckFailure,
	Props,
	ResourceHandler,
} from "../provider/core/types";

export interface Checked {
	/** What `check` would store; absent when it rejects the arguments. */
	inputs?: Props;
	failures: CheckFailure[];
}

/** `check` as `pulumi preview` runs it on create (no old inputs). */
export async function checkArgs(
	handler: ResourceHandler,
	args: Props,
): Promise<Checked> {
	const result = await handler.check({}, args);
	const failures = result.failures ?? [];
	return { inputs: failures.length ? undefined : result.inputs, failures };
}

/**
 * `args` without every member (innermost first) whose absence `check` normalizes back to the same
 * inputs. Array elements are never dropped (each is data), but members of objects inside arrays are.
 * Arguments `check` rejects are returned whole.
 */
export async function minimize(
	handler: ResourceHandler,
	args: Props,
): Promise<Props> {
	const target = (await checkArgs(handler, args)).inputs;
	if (!target) return args;
	let current = args;
	for (const path of memberPaths(args)) {
		const candidate = without(current, path);
		const { inputs } = await checkArgs(handler, candidate);
		if (inputs && deepEqual(inputs, target)) current = candidate;
	}
	return current;
}

type Path = (string | number)[];

/** Paths of object members, children before their parent (so a parent is tried once emptied). */
function memberPaths(value: unknown, prefix: Path = []): Path[] {
	const out: Path[] = [];
	if (Array.isArray(value)) {
		value.forEach((item, i) => {
			out.push(...memberPaths(item, [...prefix, i]));
		});
	} else if (isObject(value)) {
		for (const [key, child] of Object.entries(value)) {
			out.push(...memberPaths(child, [...prefix, key]), [...prefix, key]);
		}
	}
	return out;
}

/** A copy of `root` without the object member at `path` (the key order of the rest is kept). */
function without(root: Props, path: Path): Props {
	const walk = (node: unknown, depth: number): unknown => {
		const step = path[depth];
		if (Array.isArray(node))
			return node.map((item, i) => (i === step ? walk(item, depth + 1) : item));
		if (!isObject(node)) return node;
		const out: Props = {};
		for (const [key, child] of Object.entries(node)) {
			if (key !== step) out[key] = child;
			else if (depth < path.length - 1) out[key] = walk(child, depth + 1);
		}
		return out;
	};
	return walk(root, 0) as Props;
}

function isObject(value: unknown): value is Props {
	return typeof value === "object" && value !== null && !Array.isArray(value);
}
