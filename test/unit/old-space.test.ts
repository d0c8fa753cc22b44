import { constants, PerformanceObserver } from "node:perf_hooks";
import { setImmediate as turn } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { collectOldSpace } from "../../provider/core/oldSpace";

/**
 * provider/core/oldSpace.ts: one full GC once our calls have grown the old space by
 * `gcGrowthMiB`. What is asserted is whether it asks and that the mark-compact happens, never a
 * duration or an amount of memory.
 */

const setting = "BUCKET_REPLICATION_GC_GROWTH_MIB";

afterEach(() => {
	delete process.env[setting];
});

/** Resolves at the next mark-compact of this process. */
function nextMarkCompact(): Promise<void> {
	return new Promise((resolve) => {
		const observer = new PerformanceObserver((list) => {
			for (const entry of list.getEntries()) {
				const { detail } = entry as { detail?: { kind?: number } };
				if (detail?.kind !== constants.NODE_PERFORMANCE_GC_MAJOR) continue;
				observer.disconnect();
				resolve();
			}
		});
		observer.observe({ entryTypes: ["gc"] });
	});
}

/** Keeps objects alive across young-generation GCs until `collectOldSpace` asks. */
async function growUntilAsked(): Promise<unknown[]> {
	const kept: unknown[] = [];
	for (let round = 0; round < 2_000; round++) {
		for (let i = 0; i < 10_000; i++) kept.push({ i, text: `entry ${i}` });
		await turn();
		if (collectOldSpace()) return kept;
	}
	throw new Error("the old space never grew by the bound");
}

describe("collectOldSpace", () => {
	it("never asks when gcGrowthMiB is 0", async () => {
		process.env[setting] = "0";
		const kept: unknown[] = [];
		for (let round = 0; round < 20; round++) {
			for (let i = 0; i < 10_000; i++) kept.push({ i });
			await turn();
			expect(collectOldSpace()).toBe(false);
		}
		expect(kept).toHaveLength(200_000);
	});

	it("asks for one mark-compact once the old space has grown by the bound, none while it runs, and then measures from it", async () => {
		process.env[setting] = "1";
		collectOldSpace();
		const markCompact = nextMarkCompact();
		const kept = await growUntilAsked();
		expect(collectOldSpace()).toBe(false);
		await markCompact;
		// A turn for the collection's promise to settle: then the old space has not grown since.
		await turn();
		await turn();
		expect(collectOldSpace()).toBe(false);
		expect(kept.length).toBeGreaterThan(0);
	});

	it("leaves no gc function in the global scope", async () => {
		process.env[setting] = "1";
		await growUntilAsked();
		expect("gc" in globalThis).toBe(false);
	});
});
