import { largestNumberSetting, numberSetting } from "./settings";

export interface RetryOptions {
	/** Retries after the first attempt. @default 4 (`bucket-replication:maxRetries`) */
	maxRetries: number;
	/** First backoff ceiling in milliseconds, doubled each retry. @default 250 (`bucket-replication:retryBaseDelayMs`) */
	baseDelayMs: number;
	/** Largest backoff ceiling. @default 10000 */
	maxDelayMs: number;
}

export function retryOptions(): RetryOptions {
	return {
		maxRetries: numberSetting(
			"bucket-replication:maxRetries",
			"BUCKET_REPLICATION_MAX_RETRIES",
			4,
		),
		baseDelayMs: numberSetting(
			"bucket-replication:retryBaseDelayMs",
			"BUCKET_REPLICATION_RETRY_BASE_DELAY_MS",
			250,
		),
		maxDelayMs: 10_000,
	};
}

/** Waits `ms`, at most the longest delay Node.js timers take (a longer one would fire after 1 ms). */
export const sleep = (ms: number) =>
	new Promise<void>((resolve) =>
		setTimeout(resolve, Math.min(ms, largestNumberSetting)),
	);

/**
 * Runs `attempt` until it succeeds, `isRetryable` says no, or retries run out. Backoff is exponential
 * with full jitter (a random wait up to the ceiling), so parallel resources do not retry in step.
 */
export async function withRetry<T>(
	attempt: () => Promise<T>,
	isRetryable: (error: unknown) => boolean,
	options: RetryOptions = retryOptions(),
): Promise<T> {
	for (let retry = 0; ; retry++) {
		try {
			return await attempt();
		} catch (error) {
			if (retry >= options.maxRetries || !isRetryable(error)) throw error;
			const ceiling = Math.min(
				options.maxDelayMs,
				options.baseDelayMs * 2 ** retry,
			);
			await sleep(Math.random() * ceiling);
		}
	}
}

/** HTTP statuses worth retrying on every cloud: throttling and server errors. */
export function isRetryableStatus(status: number | undefined): boolean {
	return (
		status === 429 ||
		status === 503 ||
		(status !== undefined && status >= 500 && status !== 501)
	);
}

/** Network failures worth retrying (no response at all). */
export function isNetworkCode(code: string | undefined): boolean {
	return (
		code !== undefined &&
		[
			"ECONNRESET",
			"ECONNREFUSED",
			"ETIMEDOUT",
			"EPIPE",
			"ESOCKETTIMEDOUT",
			"EAI_AGAIN",
			"ResponseTimeoutError",
			"ConnectionTimeoutError",
			"RequestError",
		].includes(code)
	);
}
