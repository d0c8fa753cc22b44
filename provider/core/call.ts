import {
	CloudApiError,
	type ErrorContext,
	NetworkError,
	ReplicationError,
} from "./errors";
import { withRetry } from "./retry";

/** What an SDK's rejection says, whatever its shape. `status` is absent when no answer came back. */
export interface SdkFailure {
	status?: number;
	code?: string;
	message?: string;
	requestId?: string;
}

/** How one cloud's SDK fails: which failures to retry, how to read them, and what to tell the user. */
export interface CallPolicy {
	isRetryable(error: unknown): boolean;
	describe(error: unknown): SdkFailure;
	fix(code: string | undefined): string | undefined;
}

/**
 * Runs one SDK call with our retries, and turns a final failure into `CloudApiError` (the service
 * answered) or `NetworkError` (it did not). The SDK's own error object never escapes: SDKs merge
 * server fields into it, and an `id` property would make the dynamic provider host report a partial
 * failure. Errors we raised ourselves pass through.
 */
export async function cloudCall<T>(
	context: ErrorContext,
	operation: string,
	call: () => Promise<T>,
	policy: CallPolicy,
): Promise<T> {
	try {
		return await withRetry(call, policy.isRetryable);
	} catch (error) {
		if (error instanceof ReplicationError) throw error;
		const { status, code, message, requestId } = policy.describe(error);
		if (status === undefined)
			throw new NetworkError(
				context,
				operation,
				code ?? message ?? "no answer",
			);
		throw new CloudApiError(
			context,
			operation,
			status,
			code,
			requestId,
			message,
			policy.fix(code),
		);
	}
}
