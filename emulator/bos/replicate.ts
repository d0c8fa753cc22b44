import type { Replicator } from "../core/replicator";
import type { BucketStore, StoredBucket, StoredObject } from "../core/store";
import { bosConfig, type LiveTask, type RuleProgress } from "./config";
import { type ReplicationRule, ruleCovers } from "./rule";

/**
 * The asynchronous side of BOS replication (PutBucketReplication,
 * https://cloud.baidu.com/doc/BOS/s/fkc4evoy4): enabled rules copy new objects that match
 * `resource` and not `notIncludeResource` to `destination.bucket` under `destination.prefix`,
 * replicate deletes when `replicateDeletes` is enabled, and copy existing objects once when
 * `replicateHistory` is set. Archive objects are skipped, as the doc says.
 *
 * Only client writes trigger replication: a replica is never replicated again.
 */
export class Copier {
	constructor(
		private readonly store: BucketStore,
		private readonly replicator: Replicator,
	) {}

	/** A client wrote `object`: each enabled rule covering it copies this version. */
	objectWritten(bucketName: string, object: StoredObject): void {
		if (object.storageClass === "ARCHIVE") return;
		const rules = this.coveringRules(bucketName, object.key);
		this.enqueue(
			bucketName,
			rules.map((r) => ({ ruleId: r.id, key: object.key, deleted: false })),
			(task) => () => this.copyLive(bucketName, task, object),
		);
	}

	/** A client deleted `key`: rules with `replicateDeletes` enabled delete the replica. */
	objectDeleted(bucketName: string, key: string): void {
		const rules = this.coveringRules(bucketName, key).filter(
			(r) => r.replicateDeletes === "enabled",
		);
		this.enqueue(
			bucketName,
			rules.map((r) => ({ ruleId: r.id, key, deleted: true })),
			(task) => () => this.deleteReplica(bucketName, task),
		);
	}

	/**
	 * Records the tasks in the bucket (journaled with it, as COS's PENDING status is) before
	 * scheduling them, so that a stop or `kill -9` during the delay loses no replication.
	 */
	private enqueue(
		bucketName: string,
		tasks: LiveTask[],
		work: (task: LiveTask) => () => void,
	): void {
		const bucket = this.store.getBucket(bucketName);
		if (!bucket || tasks.length === 0) return;
		bosConfig(bucket).livePending.push(...tasks);
		this.store.saveBucket(bucket);
		for (const task of tasks) this.replicator.schedule(work(task));
	}

	/** Drops a done (or moot) task from the bucket's pending list; the caller saves the bucket. */
	private finish(bucket: StoredBucket, task: LiveTask): void {
		const pending = bosConfig(bucket).livePending;
		const i = pending.findIndex(
			(t) =>
				t.ruleId === task.ruleId &&
				t.key === task.key &&
				t.deleted === task.deleted,
		);
		if (i >= 0) pending.splice(i, 1);
	}

	/**
	 * (Re)starts an enabled rule: progress back to 0 and, with `replicateHistory`, a new copy of
	 * every existing object it covers. The caller saves the bucket.
	 */
	start(bucket: StoredBucket, rule: ReplicationRule): void {
		const config = bosConfig(bucket);
		const keys = rule.replicateHistory
			? this.store
					.listObjects(bucket.name)
					.filter(
						(o) =>
							o.storageClass !== "ARCHIVE" &&
							ruleCovers(rule, bucket.name, o.key),
					)
					.map((o) => o.key)
			: [];
		const progress: RuleProgress = {
			run: (config.progress[rule.id]?.run ?? 0) + 1,
			historyTotal: keys.length,
			historyPending: keys,
			latestReplicationTime:
				config.progress[rule.id]?.latestReplicationTime ?? 0,
		};
		config.progress[rule.id] = progress;
		this.scheduleHistory(bucket.name, rule.id, progress);
	}

	/**
	 * After a restart with a data directory: finishes the live copies and deletes, and the historical
	 * copies, left pending. A live copy takes the object as it is now (a later write has its own task).
	 */
	resume(): void {
		for (const bucket of this.store.listBuckets()) {
			const config = bosConfig(bucket);
			for (const task of config.livePending) {
				const name = bucket.name;
				this.replicator.schedule(() => {
					if (task.deleted) return this.deleteReplica(name, task);
					const object = this.store.getObject(name, task.key);
					if (object) return this.copyLive(name, task, object);
					// Deleted since: nothing to copy.
					const current = this.store.getBucket(name);
					if (!current) return;
					this.finish(current, task);
					this.store.saveBucket(current);
				});
			}
			for (const rule of config.replication) {
				const progress = config.progress[rule.id];
				if (rule.status === "enabled" && progress) {
					this.scheduleHistory(bucket.name, rule.id, progress);
				}
			}
		}
	}

	private coveringRules(bucketName: string, key: string): ReplicationRule[] {
		const bucket = this.store.getBucket(bucketName);
		if (!bucket) return [];
		return bosConfig(bucket).replication.filter(
			(r) => r.status === "enabled" && ruleCovers(r, bucketName, key),
		);
	}

	private scheduleHistory(
		bucketName: string,
		ruleId: string,
		progress: RuleProgress,
	): void {
		const run = progress.run;
		for (const key of progress.historyPending) {
			this.replicator.schedule(() =>
				this.copyHistory(bucketName, ruleId, run, key),
			);
		}
	}

	private copyLive(
		bucketName: string,
		task: LiveTask,
		object: StoredObject,
	): void {
		const found = this.enabledRule(bucketName, task.ruleId);
		if (!found) {
			this.dropTask(bucketName, task);
			return;
		}
		const [bucket, rule] = found;
		this.writeReplica(
			rule,
			object,
			rule.destination.storageClass ?? object.storageClass,
		);
		this.finish(bucket, task);
		this.recordReplication(bucket, task.ruleId);
	}

	/** The rule is gone or disabled since the write: the task is moot. */
	private dropTask(bucketName: string, task: LiveTask): void {
		const bucket = this.store.getBucket(bucketName);
		if (!bucket) return;
		this.finish(bucket, task);
		this.store.saveBucket(bucket);
	}

	private copyHistory(
		bucketName: string,
		ruleId: string,
		run: number,
		key: string,
	): void {
		const found = this.enabledRule(bucketName, ruleId);
		const progress = found && bosConfig(found[0]).progress[ruleId];
		// A newer PUT restarted the rule: this run's remaining copies are dropped.
		if (!found || !progress || progress.run !== run) return;
		const [bucket, rule] = found;
		const object = this.store.getObject(bucketName, key);
		if (object) this.writeReplica(rule, object, historyClass(rule, object));
		progress.historyPending = progress.historyPending.filter((k) => k !== key);
		this.recordReplication(bucket, ruleId);
	}

	private deleteReplica(bucketName: string, task: LiveTask): void {
		const found = this.enabledRule(bucketName, task.ruleId);
		if (!found) {
			this.dropTask(bucketName, task);
			return;
		}
		const [bucket, rule] = found;
		const replicaKey = (rule.destination.prefix ?? "") + task.key;
		if (this.store.getObject(rule.destination.bucket, replicaKey)) {
			this.store.deleteObject(rule.destination.bucket, replicaKey);
		}
		this.finish(bucket, task);
		this.recordReplication(bucket, task.ruleId);
	}

	private enabledRule(
		bucketName: string,
		ruleId: string,
	): [StoredBucket, ReplicationRule] | undefined {
		const bucket = this.store.getBucket(bucketName);
		const rule =
			bucket &&
			bosConfig(bucket).replication.find(
				(r) => r.id === ruleId && r.status === "enabled",
			);
		return bucket && rule ? [bucket, rule] : undefined;
	}

	/** A destination deleted since the rule was set makes the copy a no-op, as a failed sync. */
	private writeReplica(
		rule: ReplicationRule,
		object: StoredObject,
		storageClass: string,
	): void {
		if (!this.store.getBucket(rule.destination.bucket)) return;
		this.store.putObject(rule.destination.bucket, {
			...object,
			key: (rule.destination.prefix ?? "") + object.key,
			storageClass,
			lastModified: new Date().toISOString(),
		});
	}

	private recordReplication(bucket: StoredBucket, ruleId: string): void {
		const progress = bosConfig(bucket).progress[ruleId];
		if (progress) {
			progress.latestReplicationTime = Math.floor(Date.now() / 1000);
		}
		this.store.saveBucket(bucket);
	}
}

/**
 * [INFERRED] history copies take `replicateHistory.storageClass`; `REMAIN` keeps the source's
 * class; absent, they follow the live rule (`destination.storageClass`, else the source's).
 */
function historyClass(rule: ReplicationRule, object: StoredObject): string {
	const wanted = rule.replicateHistory?.storageClass;
	if (wanted === "REMAIN") return object.storageClass;
	return wanted ?? rule.destination.storageClass ?? object.storageClass;
}
