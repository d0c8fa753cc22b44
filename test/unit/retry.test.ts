import { afterEach, describe, expect, it, vi } from "vitest";
import {
	isNetworkCode,
	isRetryableStatus,
	withRetry,
} from "../../provider/core/retry";

/**
 * README "Why": "retries back off with jitter". The waits are read from the real `setTimeout` calls
 * (spied, not replaced), so nothing here depends on how long they took.
 */

describe("isRetryableStatus", () => {
	it.each([
		[429, true],
		[500, true],
		[501, false],
		[502, true],
		[503, true],
		[400, false],
		[403, false],
		[404, false],
		[409, false],
		[undefined, false],
	])("%s -> %s", (status, retryable) => {
		expect(isRetryableStatus(status)).toBe(retryable);
	});
});

describe("isNetworkCode", () => {
	it.each([
		["ECONNRESET", true],
		["ETIMEDOUT", true],
		["ResponseTimeoutError", true],
		["AccessDenied", false],
		[undefined, false],
	])("%s -> %s", (code, network) => {
		expect(isNetworkCode(code)).toBe(network);
	});
});

describe("withRetry", () => {
	afterEach(() => {
		vi.restoreAllMocks();
	});

	/** Runs a call that always fails and returns the waits between its attempts. */
	async function waitsOf(
		retryable: boolean,
		options = { maxRetries: 5, baseDelayMs: 2, maxDelayMs: 8 },
	) {
		const timeout = vi.spyOn(globalThis, "setTimeout");
		let attempts = 0;
		const failure = new Error("throttled");
		await expect(
			withRetry(
				async () => {
					attempts++;
					throw failure;
				},
				() => retryable,
				options,
			),
		).rejects.toBe(failure);
		const waits = timeout.mock.calls.map((call) => Number(call[1]));
		timeout.mockRestore();
		return { attempts, waits };
	}

	it("a failure that is not retryable is thrown at once", async () => {
		expect(await waitsOf(false)).toEqual({ attempts: 1, waits: [] });
	});

	it("retries maxRetries times under a doubling ceiling capped at maxDelayMs, then throws the last error", async () => {
		const { attempts, waits } = await waitsOf(true);
		expect(attempts).toBe(6);
		const ceilings = [2, 4, 8, 8, 8];
		expect(waits).toHaveLength(ceilings.length);
		waits.forEach((wait, i) => {
			expect(wait).toBeGreaterThanOrEqual(0);
			expect(wait).toBeLessThanOrEqual(ceilings[i]);
		});
	});

	it("the waits are jittered: a random point under the ceiling, not the ceiling itself", async () => {
		const options = { maxRetries: 10, baseDelayMs: 50, maxDelayMs: 50 };
		const { waits } = await waitsOf(true, options);
		expect(waits).toHaveLength(10);
		// 10 waits drawn uniformly under 50 ms: all equal, or all at the ceiling, would not be jitter.
		expect(new Set(waits).size).toBeGreaterThan(1);
		expect(waits.some((wait) => wait < 50)).toBe(true);
	});
});
