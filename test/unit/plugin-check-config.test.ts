import { describe, expect, it } from "vitest";
import { checkConfig } from "../../plugin/checkConfig";
import { UNKNOWN } from "../../provider/core/diff";

describe("plugin CheckConfig: a misspelt key or a non-number is refused, not ignored", () => {
	it.each([
		[{ cosEndpoint: "http://127.0.0.1:9000", version: "0.1.0" }, []],
		[{ __internal: {}, pluginDownloadURL: "https://example.com" }, []],
		[{ maxRetries: "0", requestTimeoutMs: 700, bosListReuseMs: " 10 " }, []],
		[{ maxRetries: UNKNOWN, cosSettleMs: "" }, []],
		[
			{ cosEndpiont: "http://127.0.0.1:9000" },
			[
				[
					"",
					/^bucket-replication:cosEndpiont is not a setting of the bucket-replication provider; did you mean "cosEndpoint"\? \(known: cosSecretId, /,
				],
			],
		],
		[
			{ maxRetries: "lots" },
			[
				[
					"maxRetries",
					/^bucket-replication:maxRetries must be a whole number from 0 to 2147483647$/,
				],
			],
		],
		[{ retryBaseDelayMs: -1 }, [["retryBaseDelayMs", /whole number/]]],
		[{ cosWriteAttempts: 2.5 }, [["cosWriteAttempts", /whole number/]]],
		// Node.js timers fire a larger delay after 1 ms: every request would time out at once.
		[{ requestTimeoutMs: "2147483647", cosSettleMs: 2147483647 }, []],
		[
			{ requestTimeoutMs: "3000000000" },
			[["requestTimeoutMs", /whole number/]],
		],
		[{ retryBaseDelayMs: 1e21 }, [["retryBaseDelayMs", /whole number/]]],
	] as const)("%j", (news, expected) => {
		const failures = checkConfig({ ...news });
		expect(failures.map((f) => f.property)).toEqual(
			expected.map(([property]) => property),
		);
		failures.forEach((f, i) => {
			expect(f.reason).toMatch(expected[i][1]);
		});
	});
});
