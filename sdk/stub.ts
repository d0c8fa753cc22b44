import type * as pulumi from "@pulumi/pulumi";

/**
 * The one provider object every resource of this package uses. Pulumi serializes it into state as
 * `__provider` (twice per resource: inputs and outputs) and sends it with every call, so its size
 * counts once per resource per operation (issue 13).
 *
 * Each method is built from a string, so it captures nothing (no config, no path, no secret, no SDK
 * object) and its text cannot change with the TypeScript target or a bundler. At call time it
 * `require`s our runtime by package name from the project directory and passes its arguments on; the
 * resource type travels in the `__resource` input. Plain arrow functions with rest parameters keep each
 * serialized method short: no name, no parameter list and no `async` wrapper (the runtime returns the
 * promises). The text is a public API: test/unit/stub.test.ts pins it. Version 1 (until 0.1.0, 3,181
 * bytes, test/golden/provider-v1.txt) stays valid: it calls the same runtime functions.
 * See shared reference dynamic-providers.md, rules 1-6.
 */
function method(name: string): (...args: unknown[]) => unknown {
	return new Function(
		`return (...a)=>require("pulumi-bucket-replication/provider").${name}(...a)`,
	)();
}

export const providerStub: pulumi.dynamic.ResourceProvider = Object.freeze({
	configure: method("configure"),
	check: method("check"),
	diff: method("diff"),
	create: method("create"),
	read: method("read"),
	update: method("update"),
	delete: method("delete"),
}) as pulumi.dynamic.ResourceProvider;
