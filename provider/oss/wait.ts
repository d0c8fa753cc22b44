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

/**
 * How long to wait before the next poll, `elapsedMs` after the delete. OSS does not document how long
 * `closing` lasts (reference §2.7, "timings are not documented"; the emulator takes 300 ms). So while
 * closing is young we poll every 150-250 ms, and a replace creates the new rule within about 0.3 s of
 * the old one's disappearance (issue 13). After `fastPhaseMs` closing is slow
 * (OSS is busy): the pause grows with the time already waited (a tenth of it, at most `maxPollMs`), so
 * a long wait costs few requests and ends at most 10% late. Every pause is jittered by ±25%, so the
 * parallel deletes of one `up` do not poll in step.
 */
export function nextPollMs(
	elapsedMs: number,
	random: () => number = Math.random,
): number {
	const base =
		elapsedMs < fastPhaseMs
			? fastPollMs
			: Math.min(maxPollMs, Math.max(fastPollMs, elapsedMs / 10));
	return Math.round(base * (0.75 + random() * 0.5));
}

export const fastPollMs = 200;
export const fastPhaseMs = 30_000;
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
	for (;;) {
		// The caller has just seen the rule closing (or asked for it): polling at once would be wasted.
		const pause = nextPollMs(Date.now() - started);
		await sleep(Math.max(0, Math.min(pause, deadline - Date.now())));
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
				"OSS finishes closing on its own: run the same command (`pulumi up` or `pulumi destroy`) again later (the delete is retried and waits again), or raise deleteTimeoutSeconds",
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
