import type * as pulumi from "@pulumi/pulumi";

/**
 * The one provider object every resource of this package uses. Pulumi serializes it into state as
 * `__provider` and the dynamic provider host evaluates that text on every operation.
 *
 * Each method is built from a string, so it captures nothing (no config, no path, no secret, no SDK
 * object) and its text cannot change with the TypeScript target or a bundler. At call time it
 * `require`s our runtime by package name from the project directory and delegates to it; the resource
 * type travels in the `__resource` input. The text is a public API: test/unit/stub.test.ts pins it.
 * See shared reference dynamic-providers.md, rules 1-6.
 */
// biome-ignore lint/suspicious/noExplicitAny: the methods are typed by the ResourceProvider they form.
type AnyAsync = (...args: any[]) => Promise<any>;
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
	...source: string[]
) => AnyAsync;

function method(name: string, ...params: string[]) {
	return new AsyncFunction(
		...params,
		`return require("pulumi-bucket-replication/provider").${name}(${params.join(", ")});`,
	);
}

export const providerStub: pulumi.dynamic.ResourceProvider = Object.freeze({
	configure: method("configure", "req"),
	check: method("check", "olds", "news"),
	diff: method("diff", "id", "olds", "news"),
	create: method("create", "inputs"),
	read: method("read", "id", "props"),
	update: method("update", "id", "olds", "news"),
	delete: method("delete", "id", "props"),
});
