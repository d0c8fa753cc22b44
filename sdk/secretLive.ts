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
): {
	opts: pulumi.CustomResourceOptions;
	settled: Promise<void>;
	/** The top-level arguments that are or hold a secret, for `check` (provider/core/secretArgs.ts). */
	secretArgs: Promise<string[] | undefined>;
} {
	const secretOutputs = [...(opts?.additionalSecretOutputs ?? [])];
	const byArg = Object.entries(args).map(async ([key, value]) => {
		const found: Promise<boolean>[] = [];
		collectSecrecy(value, found);
		return (await Promise.all(found)).includes(true) ? key : undefined;
	});
	const secretArgs = Promise.all(byArg).then((keys) => {
		const names = keys.filter((k): k is string => k !== undefined);
		return names.length ? names : undefined;
	});
	const settled = secretArgs.then((names) => {
		if (names && !secretOutputs.includes("live")) {
			secretOutputs.push("live");
		}
	});
	return {
		opts: { ...opts, additionalSecretOutputs: secretOutputs },
		settled,
		secretArgs,
	};
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
