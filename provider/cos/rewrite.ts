/**
 * Read-modify-write of a bucket's replication document that does not trust the lock alone.
 *
 * PUT Bucket replication replaces the whole document and COS has no conditional write (doc 19223), so
 * another stack or tool writing the same bucket between our GET and our PUT loses one of the two
 * writes. The per-bucket lock (bucketLock.ts) serializes writers inside this process only. So every
 * write is read back after a short, jittered settle time (long enough for a writer that read before our
 * PUT to land its own PUT); when this resource's rule is missing or changed (or still there after a
 * delete), the whole read-modify-write runs again after a jittered backoff. A writer whose rule was
 * overwritten by us finds that on its own read-back and redoes its write, which keeps ours.
 */
import { deepEqual } from "../core/diff";
import { ConflictError } from "../core/errors";
import { sleep } from "../core/retry";
import { numberSetting } from "../core/settings";
import { BucketApi } from "./api";
import { withBucketLock } from "./bucketLock";
import { type Configuration, ruleIdList } from "./schema";

/** What one resource wants of the document. */
export interface DocumentChange {
	/**
	 * The document to write given the current one: `undefined` deletes the document, `"unchanged"`
	 * writes nothing (the current document already holds this resource's intent). May throw a
	 * ConflictError when the change cannot be made.
	 */
	next(
		current: Configuration | undefined,
	): Configuration | undefined | "unchanged";
	/** Whether a document read back still holds this resource's intent. */
	holds(after: Configuration | undefined): boolean;
	/** What this resource's intent is, for the error when it cannot be kept ("rule \"a\" present"). */
	intent: string;
}

/** Attempts of the whole read-modify-write before failing. @default 5 (`bucket-replication:cosWriteAttempts`) */
function attempts(): number {
	return Math.max(
		1,
		numberSetting(
			"bucket-replication:cosWriteAttempts",
			"BUCKET_REPLICATION_COS_WRITE_ATTEMPTS",
			5,
		),
	);
}

/**
 * Milliseconds to wait after a write before reading it back; the wait is drawn between this and 1.1
 * times this. @default 300 (`bucket-replication:cosSettleMs`)
 */
function settleMs(): number {
	return numberSetting(
		"bucket-replication:cosSettleMs",
		"BUCKET_REPLICATION_COS_SETTLE_MS",
		300,
	);
}

/** What one read-modify-write did for one change; `readBack` is shared by the writers it covers. */
type Outcome =
	| { written: false }
	| { written: true; readBack: Promise<Configuration | undefined> };

interface Waiting {
	api: BucketApi;
	change: DocumentChange;
	resolve(outcome: Outcome): void;
	reject(error: unknown): void;
}

/** A GET of the document sent no earlier than `notBefore` (ms, `performance.now()`). */
interface ReadBack {
	notBefore: number;
	/** Until when later writes may move `notBefore` and share this read-back. */
	shareUntil: number;
	sent: boolean;
	document: Promise<Configuration | undefined>;
}

/** This process's writes of one bucket's document. */
interface BucketWrites {
	/** Changes waiting for the next read-modify-write. */
	waiting: Waiting[];
	/** The document this process last wrote, and when that request was sent. */
	written?: { document: Configuration | undefined; at: number };
	/** A PUT or DELETE is in flight. */
	writing: boolean;
	/** The next read-back, shared by every write it comes a settle time after. */
	readBack?: ReadBack;
	/** Changes written and not yet confirmed by their read-back. */
	unverified: Set<DocumentChange>;
}

const buckets = new Map<string, BucketWrites>();

function writesOf(bucket: string): BucketWrites {
	let writes = buckets.get(bucket);
	if (!writes) {
		writes = { waiting: [], writing: false, unverified: new Set() };
		buckets.set(bucket, writes);
	}
	return writes;
}

/**
 * The document this process has just written, when it may stand in for a GET: while writes of the
 * bucket await their read-back, for a third of the settle time. A batch written on top of it overwrites
 * what another writer PUT since, just as it would what they PUT between a GET and our PUT; that writer's
 * read-back finds its rule missing and redoes its write, as long as our PUT lands within its settle
 * time. A GET and a PUT take two round trips; a third of the settle time and a PUT keep that margin.
 */
function justWritten(
	writes: BucketWrites,
): { document: Configuration | undefined } | undefined {
	const { written } = writes;
	return written &&
		writes.unverified.size > 0 &&
		performance.now() - written.at <= settleMs() / 3
		? written
		: undefined;
}

/**
 * Applies `change` to the bucket's document and verifies it stays applied.
 *
 * Changes of one bucket that wait for the lock together are written together (issue: coalesce COS
 * writes): one GET, each change applied in turn (a change that cannot be made fails alone), one PUT,
 * one read-back after the settle time. Each change then checks its own intent, and only those whose
 * intent was lost run again.
 */
export async function rewriteDocument(
	api: BucketApi,
	change: DocumentChange,
): Promise<void> {
	const budget = attempts();
	let after: Configuration | undefined;
	for (let attempt = 1; ; attempt++) {
		const outcome = await applyTogether(api, change);
		if (!outcome.written) return;
		after = await outcome.readBack;
		if (change.holds(after)) return;
		if (attempt >= budget) break;
		await sleep(Math.random() * settleMs() * 2 ** attempt);
	}
	throw new ConflictError(
		api.context,
		`another writer keeps replacing the bucket's replication document: after ${budget} attempts, the document read back (rules ${after ? ruleIdList(after.rules) : "none"}) does not hold ${change.intent}. COS has no conditional write, so two writers of one bucket overwrite each other`,
		"Manage this bucket's rules from one stack only (another stack, a second `pulumi up` at the same time, or a tool outside Pulumi is writing it), then run `pulumi refresh` and `pulumi up`",
	);
}

/** Queues `change` for its bucket; whichever caller takes the lock first writes every queued change. */
function applyTogether(
	api: BucketApi,
	change: DocumentChange,
): Promise<Outcome> {
	return new Promise<Outcome>((resolve, reject) => {
		writesOf(api.bucket).waiting.push({ api, change, resolve, reject });
		// Errors reach each caller through its own `reject`.
		withBucketLock(api.bucket, () => writeQueued(api)).catch(() => undefined);
	});
}

/** The document after each change of `batch` in turn; changes that cannot be made are left out. */
function plan(batch: Waiting[], current: Configuration | undefined) {
	let document = current;
	const writers: Waiting[] = [];
	const unchanged: Waiting[] = [];
	const failed: { w: Waiting; error: unknown }[] = [];
	for (const w of batch) {
		try {
			const next = w.change.next(document);
			if (next === "unchanged") unchanged.push(w);
			else {
				document = next;
				writers.push(w);
			}
		} catch (error) {
			failed.push({ w, error });
		}
	}
	return { document, writers, unchanged, failed };
}

/**
 * Writes every queued change of the bucket in one PUT (or DELETE) on top of the document this process
 * has just written (`justWritten`), else of the pending read-back, else of a GET.
 *
 * A burst of changes of one bucket (the engine's slots filling with one bucket's rules) thus costs about
 * one PUT per batch and one read-back per quarter of the settle time, and no change waits for an earlier
 * one's settle time (issue 13: "one read and one write of the document serve them all where that is
 * safe"). What was just written serves only as the base of a write: a change found already made, or refused,
 * is decided on the pending read-back or a GET; and a batch that would undo a change still waiting for
 * its read-back (the same rule removed and added) waits for that read-back, so each change is checked
 * against a document meant to hold it.
 */
async function writeQueued(api: BucketApi): Promise<void> {
	const writes = writesOf(api.bucket);
	for (let mayUseWritten = true; ; mayUseWritten = false) {
		const base = mayUseWritten ? justWritten(writes) : undefined;
		// A failed read-back leaves this batch to read for itself.
		const settled = base
			? undefined
			: await writes.readBack?.document.then(
					(document) => ({ document }),
					() => undefined,
				);
		const batch = writes.waiting;
		if (batch.length === 0) return;
		// Errors name the rule when the batch is one change, else the bucket.
		const bucketApi =
			batch.length === 1
				? batch[0].api
				: new BucketApi(api.bucket, api.region, {
						cloud: "cos",
						bucket: api.bucket,
					});
		let current: Configuration | undefined;
		try {
			const known = base ?? settled;
			current = known ? known.document : await bucketApi.getReplication();
		} catch (error) {
			writes.waiting = [];
			for (const w of batch) w.reject(error);
			return;
		}
		const { document, writers, unchanged, failed } = plan(batch, current);
		const write =
			writers.length > 0 &&
			!(document !== undefined && current && deepEqual(current, document));
		if (
			base &&
			(!write ||
				unchanged.length > 0 ||
				failed.length > 0 ||
				[...writes.unverified].some((change) => !change.holds(document)))
		)
			continue;
		writes.waiting = [];
		for (const { w, error } of failed) w.reject(error);
		for (const w of unchanged) w.resolve({ written: false });
		if (!write) {
			for (const w of writers) w.resolve({ written: false });
			return;
		}
		const at = performance.now();
		writes.writing = true;
		try {
			if (document === undefined) await bucketApi.deleteReplication();
			else await bucketApi.putReplication(document);
		} catch (error) {
			// The write may or may not have landed.
			writes.written = undefined;
			for (const w of writers) w.reject(error);
			return;
		} finally {
			writes.writing = false;
		}
		writes.written = { document, at };
		const changes = writers.map((w) => w.change);
		for (const change of changes) writes.unverified.add(change);
		// The settle time's minimum is the guard: another writer's GET-to-PUT takes about one round trip,
		// and 300 ms covers one across continents. Retries after a lost write back off with their own
		// jitter, so this wait needs only a little (bench/README.md).
		const settle = settleMs();
		const readBack = askReadBack(
			writes,
			bucketApi,
			performance.now() + settle + Math.random() * settle * 0.1,
		);
		readBack
			.finally(() => {
				for (const change of changes) writes.unverified.delete(change);
				forgetIdle(api.bucket, writes);
			})
			.catch(() => undefined);
		for (const w of writers) w.resolve({ written: true, readBack });
		return;
	}
}

/**
 * A read-back sent no earlier than `notBefore`. Writes made within a quarter of the settle time after
 * the one that asked for the bucket's pending read-back move it later and share it: a burst is read back
 * once, no write is read back before its settle time, and none waits much longer than it.
 */
function askReadBack(
	writes: BucketWrites,
	api: BucketApi,
	notBefore: number,
): Promise<Configuration | undefined> {
	const pending = writes.readBack;
	if (pending && !pending.sent && performance.now() <= pending.shareUntil) {
		pending.notBefore = Math.max(pending.notBefore, notBefore);
		return pending.document;
	}
	const readBack: ReadBack = {
		notBefore,
		shareUntil: performance.now() + settleMs() / 4,
		sent: false,
		document: Promise.resolve(undefined),
	};
	readBack.document = (async () => {
		for (let wait = notBefore - performance.now(); wait > 0; ) {
			await sleep(wait);
			wait = readBack.notBefore - performance.now();
		}
		readBack.sent = true;
		return api.getReplication();
	})();
	writes.readBack = readBack;
	readBack.document
		.finally(() => {
			if (writes.readBack === readBack) writes.readBack = undefined;
		})
		.catch(() => undefined);
	return readBack.document;
}

/** Drops a bucket's entry once no change waits, is being written or awaits its read-back. */
function forgetIdle(bucket: string, writes: BucketWrites): void {
	if (
		writes.waiting.length === 0 &&
		!writes.writing &&
		writes.readBack === undefined &&
		writes.unverified.size === 0 &&
		buckets.get(bucket) === writes
	)
		buckets.delete(bucket);
}
