import * as pulumi from "@pulumi/pulumi";
import { withSecretLive } from "./secretLive";
import { providerStub } from "./stub";

/**
 * Base of every resource in this package: a Pulumi dynamic resource, served by Pulumi's Node dynamic
 * provider host like any `pulumi.dynamic.Resource`. It registers the resource itself only to pass its
 * own `__provider` text (sdk/stub.ts) instead of a serialized provider object; that is all
 * `pulumi.dynamic.Resource` adds to a custom resource (@pulumi/pulumi dynamic/index.js). The type token is
 * explicit and must never change: `pulumi-nodejs:dynamic/bucket-replication:<type>` (renaming it would
 * orphan existing state).
 */
export abstract class ReplicationResource extends pulumi.CustomResource {
	protected constructor(
		type: string,
		name: string,
		args: object,
		/** Output-only properties, registered so they appear on the resource. */
		outputs: readonly string[],
		opts?: pulumi.CustomResourceOptions,
	) {
		if ((args as Record<string, unknown>).__provider !== undefined) {
			// As pulumi.dynamic.Resource: the key is the host's.
			throw new Error("A dynamic resource must not define the __provider key");
		}
		const secrecy = withSecretLive(args, opts);
		const props: Record<string, unknown> = {
			...args,
			__provider: providerStub,
		};
		for (const key of outputs) props[key] = undefined;
		// Names only, and only when there are secrets: `check` keeps no `__` key in the inputs it stores.
		props.__secretArgs = secrecy.secretArgs;
		// Last, so that resources register in the order the program declares them. @pulumi/pulumi
		// serializes properties one after another, an await or more each (runtime/rpc.js
		// `serializeFilteredProperties`), so among resources declared together the one with the fewest
		// values registered first: in a stack of all three clouds every COS rule (one value more: `role`)
		// reached the engine after every OSS and BOS rule, and the COS settle times (docs/cos.md) made
		// the whole tail of the first `up` (issue 13, bench/README.md). This property resolves in a
		// macrotask of its own, after every other property of the resources declared with it has been
		// serialized, and the host runs those in the order they were scheduled; it also waits for the
		// secret outputs to be known (secretLive.ts).
		props.__resource = secrecy.settled.then(
			() => new Promise<string>((resolve) => setImmediate(resolve, type)),
		);
		// For every property, @pulumi/pulumi makes four promises, and each records `new Error().stack`
		// for its promise-leak report (runtime/rpc.js `transferProperties`, runtime/debuggable.js). With
		// the source-map support the language host installs, those stacks were most of the program's CPU
		// time in a no-op `up`: 1.5 s of 6.4 s at 300 rules (issue 13, bench/README.md). So they are
		// recorded without frames, unless PULUMI_DEBUG_PROMISE_LEAKS asks for them. The resource's own
		// source position is unaffected: Pulumi records it with its own, unlimited stack trace.
		const limit = Error.stackTraceLimit;
		if (!process.env.PULUMI_DEBUG_PROMISE_LEAKS) Error.stackTraceLimit = 0;
		try {
			super(
				`pulumi-nodejs:dynamic/bucket-replication:${type}`,
				name,
				props,
				secrecy.opts,
			);
		} finally {
			Error.stackTraceLimit = limit;
		}
	}
}
