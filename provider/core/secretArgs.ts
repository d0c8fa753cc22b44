/**
 * Check failures without the values of secret arguments. A failure names its property, and the engine
 * then prints that top-level property's value, secrets in clear (`property rules value {[{... prefix:
 * {&{{the secret}}}}]} has a problem: ...`); our reasons also quote the value they refuse
 * (`rules[0].prefix "..." contains a control character`). Both seen through the CLI with
 * `prefix: pulumi.secret(...)`. So a failure of a secret argument names no property (the reason still
 * names the field) and every string of the secret arguments is taken out of its reason.
 *
 * Which arguments are secret: the plugin reads it from the engine's wrapped values (plugin/secrets.ts);
 * the dynamic provider host unwraps them, so the Node.js resources send the names in `__secretArgs`
 * (sdk/secretLive.ts), which `check` never stores.
 */
import { maxQuoted } from "./text";
import type { CheckFailure, Props } from "./types";

/** The key the Node.js resources send the names of their secret arguments under. */
export const secretArgsKey = "__secretArgs";

/** The names in `inputs.__secretArgs`, when the SDK sent any. */
export function secretArgsOf(inputs: Props): Set<string> {
	const names = inputs[secretArgsKey];
	return new Set(
		Array.isArray(names)
			? names.filter((n): n is string => typeof n === "string")
			: [],
	);
}

function stringsIn(value: unknown, out: Set<string>): void {
	if (typeof value === "string") out.add(value);
	else if (Array.isArray(value)) for (const item of value) stringsIn(item, out);
	else if (value && typeof value === "object")
		for (const item of Object.values(value)) stringsIn(item, out);
}

/** Each way a reason may show `text`: as it is, lower case (region hints), JSON-escaped, cut by `quote`. */
function formsOf(text: string): string[] {
	const escaped = JSON.stringify(text).slice(1, -1);
	const cut = JSON.stringify(text.slice(0, maxQuoted)).slice(1, -1);
	// A string of one or two characters would take letters out of every word: only its quoted form.
	const bare = text.length >= 3 ? [text, text.toLowerCase(), escaped, cut] : [];
	return [...bare, JSON.stringify(text)];
}

export function withoutSecretValues(
	failures: readonly CheckFailure[],
	inputs: Props,
	secretArgs: ReadonlySet<string>,
): CheckFailure[] {
	if (secretArgs.size === 0) return [...failures];
	const texts = new Set<string>();
	for (const key of secretArgs) stringsIn(inputs[key], texts);
	// Longest first, so that a secret holding another is taken out whole.
	const forms = [...texts].flatMap(formsOf).sort((a, b) => b.length - a.length);
	return failures.map((failure) => {
		let reason = failure.reason;
		for (const form of forms) reason = reason.split(form).join("[secret]");
		const top = failure.property.split(/[.[]/, 1)[0];
		return secretArgs.has(top) || reason !== failure.reason
			? { property: "", reason }
			: failure;
	});
}

/**
 * An OSS rule with no `ruleId` takes its id from the destination bucket (docs/oss.md), and a Pulumi id
 * is never secret: with a secret destination the bucket name would be in clear in the state (the id and
 * the `ruleId` output) and every URN-keyed log line. So check refuses it and names the fix.
 */
export function secretIdFailures(
	type: unknown,
	inputs: Props,
	secretArgs: ReadonlySet<string>,
): CheckFailure[] {
	if (type !== "OssBucketReplicationRule") return [];
	if (inputs.ruleId !== undefined && inputs.ruleId !== null) return [];
	if (!secretArgs.has("destination")) return [];
	return [
		{
			property: "ruleId",
			reason:
				"oss.BucketReplicationRule: the destination is secret and ruleId is not set, so the rule id would be taken from the destination bucket and stored in clear (a Pulumi id cannot be secret); set ruleId explicitly",
		},
	];
}
