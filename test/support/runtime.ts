import { expect } from "vitest";
import * as runtime from "../../provider";
import type { Props } from "../../provider/core/types";

/** The inputs `check` stores (through the runtime entry, as the dynamic provider host calls it); throws on failures. */
export async function checked(inputs: Props, olds: Props = {}): Promise<Props> {
	const result = await runtime.check(olds, inputs);
	if (result.failures?.length || !result.inputs) {
		throw new Error(JSON.stringify(result.failures));
	}
	return result.inputs;
}

/** A created resource: what the engine stores and hands back to the next operation. */
export async function created(
	inputs: Props,
): Promise<{ id: string; outs: Props }> {
	const result = await runtime.create(await checked(inputs));
	return { id: result.id, outs: result.outs };
}

/** Creates a resource; returns the engine's part of a no-op `up` on it: check, then a diff that finds nothing to do. */
export async function noOp(inputs: Props): Promise<() => Promise<void>> {
	const { id, outs } = await created(inputs);
	return async () => {
		const news = await checked(inputs, outs);
		expect(await runtime.diff(id, outs, news)).toEqual({ changes: false });
	};
}

/** The error `promise` rejects with; fails the test when it resolves. */
export async function failureOf(promise: Promise<unknown>): Promise<Error> {
	try {
		await promise;
	} catch (error) {
		return error as Error;
	}
	throw new Error("expected a failure");
}

/** Points the provider runtime of this test process at an emulator (`env`: its keys and endpoint), retrying fast. */
export function useForProvider(env: Record<string, string>): void {
	Object.assign(process.env, env, {
		BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "1",
	});
}
