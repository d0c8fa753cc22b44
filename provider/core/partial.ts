import { scrub } from "./settings";
import type { Props } from "./types";

/**
 * A create or update that wrote to the cloud but could not finish (for example the read-back after
 * the write failed). The dynamic provider host records the resource with this `id` and `properties`
 * as outputs and marks it for another update, so the written rule is never orphaned
 * (dynamic-providers.md §6). `properties` must spread the operation's inputs, which carry
 * `__provider`: without it a later refresh or destroy cannot load the provider.
 */
export class PartialFailure extends Error {
	override name = "PartialFailure";
	readonly reasons: string[];

	constructor(
		cause: unknown,
		readonly id: string,
		readonly properties: Props,
	) {
		// The dynamic provider host sends the reasons as they are; our errors are scrubbed already, others not.
		const message = scrub(
			cause instanceof Error ? cause.message : String(cause),
		);
		super(message);
		this.reasons = [message];
	}
}
