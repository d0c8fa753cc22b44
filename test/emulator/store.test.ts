import { appendFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BucketStore, type StoredBucket } from "../../emulator/core/store";

const bucket = (name: string): StoredBucket => ({
	name,
	region: "ap-guangzhou",
	owner: "default",
	createdAt: "2026-01-01T00:00:00.000Z",
	tags: {},
	config: { replication: { rules: [{ id: "r1" }] } },
});

const object = (key: string, body: string) => ({
	key,
	body: Buffer.from(body),
	etag: `"${key}"`,
	lastModified: "2026-01-01T00:00:00.000Z",
	contentType: "text/plain",
	storageClass: "STANDARD",
	tags: { team: "a" },
});

describe("BucketStore persistence", () => {
	const dirs: string[] = [];
	const dataDir = () => {
		const d = mkdtempSync(join(tmpdir(), "store-"));
		dirs.push(d);
		return d;
	};
	afterEach(() => {
		for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
	});

	it("keeps only memory without a data dir", () => {
		const store = new BucketStore("cos");
		store.saveBucket(bucket("a"));
		expect(new BucketStore("cos").getBucket("a")).toBeUndefined();
	});

	it("replays buckets, objects and deletions after a restart", () => {
		const dir = dataDir();
		const first = new BucketStore("oss", dir);
		first.saveBucket(bucket("a"));
		first.saveBucket(bucket("b"));
		first.putObject("a", object("k1", "one"));
		first.putObject("a", object("k2", "two"));
		first.deleteObject("a", "k1");
		first.deleteBucket("b");
		// no close(): a kill -9 does not close either

		const second = new BucketStore("oss", dir);
		expect(second.listBuckets().map((b) => b.name)).toEqual(["a"]);
		expect(second.getBucket("a")?.config).toEqual({
			replication: { rules: [{ id: "r1" }] },
		});
		expect(second.listObjects("a").map((o) => o.key)).toEqual(["k2"]);
		expect(second.getObject("a", "k2")?.body.toString()).toBe("two");
		expect(second.getObject("a", "k2")?.tags).toEqual({ team: "a" });
	});

	it("drops a torn last line (a write killed half-way was never acknowledged)", () => {
		const dir = dataDir();
		const first = new BucketStore("bos", dir);
		first.saveBucket(bucket("a"));
		first.close();
		appendFileSync(join(dir, "bos.journal"), '{"t":"bucket","b":{"name":"half');

		const second = new BucketStore("bos", dir);
		expect(second.listBuckets().map((b) => b.name)).toEqual(["a"]);
		// The restart compacted the journal: the torn line is gone and new writes append cleanly.
		second.saveBucket(bucket("c"));
		expect(readFileSync(join(dir, "bos.journal"), "utf8")).not.toContain(
			"half",
		);
		expect(
			new BucketStore("bos", dir).listBuckets().map((b) => b.name),
		).toEqual(["a", "c"]);
	});

	it("does not share state between services in one data dir", () => {
		const dir = dataDir();
		new BucketStore("cos", dir).saveBucket(bucket("a"));
		expect(new BucketStore("oss", dir).getBucket("a")).toBeUndefined();
	});
});
