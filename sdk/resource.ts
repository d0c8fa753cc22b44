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
		super(providerStub, name, props, opts, "bucket-replication", type);
	}
}
