import {
	closeSync,
	existsSync,
	fsyncSync,
	mkdirSync,
	openSync,
	readFileSync,
	renameSync,
	writeSync,
} from "node:fs";
import { join } from "node:path";

export interface StoredObject {
	key: string;
	body: Buffer;
	etag: string;
	/** ISO time. */
	lastModified: string;
	contentType: string;
	storageClass: string;
	tags: Record<string, string>;
	versionId?: string;
}

export interface StoredBucket {
	name: string;
	region: string;
	/** Name of the owning account: another account gets the vendor's access-denied error. */
	owner: string;
	/** ISO time. */
	createdAt: string;
	versioning?: "Enabled" | "Suspended";
	tags: Record<string, string>;
	/** Cloud-specific, JSON-clean documents (replication configuration, RTC, progress, ...). */
	config: Record<string, unknown>;
}

type JournalEntry =
	| { t: "bucket"; b: StoredBucket }
	| { t: "dropBucket"; name: string }
	| {
			t: "object";
			bucket: string;
			o: Omit<StoredObject, "body"> & { body: string };
	  }
	| { t: "dropObject"; bucket: string; key: string };

/**
 * Buckets and objects of one service. In memory by default; with a data directory every change is
 * appended to a journal and fsynced before the call returns, so an acknowledged write survives a
 * `kill -9`. A torn last line (killed mid-write, never acknowledged) is dropped on start, and the
 * journal is compacted into a snapshot on start (written aside, fsynced, renamed).
 */
export class BucketStore {
	private readonly buckets = new Map<string, StoredBucket>();
	private readonly objects = new Map<string, Map<string, StoredObject>>();
	private readonly journalPath?: string;
	private fd?: number;

	constructor(service: string, dataDir?: string) {
		if (!dataDir) return;
		mkdirSync(dataDir, { recursive: true });
		this.journalPath = join(dataDir, `${service}.journal`);
		if (existsSync(this.journalPath))
			this.replay(readFileSync(this.journalPath, "utf8"));
		this.compact();
		this.fd = openSync(this.journalPath, "a");
	}

	getBucket(name: string): StoredBucket | undefined {
		return this.buckets.get(name);
	}

	listBuckets(): StoredBucket[] {
		return [...this.buckets.values()];
	}

	/**
	 * Stores a copy of `bucket`. Every change to a bucket must be saved in the same synchronous turn:
	 * GET answers are cached by the identity of the stored documents (`cacheByIdentity.ts`).
	 */
	saveBucket(bucket: StoredBucket): void {
		this.applyAndLog({ t: "bucket", b: structuredClone(bucket) });
	}

	deleteBucket(name: string): void {
		this.applyAndLog({ t: "dropBucket", name });
	}

	getObject(bucket: string, key: string): StoredObject | undefined {
		return this.objects.get(bucket)?.get(key);
	}

	/** Objects of a bucket, sorted by key, optionally under a prefix. */
	listObjects(bucket: string, prefix = ""): StoredObject[] {
		return [...(this.objects.get(bucket)?.values() ?? [])]
			.filter((o) => o.key.startsWith(prefix))
			.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
	}

	putObject(bucket: string, object: StoredObject): void {
		this.applyAndLog({
			t: "object",
			bucket,
			o: { ...object, body: object.body.toString("base64") },
		});
	}

	deleteObject(bucket: string, key: string): void {
		this.applyAndLog({ t: "dropObject", bucket, key });
	}

	close(): void {
		if (this.fd !== undefined) closeSync(this.fd);
		this.fd = undefined;
	}

	private applyAndLog(entry: JournalEntry): void {
		if (this.fd !== undefined) {
			writeSync(this.fd, `${JSON.stringify(entry)}\n`);
			fsyncSync(this.fd);
		}
		this.apply(entry);
	}

	private apply(entry: JournalEntry): void {
		switch (entry.t) {
			case "bucket":
				this.buckets.set(entry.b.name, entry.b);
				if (!this.objects.has(entry.b.name))
					this.objects.set(entry.b.name, new Map());
				break;
			case "dropBucket":
				this.buckets.delete(entry.name);
				this.objects.delete(entry.name);
				break;
			case "object":
				this.objects.get(entry.bucket)?.set(entry.o.key, {
					...entry.o,
					body: Buffer.from(entry.o.body, "base64"),
				});
				break;
			case "dropObject":
				this.objects.get(entry.bucket)?.delete(entry.key);
				break;
		}
	}

	private replay(text: string): void {
		for (const line of text.split("\n")) {
			if (!line) continue;
			try {
				this.apply(JSON.parse(line) as JournalEntry);
			} catch {
				// Only the last line can be torn (killed mid-write); it was never acknowledged.
			}
		}
	}

	private compact(): void {
		if (!this.journalPath) return;
		const lines: string[] = [];
		for (const b of this.buckets.values()) {
			lines.push(JSON.stringify({ t: "bucket", b }));
			for (const o of this.objects.get(b.name)?.values() ?? []) {
				lines.push(
					JSON.stringify({
						t: "object",
						bucket: b.name,
						o: { ...o, body: o.body.toString("base64") },
					}),
				);
			}
		}
		const tmp = `${this.journalPath}.tmp`;
		const fd = openSync(tmp, "w");
		writeSync(fd, lines.length ? `${lines.join("\n")}\n` : "");
		fsyncSync(fd);
		closeSync(fd);
		renameSync(tmp, this.journalPath);
	}
}
