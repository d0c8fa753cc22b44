/**
 * One full GC when our calls have grown V8's old space by a bound: the dynamic provider host runs
 * none after its start (issue 13).
 *
 * Loading an SDK, and every request in flight (the SDK's request, parser and promises, the engine's
 * message, held for a round trip or a COS settle time), leaves objects that outlive two
 * young-generation GCs: they move to the old space, and stay there until the next mark-compact,
 * which V8 did not run in a create of 300 or 1,000 rules. A mark-compact (a 20-40 ms pause with the
 * three SDKs loaded) frees them and the memory they hold outside the heap: the host's peak in a
 * create of 300 rules fell by about 4 MiB (one GC), of 1,000 by 15 MiB (three or four), with no
 * host CPU difference the A/B could see (bench/README.md "Provider memory").
 *
 * It is asked for only as one of our cloud calls starts, so a run that sends none (`preview`, a
 * no-op `up`) never asks, and V8 runs it from a task of its own (`execution: "async"`), after the
 * current one. Another dynamic provider in the same host only sees its garbage collected sooner.
 */
import * as v8 from "node:v8";
import * as vm from "node:vm";
import { numberSetting } from "./settings";

/**
 * Growth of the old space since the last mark-compact, in MiB, that asks for one; 0 never asks.
 * @default 12 (`bucket-replication:gcGrowthMiB` / `BUCKET_REPLICATION_GC_GROWTH_MIB`)
 */
export function gcGrowthMiB(): number {
	return numberSetting(
		"bucket-replication:gcGrowthMiB",
		"BUCKET_REPLICATION_GC_GROWTH_MIB",
		12,
	);
}

type Collect = (options: {
	type: "major";
	execution: "async";
}) => Promise<void>;

/**
 * V8's `gc` function (gc-extension.cc takes `{type, execution}`), from a context of its own: the flag
 * is on only while that context is made, so neither the host's global scope nor any later context
 * gets a `gc`.
 */
function collector(): Collect | undefined {
	try {
		v8.setFlagsFromString("--expose-gc");
		return vm.runInNewContext("gc") as Collect;
	} catch {
		return undefined; // a Node.js that refuses the flag: no collection, nothing else changes
	} finally {
		v8.setFlagsFromString("--no-expose-gc");
	}
}

let collect: Collect | undefined | null;
/** Old space used when last measured after a mark-compact (ours, or one of V8's that shrank it). */
let base: number | undefined;
let collecting = false;

function oldSpaceUsed(): number {
	for (const space of v8.getHeapSpaceStatistics())
		if (space.space_name === "old_space") return space.space_used_size;
	return 0;
}

/**
 * Called as a cloud call starts. Asks for one full GC when the old space has grown by
 * `gcGrowthMiB` since the last one, and none while one is under way. Returns whether it asked.
 */
export function collectOldSpace(): boolean {
	const growth = gcGrowthMiB() * 1_048_576;
	if (collecting || growth === 0) return false;
	const used = oldSpaceUsed();
	if (base === undefined || used < base) base = used;
	if (used - base < growth) return false;
	if (collect === undefined) collect = collector() ?? null;
	if (collect === null) return false;
	collecting = true;
	collect({ type: "major", execution: "async" })
		.catch(() => undefined)
		.finally(() => {
			base = oldSpaceUsed();
			collecting = false;
		});
	return true;
}
