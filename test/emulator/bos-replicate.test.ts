import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { randomAccount } from "../../emulator/core/accounts";
import {
	deleteRule,
	keysOf,
	progressOf,
	putRule,
	type RuleBody,
	startBos,
} from "./bos-helpers";

const live: RuleBody = {
	id: "live",
	status: "enabled",
	resource: ["src-bucket/logs/*", "src-bucket/img*"],
	notIncludeResource: ["src-bucket/logs/tmp/*", "src-bucket/*.bak"],
	destination: {
		bucket: "dst-bucket",
		storageClass: "STANDARD_IA",
		prefix: "copy/",
	},
	replicateDeletes: "enabled",
};

// Replication observed end to end: write to the source, wait for idle(), read the destination.
describe("BOS emulator: replication at work", () => {
	let bos: Awaited<ReturnType<typeof startBos>>;
	beforeAll(async () => {
		bos = await startBos();
		for (const name of ["src-bucket", "dst-bucket", "keep-bucket"]) {
			await bos.client.createBucket(name);
		}
	});
	afterAll(() => bos.close());

	it("copies covered objects with the destination prefix and storage class, skips the rest", async () => {
		await putRule(bos.client, "src-bucket", live);
		for (const key of [
			"logs/a.txt",
			"logs/tmp/skip.txt",
			"logs/old.bak",
			"img1.png",
			"other.txt",
		]) {
			await bos.client.putObjectFromString("src-bucket", key, `body of ${key}`);
		}
		await bos.client.putObjectFromString("src-bucket", "logs/frozen.txt", "f", {
			"x-bce-storage-class": "ARCHIVE",
		});
		await bos.service.idle();

		expect(await keysOf(bos.client, "dst-bucket")).toEqual([
			"copy/img1.png",
			"copy/logs/a.txt",
		]);
		const copy = await bos.client.getObject("dst-bucket", "copy/logs/a.txt");
		expect(copy.body.toString()).toBe("body of logs/a.txt");
		expect(copy.http_headers["x-bce-storage-class"]).toBe("STANDARD_IA");
		const progress = await progressOf(bos.client, "src-bucket", "live");
		expect(Number(progress.latestReplicationTime)).toBeGreaterThan(0);
		expect(progress.historyReplicationPercent).toBe(0);
	});

	it("replicates deletes when replicateDeletes is enabled", async () => {
		await bos.client.deleteObject("src-bucket", "logs/a.txt");
		await bos.service.idle();
		expect(await keysOf(bos.client, "dst-bucket")).toEqual(["copy/img1.png"]);
	});

	it("keeps replicas when replicateDeletes is disabled", async () => {
		await putRule(bos.client, "src-bucket", {
			...live,
			id: "keep",
			resource: ["src-bucket/keep/*"],
			notIncludeResource: undefined,
			destination: { bucket: "keep-bucket" },
			replicateDeletes: "disabled",
		});
		await bos.client.putObjectFromString("src-bucket", "keep/k.txt", "k");
		await bos.service.idle();
		await bos.client.deleteObject("src-bucket", "keep/k.txt");
		await bos.service.idle();
		expect(await keysOf(bos.client, "keep-bucket")).toEqual(["keep/k.txt"]);
	});

	it("does not replicate a replica again (rules both ways)", async () => {
		await putRule(bos.client, "dst-bucket", {
			id: "back",
			status: "enabled",
			resource: ["dst-bucket/*"],
			destination: { bucket: "src-bucket", prefix: "back/" },
			replicateDeletes: "disabled",
		});
		await bos.client.putObjectFromString("src-bucket", "img2.png", "2");
		await bos.service.idle();
		expect(await keysOf(bos.client, "dst-bucket")).toContain("copy/img2.png");
		expect(await keysOf(bos.client, "src-bucket")).not.toContain(
			"back/copy/img2.png",
		);
		await deleteRule(bos.client, "dst-bucket", "back");
	});

	it("stops replicating once the rule is deleted, and a disabled rule copies nothing", async () => {
		await deleteRule(bos.client, "src-bucket", "live");
		await putRule(bos.client, "src-bucket", {
			...live,
			id: "off",
			status: "disabled",
		});
		await bos.client.putObjectFromString("src-bucket", "img3.png", "3");
		await bos.service.idle();
		expect(await keysOf(bos.client, "dst-bucket")).not.toContain(
			"copy/img3.png",
		);
	});
});

describe("BOS emulator: historical copy and its progress", () => {
	let bos: Awaited<ReturnType<typeof startBos>>;
	const history: RuleBody = {
		id: "hist",
		status: "enabled",
		resource: ["old-bucket/data/*"],
		destination: { bucket: "new-bucket" },
		replicateHistory: { storageClass: "COLD" },
		replicateDeletes: "disabled",
	};
	beforeAll(async () => {
		bos = await startBos();
		await bos.client.createBucket("old-bucket");
		await bos.client.createBucket("new-bucket");
		for (const key of ["data/1", "data/2", "data/3", "misc/4"]) {
			await bos.client.putObjectFromString("old-bucket", key, key);
		}
	});
	afterAll(() => bos.close());

	it("copies existing objects once with replicateHistory, in its storage class, to 100%", async () => {
		await putRule(bos.client, "old-bucket", history);
		await bos.service.idle();
		const { body } = await bos.client.listObjects("new-bucket");
		expect(body.contents.map((o) => [o.key, o.storageClass])).toEqual([
			["data/1", "COLD"],
			["data/2", "COLD"],
			["data/3", "COLD"],
		]);
		expect(await progressOf(bos.client, "old-bucket", "hist")).toMatchObject({
			status: "enabled",
			historyReplicationPercent: 100,
		});
	});

	it("runs the historical copy again when the enabled rule is sent again", async () => {
		await bos.client.deleteObject("new-bucket", "data/2");
		await putRule(bos.client, "old-bucket", history);
		await bos.service.idle();
		expect(await keysOf(bos.client, "new-bucket")).toContain("data/2");
	});

	it("does not copy existing objects without replicateHistory", async () => {
		await bos.client.createBucket("fresh-bucket");
		await putRule(bos.client, "old-bucket", {
			...history,
			id: "nohist",
			destination: { bucket: "fresh-bucket" },
			replicateHistory: undefined,
		});
		await bos.service.idle();
		expect(await keysOf(bos.client, "fresh-bucket")).toEqual([]);
	});
});

describe("BOS emulator: progress reset and persistence", () => {
	const dataDir = mkdtempSync(join(tmpdir(), "bos-emulator-"));
	const accounts = [randomAccount("alice"), randomAccount("bob")];
	const rule: RuleBody = {
		id: "restart",
		status: "enabled",
		resource: ["p-src/*"],
		destination: { bucket: "p-dst" },
		replicateHistory: {},
		replicateDeletes: "disabled",
	};
	let close: (() => Promise<void>) | undefined;
	afterEach(async () => {
		await close?.();
		close = undefined;
	});
	afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

	it("reaches 100% on the first run", async () => {
		const bos = await startBos({ accounts, dataDir });
		close = bos.close;
		await bos.client.createBucket("p-src");
		await bos.client.createBucket("p-dst");
		await bos.client.putObjectFromString("p-src", "one", "1");
		await bos.client.putObjectFromString("p-src", "two", "2");
		await putRule(bos.client, "p-src", rule);
		await bos.service.idle();
		const progress = await progressOf(bos.client, "p-src", "restart");
		expect(progress.historyReplicationPercent).toBe(100);
	});

	it("resets the history percentage to 0 when the enabled rule is sent again", async () => {
		// An hour of replication delay: the restarted copy cannot have run yet.
		const bos = await startBos({
			accounts,
			dataDir,
			replicationDelayMs: 3_600_000,
		});
		close = bos.close;
		await bos.client.deleteObject("p-dst", "one");
		await putRule(bos.client, "p-src", rule);
		const progress = await progressOf(bos.client, "p-src", "restart");
		expect(progress.historyReplicationPercent).toBe(0);
	});

	it("finishes the pending historical copy after a restart", async () => {
		const bos = await startBos({ accounts, dataDir });
		close = bos.close;
		await bos.service.idle();
		expect(await keysOf(bos.client, "p-dst")).toEqual(["one", "two"]);
		const progress = await progressOf(bos.client, "p-src", "restart");
		expect(progress.historyReplicationPercent).toBe(100);
	});
});

describe("BOS emulator: live replication across a restart (--data-dir)", () => {
	const dataDir = mkdtempSync(join(tmpdir(), "bos-emulator-live-"));
	const accounts = [randomAccount("alice")];
	afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

	it("does the copies and deletes still waiting out the delay when the emulator stopped", async () => {
		const rule: RuleBody = {
			id: "live",
			status: "enabled",
			resource: ["l-src/*"],
			destination: { bucket: "l-dst" },
			replicateDeletes: "enabled",
		};
		const first = await startBos({ accounts, dataDir });
		await first.client.createBucket("l-src");
		await first.client.createBucket("l-dst");
		await putRule(first.client, "l-src", rule);
		await first.client.putObjectFromString("l-src", "gone", "1");
		await first.service.idle();
		await first.close();

		// An hour of delay: nothing below can replicate before the stop.
		const slow = await startBos({
			accounts,
			dataDir,
			replicationDelayMs: 3_600_000,
		});
		await slow.client.putObjectFromString("l-src", "written", "2");
		await slow.client.deleteObject("l-src", "gone");
		expect(await keysOf(slow.client, "l-dst")).toEqual(["gone"]);
		await slow.close();

		const again = await startBos({ accounts, dataDir });
		await again.service.idle();
		expect(await keysOf(again.client, "l-dst")).toEqual(["written"]);
		await again.close();
	});
});
