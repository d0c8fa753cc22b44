import type { StoredBucket, StoredObject } from "../core/store";
import type { CosState } from "./context";
import {
	parseDestination,
	type ReplicationConfiguration,
	type ReplicationRule,
	rulePrefix,
	ruleTags,
} from "./replicationConfig";

/**
 * `x-cos-replication-status` of an object: PENDING/COMPLETED/FAILED on a source, REPLICA on a copy.
 * Kept per bucket in `config.replicationStatus` (key -> status) so it survives restarts.
 */
export type ReplicationStatus = "PENDING" | "COMPLETED" | "FAILED" | "REPLICA";

function statuses(bucket: StoredBucket): Record<string, ReplicationStatus> {
	return (bucket.config.replicationStatus ?? {}) as Record<
		string,
		ReplicationStatus
	>;
}

export function replicationStatus(
	bucket: StoredBucket,
	key: string,
): ReplicationStatus | undefined {
	return statuses(bucket)[key];
}

/** Sets (or clears) an object's status on the bucket; the caller saves the bucket. */
export function setReplicationStatus(
	bucket: StoredBucket,
	key: string,
	status: ReplicationStatus | undefined,
): void {
	const all = statuses(bucket);
	if (status) all[key] = status;
	else delete all[key];
	bucket.config.replicationStatus = all;
}

function configOf(bucket: StoredBucket): ReplicationConfiguration | undefined {
	return bucket.config.replication as ReplicationConfiguration | undefined;
}

/**
 * The enabled rule that applies to an object (prefix and every tag match). Among overlapping rules
 * "会优先触发 Priority 值最小的规则" (the lowest Priority wins); without Priority, enabled rules
 * cannot overlap. https://cloud.tencent.com/document/product/436/19223
 */
export function matchingRule(
	config: ReplicationConfiguration,
	key: string,
	tags: Record<string, string>,
): ReplicationRule | undefined {
	let chosen: ReplicationRule | undefined;
	for (const rule of config.rules) {
		if (rule.status !== "Enabled" || !key.startsWith(rulePrefix(rule)))
			continue;
		if (!ruleTags(rule).every((t) => tags[t.key] === t.value)) continue;
		if (!chosen || (rule.priority ?? 0) < (chosen.priority ?? 0)) chosen = rule;
	}
	return chosen;
}

/** Writes the copy; false when the destination bucket is gone (the source then shows FAILED). */
function copy(
	state: CosState,
	rule: ReplicationRule,
	object: StoredObject,
): boolean {
	const { region, bucket } = parseDestination(rule.destination.bucket);
	const destination = state.store.getBucket(bucket);
	if (!destination || destination.region !== region) return false;
	state.store.putObject(bucket, {
		...object,
		tags: { ...object.tags },
		storageClass:
			rule.destination.storageClass?.toUpperCase() ?? object.storageClass,
	});
	setReplicationStatus(destination, object.key, "REPLICA");
	state.store.saveBucket(destination);
	return true;
}

/**
 * Marks a newly written object PENDING and copies it to the destination of its rule after the
 * replication delay. Copies are written straight to the store, never through PUT Object, so a
 * replica is never replicated again.
 */
export function replicateObject(
	state: CosState,
	source: StoredBucket,
	object: StoredObject,
): void {
	const config = configOf(source);
	const rule = config && matchingRule(config, object.key, object.tags);
	setReplicationStatus(source, object.key, rule ? "PENDING" : undefined);
	if (!rule) return;
	state.replicator.schedule(() => {
		const completed = copy(state, rule, object);
		const bucket = state.store.getBucket(source.name);
		const current = bucket && state.store.getObject(source.name, object.key);
		// A newer write of the same key has its own task, which owns the status.
		if (
			!bucket ||
			current?.etag !== object.etag ||
			current.lastModified !== object.lastModified
		)
			return;
		setReplicationStatus(
			bucket,
			object.key,
			completed ? "COMPLETED" : "FAILED",
		);
		state.store.saveBucket(bucket);
	});
}

/**
 * A delete (a delete marker on the versioned source) is replicated by the matching rule unless its
 * `DeleteMarkerReplication` is Disabled; the default is Enabled (reference §1.7).
 */
export function replicateDelete(
	state: CosState,
	source: StoredBucket,
	key: string,
	tags: Record<string, string>,
): void {
	const config = configOf(source);
	const rule = config && matchingRule(config, key, tags);
	if (!rule || rule.deleteMarkerReplication === "Disabled") return;
	const target = rule.destination.bucket;
	pendingDeletes(source)[key] = target;
	state.store.saveBucket(source);
	state.replicator.schedule(() => deleteCopy(state, source.name, key, target));
}

/**
 * Deletes still waiting out the delay (key -> destination `qcs::cos:...`), kept in the source's
 * config as PENDING copies are, so that a stop or `kill -9` during the delay loses none.
 */
function pendingDeletes(bucket: StoredBucket): Record<string, string> {
	const all = (bucket.config.pendingDeletes ?? {}) as Record<string, string>;
	bucket.config.pendingDeletes = all;
	return all;
}

function deleteCopy(
	state: CosState,
	sourceName: string,
	key: string,
	target: string,
): void {
	const { region, bucket } = parseDestination(target);
	const destination = state.store.getBucket(bucket);
	if (destination?.region === region && state.store.getObject(bucket, key)) {
		state.store.deleteObject(bucket, key);
		setReplicationStatus(destination, key, undefined);
		state.store.saveBucket(destination);
	}
	const source = state.store.getBucket(sourceName);
	if (source && pendingDeletes(source)[key] === target) {
		delete pendingDeletes(source)[key];
		state.store.saveBucket(source);
	}
}

/** After a restart, copies whatever was still PENDING, and does the deletes left pending. */
export function resumePending(state: CosState): void {
	for (const bucket of state.store.listBuckets()) {
		for (const [key, target] of Object.entries(pendingDeletes(bucket))) {
			const name = bucket.name;
			state.replicator.schedule(() => deleteCopy(state, name, key, target));
		}
		for (const [key, status] of Object.entries(statuses(bucket))) {
			const object = state.store.getObject(bucket.name, key);
			if (status !== "PENDING" || !object) continue;
			replicateObject(state, bucket, object);
			state.store.saveBucket(bucket);
		}
	}
}
