import { describe, expect, it } from "vitest";
import {
	fastPhaseMs,
	fastPollMs,
	maxPollMs,
	nextPollMs,
} from "../../provider/oss/wait";

// The poll schedule of an OSS delete wait (a pure function of the time waited and a random draw).
describe("nextPollMs", () => {
	const table: Array<[string, number, number, number]> = [
		// name, elapsed ms, random draw, expected pause ms
		["first poll, lowest jitter", 0, 0, 150],
		["first poll, no jitter", 0, 0.5, 200],
		["first poll, highest jitter", 0, 1, 250],
		["young closing keeps polling fast", fastPhaseMs - 1, 0.5, fastPollMs],
		["slow closing: a tenth of the time waited", 40_000, 0.5, 4_000],
		["slow closing: capped", 600_000, 0.5, maxPollMs],
		["slow closing: capped, highest jitter", 600_000, 1, 6_250],
	];
	it.each(table)("%s", (_name, elapsed, draw, expected) => {
		expect(nextPollMs(elapsed, () => draw)).toBe(expected);
	});

	it("stays within ±25% of its base for any draw", () => {
		for (const elapsed of [0, 10_000, 31_000, 100_000]) {
			for (let i = 0; i < 100; i++) {
				const pause = nextPollMs(elapsed);
				expect(pause).toBeGreaterThanOrEqual(fastPollMs * 0.75);
				expect(pause).toBeLessThanOrEqual(maxPollMs * 1.25);
			}
		}
	});
});
