import * as pulumi from "@pulumi/pulumi";

/**
 * `refresh` keeps the configuration it read in the `live` output, in clear, for `diff` and for
 * `refresh --diff` to show. Pulumi keeps an output secret only when the input of the same name is
 * (dynamic-providers.md rule 8), so a prefix or role given as a secret (`pulumi config set --secret`,
 * `pulumi.secret`) was in clear in `live` after a refresh (`pulumi stack export`). This registers `live`
 * as a secret output when any argument is a secret, and leaves it readable otherwise.
 *
 * Whether an argument is secret is known only asynchronously. @pulumi/pulumi reads
 * `additionalSecretOutputs` once every property is resolved (runtime/resource.js `registerResource`),
 * and the list is held by reference (resource.js copies `opts` shallowly), so `settled` resolves after
 * the list is final: a property that waits for it delays the read until then.
 */
export function withSecretLive(
	args: object,
	opts: pulumi.CustomResourceOptions | undefined,
): { opts: pulumi.CustomResourceOptions; settled: Promise<void> } {
	const secretOutputs = [...(opts?.additionalSecretOutputs ?? [])];
	const found: Promise<boolean>[] = [];
	collectSecrecy(args, found);
	const settled = Promise.all(found).then((secrecy) => {
		if (secrecy.includes(true) && !secretOutputs.includes("live")) {
			secretOutputs.push("live");
		}
	});
	return { opts: { ...opts, additionalSecretOutputs: secretOutputs }, settled };
}

/** Whether each Output in `value` (in plain objects and arrays, at any depth) is a secret. */
function collectSecrecy(value: unknown, found: Promise<boolean>[]): void {
	if (pulumi.Output.isInstance(value)) {
		found.push(pulumi.isSecret(value));
	} else if (Array.isArray(value)) {
		for (const item of value) collectSecrecy(item, found);
	} else if (
		value &&
		typeof value === "object" &&
		!(value instanceof Promise)
	) {
		for (const item of Object.values(value)) collectSecrecy(item, found);
	}
}
