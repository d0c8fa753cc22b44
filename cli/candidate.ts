/**
 * What each cloud's reader hands to `discover`: one resource declaration per rule (per bucket for
 * COS), in the provider's input shape, with the test `create` applies before adopting it.
 */
import type { Props, ResourceHandler } from "../provider/core/types";
import type { Declaration } from "./render";

export interface Candidate {
	resource: Declaration["resource"];
	/** The Pulumi resource name, before it is made safe and unique. */
	name: string;
	/** Every field, as the provider normalizes it, with `adopt: true`. */
	args: Props;
	/** The provider handler of this resource type: its `check` validates and normalizes `args`. */
	handler: ResourceHandler;
	/**
	 * The fields in which inputs stored by `check` differ from the live configuration, compared the
	 * way the provider's `create` does before it adopts; empty when `up` adopts with no write.
	 */
	differences(inputs: Props): string[];
}

export interface Found {
	candidates: Candidate[];
	/** Things the user should know that are not declarations (skipped rules), for stderr. */
	notes: string[];
}
