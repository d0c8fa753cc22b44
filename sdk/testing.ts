import type * as pulumi from "@pulumi/pulumi";
import { ReplicationResource } from "./resource";

/**
 * A resource that talks to no cloud, used by this package's own foundation test to prove the
 * dynamic-resource pattern through the real Pulumi CLI. Not part of the supported API.
 */
export class Smoke extends ReplicationResource {
	declare readonly message: pulumi.Output<string>;
	declare readonly length: pulumi.Output<number>;

	constructor(
		name: string,
		args: { message: pulumi.Input<string> },
		opts?: pulumi.CustomResourceOptions,
	) {
		super("Smoke", name, args, ["length"], opts);
	}
}
