/**
 * Rule writes of one BOS bucket, batched: the creates and updates that wait for the bucket's lock
 * together share one LIST before their PUTs and one LIST after them.
 *
 * Each rule is still decided and written one after the other, against the rules on BOS plus the writes
 * made before it in the batch, exactly as if each had run LIST, checks and PUT alone: BOS refuses two
 * rules identical but for their id and allows 10 per bucket (api-reference.md §3.5), so each decision
 * must see the rules written before it. The LIST read after the batch's PUTs is every writer's
 * read-back (`createTime`, `destRegion`: ListBucketReplication returns the same objects as
 * GetBucketReplication, §3.5), and the next batch of the bucket starts from it instead of listing
 * again when it was already waiting or comes within `reuseMs`, and no read or delete of the bucket's
 * rules ran since. A stack's creates on one bucket so cost a PUT, a LIST and a GET progress each, plus
 * one LIST, instead of a LIST, a PUT, a GET and a GET progress each: fewer requests, and less of the
 * SDK's per-request garbage left in the provider host's old space (issue 13,
 * bench/README.md "Provider memory").
 */
import type { BosReplicationRule } from "@baiducloud/sdk";
import { withLock } from "../core/lock";
import { numberSetting } from "../core/settings";
import { listRules, putRule, type Target } from "./api";

/** What one create or update wants of its bucket. */
export interface RuleWrite {
	/** The client and error context of this rule. */
	t: Target;
	ruleId: string;
	/**
	 * The rule to PUT given the bucket's rules (those on BOS and those written before it in the batch),
	 * or "unchanged" to write nothing. Throws (a ConflictError, a PreconditionError) to refuse the rule
	 * with no write.
	 */
	decide(
		rules: readonly BosReplicationRule[],
	):
		| BosReplicationRule
		| "unchanged" /** Whether a rule read from BOS is this write already made (when a PUT's answer was lost). */;
	holds(rule: BosReplicationRule): boolean;
}

/**
 * What the batch did for one rule. Not written: the rule as listed before (undefined when absent).
 * Written: the batch's read-back, which rejects when that LIST failed (after the write: a partial
 * failure for the caller), and resolves to undefined when the rule is gone from it.
 */
export type WriteOutcome =
	| { written: false; listed: BosReplicationRule | undefined }
	| { written: true; readBack: Promise<BosReplicationRule | undefined> };

interface Waiting {
	write: RuleWrite;
	resolve(outcome: WriteOutcome): void;
	reject(error: unknown): void;
}

/** Writes waiting for the next batch of their bucket. */
const waiting = new Map<string, Waiting[]>();

/**
 * The last LIST of each bucket made by a batch (its read-back, or its LIST when it wrote nothing): when
 * it was answered, the bucket's `outside` count when it was sent, and whether a write was already queued
 * behind that batch.
 */
interface LastList {
	rules: Promise<BosReplicationRule[]>;
	outside: number;
	answeredAt?: number;
	queued: boolean;
}
const lastList = new Map<string, LastList>();

/**
 * Requests on each bucket's rules made outside the batches (a read, a delete), counted as they start and
 * as they end. A LIST that overlaps one may not show what it saw or did (a replacement deletes a rule
 * and creates it again; `up --refresh` reads drift, then updates), so it is not reused.
 */
const outside = new Map<string, number>();
const outsideNow = (bucket: string) => outside.get(bucket) ?? 0;

/**
 * Runs a read or a delete of one of `bucket`'s rules, so that no batch reuses a LIST from before it
 * ended.
 */
export async function outsideBatch<T>(
	bucket: string,
	fn: () => Promise<T>,
): Promise<T> {
	const bump = () => outside.set(bucket, outsideNow(bucket) + 1);
	bump();
	try {
		return await fn();
	} finally {
		bump();
	}
}

/**
 * How long after its answer a batch's LIST still serves the next batch of the bucket, in milliseconds.
 * The engine starts the creates of a bucket a few at a time (`--parallel`), so the next one often
 * arrives just after the previous batch ended. BOS has no conditional write (api-reference.md §3.5), so
 * a LIST is never a guarantee: a rule written by another stack or tool after it and before our PUT is
 * overwritten whether that LIST is 50 ms or 1 s old; this window only widens that race, which docs/bos.md
 * tells users to avoid (one stack per bucket). 0 lists again for every batch that was not already
 * queued. @default 1000 (`bucket-replication:bosListReuseMs`)
 */
function reuseMs(): number {
	return numberSetting(
		"bucket-replication:bosListReuseMs",
		"BUCKET_REPLICATION_BOS_LIST_REUSE_MS",
		1000,
	);
}

/** Queues `write` for its bucket; whichever caller takes the lock first writes every queued write. */
export function writeRule(write: RuleWrite): Promise<WriteOutcome> {
	const bucket = write.t.context.bucket;
	return new Promise<WriteOutcome>((resolve, reject) => {
		const queue = waiting.get(bucket) ?? [];
		queue.push({ write, resolve, reject });
		waiting.set(bucket, queue);
		// Errors reach each caller through its own `reject`.
		withLock(`bos/${bucket}`, () => writeQueued(bucket)).catch(() => undefined);
	});
}

/** The bucket's rules and when they were listed: the last batch's LIST when it may be reused, else a new LIST. */
async function rulesNow(
	bucket: string,
	t: Target,
): Promise<{ rules: BosReplicationRule[]; answeredAt: number }> {
	const last = lastList.get(bucket);
	lastList.delete(bucket);
	const fresh = () =>
		last !== undefined &&
		last.outside === outsideNow(bucket) &&
		(last.queued ||
			(last.answeredAt !== undefined &&
				Date.now() - last.answeredAt < reuseMs()));
	if (fresh()) {
		const rules = await last?.rules.catch(() => undefined);
		if (rules && last?.answeredAt !== undefined && fresh())
			return { rules, answeredAt: last.answeredAt };
	}
	const rules = await listRules(t);
	return { rules, answeredAt: Date.now() };
}

/** Keeps `rules` (a LIST sent when the `outside` count was `sent`) for the next batch of `bucket`. */
function keep(
	bucket: string,
	rules: Promise<BosReplicationRule[]>,
	sent: number,
	answeredAt?: number,
): LastList {
	const entry: LastList = { rules, outside: sent, answeredAt, queued: false };
	lastList.set(bucket, entry);
	rules.then(
		() => {
			entry.answeredAt ??= Date.now();
		},
		() => {
			if (lastList.get(bucket) === entry) lastList.delete(bucket);
		},
	);
	return entry;
}

async function writeQueued(bucket: string): Promise<void> {
	const batch = waiting.get(bucket) ?? [];
	waiting.delete(bucket);
	if (batch.length === 0) return;
	// Errors name the rule when the batch is one write, else the bucket.
	const first = batch[0].write.t;
	const t: Target =
		batch.length === 1
			? first
			: { client: first.client, context: { cloud: "bos", bucket } };
	const sent = outsideNow(bucket);
	let rules: BosReplicationRule[];
	let listedAt: number;
	try {
		const now = await rulesNow(bucket, t);
		rules = [...now.rules];
		listedAt = now.answeredAt;
	} catch (error) {
		for (const w of batch) w.reject(error);
		return;
	}
	const writers: Waiting[] = [];
	let failedPut = false;
	for (const w of batch) {
		const { ruleId } = w.write;
		try {
			const next = w.write.decide(rules);
			if (next === "unchanged") {
				w.resolve({
					written: false,
					listed: rules.find((r) => r.id === ruleId),
				});
				continue;
			}
			try {
				await putRule(w.write.t, ruleId, next, w.write.holds);
			} catch (error) {
				// The PUT may have landed before its answer was lost: BOS's rules are unknown now.
				failedPut = true;
				throw error;
			}
			rules = [...rules.filter((r) => r.id !== ruleId), next];
			writers.push(w);
		} catch (error) {
			w.reject(error);
		}
	}
	if (writers.length === 0) {
		// Nothing written: what was listed is still what BOS has, for the next batch.
		if (!failedPut)
			keep(bucket, Promise.resolve(rules), sent, listedAt).queued =
				waiting.has(bucket);
		return;
	}
	const readBack = listRules(t);
	// Each writer awaits it; a rejection is handled there (and the next batch lists for itself).
	readBack.catch(() => undefined);
	const kept = keep(bucket, readBack, outsideNow(bucket));
	for (const w of writers) {
		const { ruleId } = w.write;
		w.resolve({
			written: true,
			readBack: readBack.then((all) => all.find((r) => r.id === ruleId)),
		});
	}
	// Hold the lock until the read-back is in, so that the next batch starts from it.
	await readBack.catch(() => undefined);
	kept.queued = waiting.has(bucket);
}
