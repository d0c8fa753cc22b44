import type { StoredBucket, StoredObject } from "../core/store";

/** Lifecycle of a rule (GetBucketReplication `Status`): starting -> doing; delete -> closing -> gone. */
export type RuleStatus = "starting" | "doing" | "closing";

/** One OSS replication rule as the emulator keeps it (JSON-clean, in the source bucket's `config`). */
export interface ReplicationRule {
	id: string;
	prefixes: string[];
	/** As sent: `ALL`, `PUT`, or a comma-separated list of `ALL`, `PUT`, `DELETE`, `ABORT`. */
	action: string;
	destination: {
		bucket: string;
		location: string;
		transferType: "internal" | "oss_acc";
	};
	historicalObjectReplication: "enabled" | "disabled";
	syncRole?: string;
	sseKmsEncryptedObjects?: "Enabled" | "Disabled";
	replicaKmsKeyId?: string;
	/** The requested RTC state; GET shows `enabling` until the rule is effective and history copied. */
	rtc?: "enabled" | "disabled";
	userTaggings?: {
		filterType: "AND" | "OR";
		tags: Array<{ key: string; value: string }>;
	};
	status: RuleStatus;
	progress: RuleProgress;
}

/** What really happened, reported by GetBucketReplicationProgress. */
export interface RuleProgress {
	/** Objects found when historical replication started, and how many are copied. */
	historicalTotal: number;
	historicalDone: number;
	/** ISO time: every object written to the source before it has been replicated. */
	newObject?: string;
}

export function rulesOf(bucket: StoredBucket): ReplicationRule[] {
	return (
		(bucket.config.replicationRules as ReplicationRule[] | undefined) ?? []
	);
}

export function setRules(bucket: StoredBucket, rules: ReplicationRule[]): void {
	if (rules.length) bucket.config.replicationRules = rules;
	else delete bucket.config.replicationRules;
}

/** Whether deletes replicate: `ALL` means PUT, DELETE and ABORT (PutBucketReplication `Action`). */
export function replicatesDeletes(rule: ReplicationRule): boolean {
	return rule.action.split(",").some((a) => a === "ALL" || a === "DELETE");
}

/** Prefix filter (any prefix) and tag filter (`AND`: every tag, `OR`: at least one). */
export function ruleMatches(
	rule: ReplicationRule,
	object: Pick<StoredObject, "key" | "tags">,
): boolean {
	if (
		rule.prefixes.length &&
		!rule.prefixes.some((p) => object.key.startsWith(p))
	)
		return false;
	const filter = rule.userTaggings;
	if (!filter) return true;
	const has = (t: { key: string; value: string }) =>
		object.tags[t.key] === t.value;
	return filter.filterType === "AND"
		? filter.tags.every(has)
		: filter.tags.some(has);
}

function rtcStatus(rule: ReplicationRule): string | undefined {
	if (!rule.rtc) return undefined;
	const historyPending =
		rule.progress.historicalDone < rule.progress.historicalTotal;
	if (rule.rtc === "enabled" && (rule.status === "starting" || historyPending))
		return "enabling";
	return rule.rtc;
}

/** The common head of a rule in GetBucketReplication and GetBucketReplicationProgress. */
function ruleHead(rule: ReplicationRule): Record<string, unknown> {
	return {
		ID: rule.id,
		...(rule.prefixes.length ? { PrefixSet: { Prefix: rule.prefixes } } : {}),
		Action: rule.action,
		Destination: {
			Bucket: rule.destination.bucket,
			Location: rule.destination.location,
			// GetBucketReplication returns TransferType only when it is oss_acc (reference §2.5).
			...(rule.destination.transferType === "oss_acc"
				? { TransferType: "oss_acc" }
				: {}),
		},
		Status: rule.status,
		HistoricalObjectReplication: rule.historicalObjectReplication,
	};
}

/**
 * A `<Rule>` of GetBucketReplication: the documented sample's order (..., SyncRole, RTC), then the
 * elements the sample does not show, in the PutBucketReplication table's order ([INFERRED], README).
 */
export function ruleXml(rule: ReplicationRule): Record<string, unknown> {
	const rtc = rtcStatus(rule);
	return {
		...ruleHead(rule),
		...(rule.syncRole ? { SyncRole: rule.syncRole } : {}),
		...(rtc ? { RTC: { Status: rtc } } : {}),
		...(rule.sseKmsEncryptedObjects
			? {
					SourceSelectionCriteria: {
						SseKmsEncryptedObjects: { Status: rule.sseKmsEncryptedObjects },
					},
				}
			: {}),
		...(rule.replicaKmsKeyId
			? { EncryptionConfiguration: { ReplicaKmsKeyID: rule.replicaKmsKeyId } }
			: {}),
		...(rule.userTaggings
			? {
					UserTaggings: {
						FilterType: rule.userTaggings.filterType,
						UserTagging: rule.userTaggings.tags.map((t) => ({
							Key: t.key,
							Value: t.value,
						})),
					},
				}
			: {}),
	};
}

/**
 * A `<Rule>` of GetBucketReplicationProgress: `Progress` only while `doing`, `HistoricalObject` only
 * when historical replication is enabled (reference §2.5).
 */
export function progressXml(rule: ReplicationRule): Record<string, unknown> {
	if (rule.status !== "doing") return ruleHead(rule);
	const { historicalTotal, historicalDone, newObject } = rule.progress;
	const fraction = historicalTotal === 0 ? 1 : historicalDone / historicalTotal;
	return {
		...ruleHead(rule),
		Progress: {
			...(rule.historicalObjectReplication === "enabled"
				? { HistoricalObject: fraction.toFixed(2) }
				: {}),
			...(newObject ? { NewObject: newObject } : {}),
		},
	};
}
