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

/** What one read-modify-write did for one change; `readBack` is shared by the batch's writers. */
type Outcome =
	| { written: false }
	| { written: true; readBack: Promise<Configuration | undefined> };

interface Waiting {
	api: BucketApi;
	change: DocumentChange;
	resolve(outcome: Outcome): void;
	reject(error: unknown): void;
}

/** Changes waiting for the next read-modify-write of their bucket's document. */
const waiting = new Map<string, Waiting[]>();

/**
 * The read-back of each bucket's last write while it is still settling. The next batch of that bucket
 * waits for it and uses it as its GET: it is a read made after our last PUT, as fresh as a new one
 * when it lands, and every change that arrives during the settle time joins that batch. So a burst of
 * creates on one bucket costs about one PUT and one GET per settle time instead of a GET, a PUT and a
 * read-back each (issue 13: "close to the API's minimum").
 */
const settling = new Map<string, Promise<Configuration | undefined>>();

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
		const queue = waiting.get(api.bucket) ?? [];
		queue.push({ api, change, resolve, reject });
		waiting.set(api.bucket, queue);
		// Errors reach each caller through its own `reject`.
		withBucketLock(api.bucket, () => writeQueued(api)).catch(() => undefined);
	});
}

async function writeQueued(api: BucketApi): Promise<void> {
	// A failed read-back leaves this batch to read for itself.
	const settled = await settling.get(api.bucket)?.then(
		(document) => ({ document }),
		() => undefined,
	);
	const batch = waiting.get(api.bucket) ?? [];
	waiting.delete(api.bucket);
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
		current = settled ? settled.document : await bucketApi.getReplication();
	} catch (error) {
		for (const w of batch) w.reject(error);
		return;
	}
	let document = current;
	const writers: Waiting[] = [];
	for (const w of batch) {
		try {
			const next = w.change.next(document);
			if (next === "unchanged") w.resolve({ written: false });
			else {
				document = next;
				writers.push(w);
			}
		} catch (error) {
			w.reject(error);
		}
	}
	if (writers.length === 0) return;
	if (document !== undefined && current && deepEqual(current, document)) {
		for (const w of writers) w.resolve({ written: false });
		return;
	}
	try {
		if (document === undefined) await bucketApi.deleteReplication();
		else await bucketApi.putReplication(document);
	} catch (error) {
		for (const w of writers) w.reject(error);
		return;
	}
	// The settle time's minimum is the guard: another writer's GET-to-PUT takes about one round trip, and
	// 300 ms covers one across continents. Retries after a lost write back off with their own jitter, so
	// this wait needs only a little: up to twice the settle time held every create's engine slot 0.15 s
	// longer on average (create of 300 on 8 slots: 1.9-2.2x -> 1.7x the floor's wall time; bench/README.md).
	const settle = settleMs();
	const readBack = sleep(settle + Math.random() * settle * 0.1).then(() =>
		bucketApi.getReplication(),
	);
	// Each writer awaits it; a rejection is handled there.
	readBack.catch(() => undefined);
	settling.set(api.bucket, readBack);
	readBack
		.finally(() => {
			if (settling.get(api.bucket) === readBack) settling.delete(api.bucket);
		})
		.catch(() => undefined);
	for (const w of writers) w.resolve({ written: true, readBack });
}
