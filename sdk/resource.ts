import * as pulumi from "@pulumi/pulumi";
import { providerStub } from "./stub";

/**
 * Base of every resource in this package. The type token is explicit and must never change:
 * `pulumi-nodejs:dynamic/bucket-replication:<type>` (renaming it would orphan existing state).
 */
export abstract class ReplicationResource extends pulumi.dynamic.Resource {
	protected constructor(
		type: string,
		name: string,
		args: object,
		/** Output-only properties, registered so they appear on the resource. */
		outputs: readonly string[],
		opts?: pulumi.CustomResourceOptions,
	) {
		const props: Record<string, unknown> = { ...args, __resource: type };
		for (const key of outputs) props[key] = undefined;
		// For every property, @pulumi/pulumi makes four promises, and each records `new Error().stack`
		// for its promise-leak report (runtime/rpc.js `transferProperties`, runtime/debuggable.js). With
		// the source-map support the language host installs, those stacks were most of the program's CPU
		// time in a no-op `up`: 1.5 s of 6.4 s at 300 rules (issue 13, bench/README.md). So they are
		// recorded without frames, unless PULUMI_DEBUG_PROMISE_LEAKS asks for them. The resource's own
		// source position is unaffected: Pulumi records it with its own, unlimited stack trace.
		const limit = Error.stackTraceLimit;
		if (!process.env.PULUMI_DEBUG_PROMISE_LEAKS) Error.stackTraceLimit = 0;
		try {
			super(providerStub, name, props, opts, "bucket-replication", type);
		} finally {
			Error.stackTraceLimit = limit;
		}
	}
}
