/**
 * OSS deletes rules asynchronously: a deleted rule stays `closing` until OSS has cleaned up, and until
 * it is gone a new rule to the same destination is refused (reference §2.5, §2.7). The Terraform
 * provider discards the result of this wait and reports success on timeout (mission-anchors.md #19c);
 * we fail instead, saying what is still closing.
 */
import { WaitTimeoutError } from "../core/errors";
import { sleep } from "../core/retry";
import { type BucketApi, failedWith } from "./api";
import type { LiveRule } from "./wire";

/** First poll 500 ms after the delete, then doubling up to 5 s between polls: a replace ends at most 5 s after OSS finishes closing. */
export const firstPollMs = 500;
export const maxPollMs = 5_000;

/**
 * Polls GetBucketReplication until no rule matches `matches` (closing or not), for up to
 * `timeoutSeconds`. `what` describes the awaited rule in the timeout message.
 */
export async function waitUntilGone(
	source: BucketApi,
	matches: (rule: LiveRule) => boolean,
	timeoutSeconds: number,
	what: string,
): Promise<void> {
	const started = Date.now();
	const deadline = started + timeoutSeconds * 1000;
	let pause = firstPollMs;
	for (;;) {
		// The caller has just seen the rule closing (or asked for it): polling at once would be wasted.
		await sleep(Math.max(0, Math.min(pause, deadline - Date.now())));
		pause = Math.min(pause * 2, maxPollMs);
		const left = (await rulesOrNone(source)).filter(matches);
		if (left.length === 0) return;
		const now = Date.now();
		if (now >= deadline) {
			const states = left
				.map((r) => `"${r.config.ruleId}" ${r.status}`)
				.join(", ");
			throw new WaitTimeoutError(
				source.context,
				`${what} is still there after ${Math.round((now - started) / 1000)} s (${states}); OSS refuses a new rule to destination "${left[0].config.destination.bucket}" until it is gone`,
				"OSS finishes closing on its own: run `pulumi up` again later (the delete is retried and waits again), or raise deleteTimeoutSeconds",
			);
		}
	}
}

/** A bucket deleted meanwhile has no rule left. */
async function rulesOrNone(source: BucketApi): Promise<LiveRule[]> {
	try {
		return await source.getRules();
	} catch (error) {
		if (failedWith(error, "NoSuchBucket")) return [];
		throw error;
	}
}
