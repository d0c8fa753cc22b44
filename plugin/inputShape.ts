/**
 * The inputs the engine stores, in the schema's shape, and the inputs the runtime takes. They differ
 * in one place: `cos:BucketReplication.rules`, a list in the schema (plugin/schema.json), which the
 * runtime's `check` keys by rule id (the dynamic resources store it so). Stored as a map, `pulumi
 * import` could not generate the program: the code generator found an object where the schema says a
 * list (pulumi-yaml v1.25.0: `anonymous.pp:0,8-26: package block label is deprecated; ..., and 1 other
 * diagnostic(s)`). So the plugin hands the engine the list, and the runtime the map.
 *
 * State written by earlier plugins holds the map in its inputs: the engine hands it back only as the
 * `olds` of `check`, which reads regions from them in either shape; outputs stay keyed by id, as the
 * schema says. The first `up` then stores the list, with no diff.
 */
import { containsUnknown } from "../provider/core/diff";
import type { Props } from "../provider/core/types";
import {
	type RuleMap,
	rulesFromMap,
	rulesToMap,
} from "../provider/cos/normalize";
import type { Rule } from "../provider/cos/schema";

const keyedRules = "CosBucketReplication";

const isMap = (value: unknown): value is RuleMap =>
	typeof value === "object" && value !== null && !Array.isArray(value);

/** Inputs for the engine to store: `rules` as the schema's list, each rule with its `id`. */
export function engineShape(runtimeType: string, inputs: Props): Props {
	if (runtimeType !== keyedRules || !isMap(inputs.rules)) return inputs;
	return { ...inputs, rules: rulesFromMap(inputs.rules) };
}

/**
 * Inputs for the runtime's diff, create and update: `rules` keyed by id again. A list that still holds
 * unknown values (a preview) goes as it is, as the runtime's `check` returned it.
 */
export function runtimeShape(runtimeType: string, inputs: Props): Props {
	const rules = inputs.rules;
	if (
		runtimeType !== keyedRules ||
		!Array.isArray(rules) ||
		containsUnknown(rules)
	)
		return inputs;
	return { ...inputs, rules: rulesToMap(rules as Rule[]) };
}
