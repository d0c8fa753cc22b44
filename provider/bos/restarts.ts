/**
 * `replicationRestarts`: how `preview --diff` shows that an update restarts replication. BOS
 * restarts an enabled rule's replication whenever the rule is written again with `enabled` (seed 003),
 * so every in-place update of an enabled rule does. `check` counts those updates into an input, and
 * the diff then shows `~ replicationRestarts: 1 => 2` next to the changed properties. A dynamic
 * provider cannot print a warning into a preview, and an input is what the engine renders.
 */
import { containsUnknown, deepEqual, UNKNOWN } from "../core/diff";
import type { Props } from "../core/types";
import {
	normalizeRule,
	pick,
	ruleConfigKeys,
	ruleIdentityKeys,
} from "./normalize";

/**
 * The count for the normalized new inputs `rule`, from the previous inputs `olds` (`{}` on create):
 * one more when the rule was enabled, stays enabled, keeps its identity and its configuration
 * changes; unknown when that depends on values not known yet (preview) other than the status.
 */
export function restartsAfter(olds: Props, rule: Props): unknown {
	const before = Number(olds.replicationRestarts ?? 0) || 0;
	if (Object.keys(olds).length === 0) return 0;
	const old = normalizeRule(olds);
	if (old.status !== "enabled") return before;
	const identity = (p: Props) => pick(p, ruleIdentityKeys);
	if (!deepEqual(identity(old), identity(rule))) return before;
	// Disabled, or not known yet: diff.ts replaces the rule then (BOS refuses enabled -> disabled), and a
	// new rule is no restart. The engine checks a replacement again with no olds (count 0): an unknown
	// here would preview as `replicationRestarts: 0 => 0`.
	if (rule.status !== "enabled") return before;
	const config = pick(rule, ruleConfigKeys);
	if (containsUnknown(config)) return UNKNOWN;
	return deepEqual(pick(old, ruleConfigKeys), config) ? before : before + 1;
}
