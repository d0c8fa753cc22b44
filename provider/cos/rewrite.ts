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
import type { BucketApi } from "./api";
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
 * Milliseconds to wait after a write before reading it back; the wait is drawn between this and twice
 * this. @default 300 (`bucket-replication:cosSettleMs`)
 */
function settleMs(): number {
	return numberSetting(
		"bucket-replication:cosSettleMs",
		"BUCKET_REPLICATION_COS_SETTLE_MS",
		300,
	);
}

/**
 * Applies `change` to the bucket's document and verifies it stays applied. Returns the document as
 * read back last (or as read, when nothing had to be written).
 */
export async function rewriteDocument(
	api: BucketApi,
	change: DocumentChange,
): Promise<Configuration | undefined> {
	const budget = attempts();
	let after: Configuration | undefined;
	for (let attempt = 1; ; attempt++) {
		const written = await withBucketLock(api.bucket, async () => {
			const current = await api.getReplication();
			const next = change.next(current);
			if (next === "unchanged") return false;
			if (next === undefined) await api.deleteReplication();
			else if (!current || !deepEqual(current, next))
				await api.putReplication(next);
			return true;
		});
		if (!written) return after;
		const settle = settleMs();
		await sleep(settle + Math.random() * settle);
		after = await api.getReplication();
		if (change.holds(after)) return after;
		if (attempt >= budget) break;
		await sleep(Math.random() * settle * 2 ** attempt);
	}
	throw new ConflictError(
		api.context,
		`another writer keeps replacing the bucket's replication document: after ${budget} attempts, the document read back (rules ${after ? ruleIdList(after.rules) : "none"}) does not hold ${change.intent}. COS has no conditional write, so two writers of one bucket overwrite each other`,
		"Manage this bucket's rules from one stack only (another stack, a second `pulumi up` at the same time, or a tool outside Pulumi is writing it), then run `pulumi refresh` and `pulumi up`",
	);
}
