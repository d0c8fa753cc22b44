/**
 * The `__provider` text of every resource of this package (stub v3): the module that Pulumi's dynamic
 * provider host loads to find the provider. The host does `requireFromString(props.__provider)
 * .handler()` and caches the result by text (@pulumi/pulumi cmd/dynamic-provider/index.js
 * `getProvider`), so any CommonJS module text whose `handler()` returns an object with
 * check/diff/create/read/update/delete works. Ours returns our runtime module, loaded by package name
 * from the project directory at call time: it captures nothing (no config, no path, no secret, no SDK
 * object) and is identical for every resource and every version.
 *
 * Why a hand-written text instead of `pulumi.dynamic.Resource` serializing a provider object: Pulumi
 * stores `__provider` twice per resource (inputs and outputs) and sends it with every call, so its size
 * counts once per resource per operation, and the engine rewrites the whole checkpoint at each step
 * of an `up` (issue 13). The serializer spent about 300 bytes per method (stub v2: 2,476 bytes; v1 of
 * 0.1.0: 3,181 bytes); this text is 66. It also no longer depends on the serializer's output format,
 * and the program no longer loads the closure serializer.
 *
 * The text is a public API: test/unit/stub.test.ts pins it (test/golden/provider.txt). State written by
 * v1 and v2 (test/golden/provider-v1.txt, provider-v2.txt) keeps working: the engine keeps the old text
 * in outputs, which reads and deletes with it, and every version calls the same runtime functions.
 * See shared reference dynamic-providers.md, rules 1-6.
 */
export const providerStub =
	'exports.handler=()=>require("pulumi-bucket-replication/provider");';
