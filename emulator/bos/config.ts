import type { StoredBucket } from "../core/store";
import type { ReplicationRule } from "./rule";

/** Progress of one rule's replication, as `GET ?replicationProgress` reports it. */
export interface RuleProgress {
	/** Bumped each time the rule (re)starts; history copies of an older run are dropped. */
	run: number;
	/** Keys the historical copy of this run found. */
	historyTotal: number;
	/** Keys the historical copy has still to copy (kept so a restarted emulator resumes it). */
	historyPending: string[];
	/** Epoch seconds of the latest replicated write; 0 before the first. */
	latestReplicationTime: number;
}

/** A copy (or replicated delete) of a client write, not yet done. */
export interface LiveTask {
	ruleId: string;
	key: string;
	deleted: boolean;
}

/** The BOS documents kept in a bucket's JSON-clean `config`. */
export interface BosBucketConfig {
	/** `enableMultiAZ` at creation: the bucket then takes only MAZ_* storage classes. */
	multiAz: boolean;
	/** Rules in creation order. */
	replication: ReplicationRule[];
	progress: Record<string, RuleProgress>;
	/** Live copies and deletes still waiting out the delay (kept so a restarted emulator does them). */
	livePending: LiveTask[];
}

/** The bucket's BOS config with defaults filled in; changes to it are saved with the bucket. */
export function bosConfig(bucket: StoredBucket): BosBucketConfig {
	const config = bucket.config as Partial<BosBucketConfig>;
	config.multiAz ??= false;
	config.replication ??= [];
	config.progress ??= {};
	config.livePending ??= [];
	return config as BosBucketConfig;
}
