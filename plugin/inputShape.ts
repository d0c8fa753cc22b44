/**
 * The inputs an import hands the engine, in the schema's shape. They differ from what the runtime's
 * `check` returns in one place: `cos:BucketReplication.rules`, a list in the schema's inputs
 * (plugin/schema.json), which `check` keys by rule id, as the schema's `rules` output is. The engine
 * generates the program of `pulumi import` from the inputs of the import's Read: keyed by id, the code
 * generator found an object where the schema says a list, and failed (pulumi-yaml v1.25.0:
 * `anonymous.pp:0,8-26: package block label is deprecated; ..., and 1 other diagnostic(s)`).
 *
 * Only the import's inputs take the list. `check` keeps the map: with no preview support (server.ts
 * `configure`), the engine previews a create's outputs as the checked inputs, and the Python SDK refused
 * a list where the `rules` output is a map ("Expected 'list' got 'typing.Mapping[str, typing.Any]'").
 * The next `up` stores the map again; diff compares the outputs, keyed by id either way.
 */
import type { Props } from "../provider/core/types";
import { type RuleMap, rulesFromMap } from "../provider/cos/normalize";

const isMap = (value: unknown): value is RuleMap =>
	typeof value === "object" && value !== null && !Array.isArray(value);

/** Inputs for the engine to generate a program from: `rules` as the schema's list, each with its `id`. */
export function engineShape(runtimeType: string, inputs: Props): Props {
	if (runtimeType !== "CosBucketReplication" || !isMap(inputs.rules))
		return inputs;
	return { ...inputs, rules: rulesFromMap(inputs.rules) };
}
