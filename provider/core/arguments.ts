/**
 * Unknown arguments, rejected at `check`: TypeScript catches a misspelt argument, but JavaScript
 * programs, `as any` and programs generated from YAML or JSON do not, and an ignored `prefx` or OSS
 * `prefix` (for `prefixes`) silently widens a rule to the whole bucket (issue 11).
 */
import { UNKNOWN } from "./diff";
import { didYouMean } from "./suggest";
import { quote } from "./text";
import type { CheckFailure, Props } from "./types";

/**
 * The arguments of a resource: each known key maps to `true` (a value checked elsewhere), to the
 * shape of a nested object, or to `[shape]` for a list of such objects.
 */
export interface ArgumentShape {
	readonly [key: string]: true | ArgumentShape | readonly [ArgumentShape];
}

const isObject = (v: unknown): v is Props =>
	typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * A failure for every key of `value` its shape does not know, nested ones too, naming the full path
 * and the closest known name. Keys starting with `__` belong to the SDK (`__provider`, `__resource`);
 * keys whose value is `undefined` were never set (the SDK registers outputs that way).
 */
export function unknownArguments(
	value: Props,
	shape: ArgumentShape,
	resource: string,
): CheckFailure[] {
	const failures: CheckFailure[] = [];
	walk(value, shape, "", resource, failures);
	return failures;
}

function walk(
	value: Props,
	shape: ArgumentShape,
	path: string,
	resource: string,
	failures: CheckFailure[],
): void {
	for (const key of Object.keys(value)) {
		const v = value[key];
		if (v === undefined || (path === "" && key.startsWith("__"))) continue;
		const where = path ? `${path}.${key}` : key;
		const expected = shape[key];
		if (expected === undefined) {
			const within = path ? `${path} of ${resource}` : resource;
			const known = Object.keys(shape);
			failures.push({
				// The engine prints the value of a top-level property; a nested one prints as <nil>.
				property: where.split(/[.[]/, 1)[0],
				reason: `${where.length > 60 ? quote(where) : where} is not an argument of ${within}${didYouMean(key, known)} (known: ${known.join(", ")})`,
			});
		} else if (expected !== true && v !== UNKNOWN) {
			if (Array.isArray(expected)) {
				if (!Array.isArray(v)) continue;
				v.forEach((item, i) => {
					if (isObject(item))
						walk(item, expected[0], `${where}[${i}]`, resource, failures);
				});
			} else if (isObject(v)) {
				walk(v, expected as ArgumentShape, where, resource, failures);
			}
		}
	}
}
