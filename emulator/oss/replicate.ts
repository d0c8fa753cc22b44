import { randomBytes } from "node:crypto";
import { Replicator } from "../core/replicator";
import type { CloudOptions } from "../core/service";
import type { BucketStore, StoredBucket, StoredObject } from "../core/store";
import {
	type ReplicationRule,
	replicatesDeletes,
	ruleMatches,
	rulesOf,
	setRules,
} from "./rules";

/** A version id in the style of OSS (opaque, unique per write). */
export function newVersionId(): string {
	return `CAEQ${randomBytes(18).toString("base64url")}`;
}

/**
 * Keys written into a bucket by replication. OSS does not replicate replicas again (A -> B -> C does
 * not chain; reference §2.7), so historical replication skips them. Kept in `config` to survive restarts.
 */
function replicaKeys(bucket: StoredBucket): Record<string, true> {
	return (bucket.config.replicaKeys as Record<string, true> | undefined) ?? {};
}

/** Marks or unmarks `key` as a replica; returns whether the bucket changed (and needs saving). */
export function markReplica(
	bucket: StoredBucket,
	key: string,
	replica: boolean,
): boolean {
	const keys = replicaKeys(bucket);
	if (Boolean(keys[key]) === replica) return false;
	if (replica) keys[key] = true;
	else delete keys[key];
	bucket.config.replicaKeys = keys;
	return true;
}

/** A copy (or replicated delete) of a client write, not yet done. */
interface LiveTask {
	ruleId: string;
	key: string;
	deleted: boolean;
}

/**
 * Live copies and deletes still waiting out the delay, kept in `config` (journaled with the bucket,
 * as COS's PENDING status is) so that a stop or `kill -9` during the delay loses no replication.
 */
function livePending(bucket: StoredBucket): LiveTask[] {
	const tasks = (bucket.config.livePending as LiveTask[] | undefined) ?? [];
	bucket.config.livePending = tasks;
	return tasks;
}

/** Drops a done (or moot) task; the caller saves the bucket. */
function finish(bucket: StoredBucket, task: LiveTask): void {
	const tasks = livePending(bucket);
	const i = tasks.findIndex(
		(t) =>
			t.ruleId === task.ruleId &&
			t.key === task.key &&
			t.deleted === task.deleted,
	);
	if (i >= 0) tasks.splice(i, 1);
}

/**
 * The asynchronous side of OSS replication: rule status transitions (starting -> doing after
 * `startingDelayMs`, closing -> gone after `closingDelayMs`), historical copies when a rule becomes
 * effective, and copies/deletes of new writes after `replicationDelayMs`. Only client writes reach
 * `objectWritten`, so objects written by replication are never replicated again.
 */
export class Replication {
	private readonly replicator: Replicator;

	constructor(
		private readonly store: BucketStore,
		private readonly options: CloudOptions,
	) {
		this.replicator = new Replicator(options.replicationDelayMs);
		this.resume();
	}

	idle(): Promise<void> {
		return this.replicator.idle();
	}

	flush(): void {
		this.replicator.flush();
	}

	close(): void {
		this.replicator.close();
	}

	/** A rule was just added in `starting`. */
	ruleAdded(source: string, ruleId: string): void {
		this.replicator.schedule(
			() => this.becomeDoing(source, ruleId),
			this.options.startingDelayMs,
		);
	}

	/** A rule was just put in `closing`; it disappears once OSS has cleaned up. */
	ruleClosing(source: string, ruleId: string): void {
		this.replicator.schedule(
			() => this.removeRule(source, ruleId),
			this.options.closingDelayMs,
		);
	}

	/** A client wrote `object` into `source`. Rules in `starting` or `doing` copy it. */
	objectWritten(source: string, object: StoredObject): void {
		const bucket = this.store.getBucket(source);
		if (!bucket) return;
		const tasks = rulesOf(bucket)
			.filter((r) => r.status !== "closing" && ruleMatches(r, object))
			.map((r) => ({ ruleId: r.id, key: object.key, deleted: false }));
		this.enqueue(
			bucket,
			tasks,
			(task) => () => this.copyNew(source, task, object),
		);
	}

	/** A client deleted `object` from `source`. Only rules whose Action includes deletes follow. */
	objectDeleted(source: string, object: StoredObject): void {
		const bucket = this.store.getBucket(source);
		if (!bucket) return;
		const tasks = rulesOf(bucket)
			.filter(
				(r) =>
					r.status !== "closing" &&
					replicatesDeletes(r) &&
					ruleMatches(r, object),
			)
			.map((r) => ({ ruleId: r.id, key: object.key, deleted: true }));
		this.enqueue(
			bucket,
			tasks,
			(task) => () => this.deleteReplica(source, task),
		);
	}

	private enqueue(
		bucket: StoredBucket,
		tasks: LiveTask[],
		work: (task: LiveTask) => () => void,
	): void {
		if (tasks.length === 0) return;
		livePending(bucket).push(...tasks);
		this.store.saveBucket(bucket);
		for (const task of tasks) this.replicator.schedule(work(task));
	}

	/** A live task whose rule is gone or closing: moot, dropped. */
	private dropTask(source: string, task: LiveTask): void {
		const bucket = this.store.getBucket(source);
		if (!bucket) return;
		finish(bucket, task);
		this.store.saveBucket(bucket);
	}

	/**
	 * After a restart from the journal, rules caught mid-transition carry on, and live copies and
	 * deletes left pending run (a copy takes the object as it is now; a later write has its own task).
	 */
	private resume(): void {
		for (const bucket of this.store.listBuckets()) {
			for (const task of livePending(bucket)) {
				const source = bucket.name;
				this.replicator.schedule(() => {
					if (task.deleted) return this.deleteReplica(source, task);
					const object = this.store.getObject(source, task.key);
					if (object) return this.copyNew(source, task, object);
					this.dropTask(source, task); // deleted since: nothing to copy
				});
			}
			let restarted = false;
			for (const rule of rulesOf(bucket)) {
				if (rule.status === "starting") this.ruleAdded(bucket.name, rule.id);
				if (rule.status === "closing") this.ruleClosing(bucket.name, rule.id);
				if (
					rule.status === "doing" &&
					rule.progress.historicalDone < rule.progress.historicalTotal
				) {
					this.startHistorical(bucket, rule);
					restarted = true;
				}
			}
			if (restarted) this.store.saveBucket(bucket);
		}
	}

	/** The rule if it still exists and is not closing: closing rules no longer replicate. */
	private liveRule(
		source: string,
		ruleId: string,
	): { bucket: StoredBucket; rule: ReplicationRule } | undefined {
		const bucket = this.store.getBucket(source);
		const rule = bucket && rulesOf(bucket).find((r) => r.id === ruleId);
		if (!bucket || !rule || rule.status === "closing") return undefined;
		return { bucket, rule };
	}

	private becomeDoing(source: string, ruleId: string): void {
		const live = this.liveRule(source, ruleId);
		if (live?.rule.status !== "starting") return;
		live.rule.status = "doing";
		live.rule.progress.newObject ??= new Date().toISOString();
		if (live.rule.historicalObjectReplication === "enabled")
			this.startHistorical(live.bucket, live.rule);
		this.store.saveBucket(live.bucket);
	}

	/** Copies the objects already in the source that the rule selects, one task per object. */
	private startHistorical(bucket: StoredBucket, rule: ReplicationRule): void {
		const replicas = replicaKeys(bucket);
		const keys = this.store
			.listObjects(bucket.name)
			.filter((o) => !replicas[o.key] && ruleMatches(rule, o))
			.map((o) => o.key);
		rule.progress.historicalTotal = keys.length;
		rule.progress.historicalDone = 0;
		for (const key of keys)
			this.replicator.schedule(() =>
				this.copyHistorical(bucket.name, rule.id, key),
			);
	}

	private copyHistorical(source: string, ruleId: string, key: string): void {
		const live = this.liveRule(source, ruleId);
		if (!live) return;
		const object = this.store.getObject(source, key);
		if (object) this.writeReplica(live.rule, object);
		live.rule.progress.historicalDone += 1;
		this.store.saveBucket(live.bucket);
	}

	private copyNew(source: string, task: LiveTask, object: StoredObject): void {
		const live = this.liveRule(source, task.ruleId);
		if (!live) {
			this.dropTask(source, task);
			return;
		}
		this.writeReplica(live.rule, object);
		const { progress } = live.rule;
		if (!progress.newObject || progress.newObject < object.lastModified)
			progress.newObject = object.lastModified;
		finish(live.bucket, task);
		this.store.saveBucket(live.bucket);
	}

	private writeReplica(rule: ReplicationRule, object: StoredObject): void {
		const destination = this.store.getBucket(rule.destination.bucket);
		if (!destination) return;
		this.store.putObject(destination.name, {
			...object,
			versionId:
				destination.versioning === "Enabled" ? newVersionId() : undefined,
		});
		if (markReplica(destination, object.key, true))
			this.store.saveBucket(destination);
	}

	private deleteReplica(source: string, task: LiveTask): void {
		const live = this.liveRule(source, task.ruleId);
		const destination =
			live && this.store.getBucket(live.rule.destination.bucket);
		if (destination && this.store.getObject(destination.name, task.key)) {
			this.store.deleteObject(destination.name, task.key);
			if (markReplica(destination, task.key, false))
				this.store.saveBucket(destination);
		}
		this.dropTask(source, task);
	}

	private removeRule(source: string, ruleId: string): void {
		const bucket = this.store.getBucket(source);
		if (!bucket) return;
		setRules(
			bucket,
			rulesOf(bucket).filter((r) => r.id !== ruleId),
		);
		this.store.saveBucket(bucket);
	}
}
