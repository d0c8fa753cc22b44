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
 * again, unless a delete on the bucket ran since. A burst of creates on one bucket so costs one PUT per
 * rule and about two LISTs per batch instead of a LIST, a PUT and a GET per rule: fewer requests, and
 * less of the SDK's per-request garbage left in the provider host's old space (issue 13,
 * bench/README.md "Provider memory").
 */
import type { BosReplicationRule } from "@baiducloud/sdk";
import { withLock } from "../core/lock";
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
	): BosReplicationRule | "unchanged";
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

/** The last batch's read-back of each bucket, with the bucket's delete count when it was sent. */
const lastList = new Map<
	string,
	{ deletes: number; rules: Promise<BosReplicationRule[]> }
>();

/**
 * Deletes of each bucket's rules started so far. A LIST sent before a delete ended may still show the
 * deleted rule (a replacement deletes a rule, then creates it again), so it is not reused.
 */
const deletes = new Map<string, number>();

/** Runs a delete of one of `bucket`'s rules, so that no batch reuses a LIST from before it ended. */
export async function whileDeleting<T>(
	bucket: string,
	fn: () => Promise<T>,
): Promise<T> {
	const bump = () => deletes.set(bucket, (deletes.get(bucket) ?? 0) + 1);
	bump();
	try {
		return await fn();
	} finally {
		bump();
	}
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

/** The bucket's rules: the last batch's read-back when no delete ran since it was sent, else a LIST. */
async function rulesNow(
	bucket: string,
	t: Target,
): Promise<BosReplicationRule[]> {
	const last = lastList.get(bucket);
	lastList.delete(bucket);
	if (last && last.deletes === (deletes.get(bucket) ?? 0)) {
		const rules = await last.rules.catch(() => undefined);
		if (rules && last.deletes === (deletes.get(bucket) ?? 0)) return rules;
	}
	return listRules(t);
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
	let rules: BosReplicationRule[];
	try {
		rules = [...(await rulesNow(bucket, t))];
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
				await putRule(w.write.t, ruleId, next);
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
		// Nothing written: what was listed is still what BOS has, for a batch queued behind this one.
		if (!failedPut && waiting.has(bucket))
			lastList.set(bucket, {
				deletes: deletes.get(bucket) ?? 0,
				rules: Promise.resolve(rules),
			});
		return;
	}
	const sent = deletes.get(bucket) ?? 0;
	const readBack = listRules(t);
	// Each writer awaits it; a rejection is handled there (and the next batch lists for itself).
	readBack.catch(() => undefined);
	lastList.set(bucket, { deletes: sent, rules: readBack });
	for (const w of writers) {
		const { ruleId } = w.write;
		w.resolve({
			written: true,
			readBack: readBack.then((all) => all.find((r) => r.id === ruleId)),
		});
	}
	// Hold the lock until the read-back is in, so that the next batch starts from it.
	await readBack.catch(() => undefined);
	// Reused only by writes queued while this batch ran: a later one lists again, as BOS may have
	// changed in between (another stack, a tool outside Pulumi).
	if (!waiting.has(bucket)) lastList.delete(bucket);
}
