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
