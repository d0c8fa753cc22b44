import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
	addRule,
	deleteRule,
	getProgress,
	getRules,
	type OssClient,
	type OssHarness,
	startOss,
} from "./oss-helpers";

let oss: OssHarness;
let hangzhou: OssClient;
let beijing: OssClient;

beforeEach(async () => {
	oss = await startOss();
	hangzhou = oss.client({ bucket: "src" });
	beijing = oss.client({ region: "oss-cn-beijing", bucket: "dst" });
	await hangzhou.putBucket("src");
	await beijing.putBucket("dst");
});
afterEach(() => oss.close());

const toDst = { Bucket: "dst", Location: "oss-cn-beijing" };

async function keys(client: OssClient): Promise<string[]> {
	return (await client.list(null)).objects?.map((o) => o.name) ?? [];
}

describe("replication of new objects", () => {
	it("copies objects under the rule's prefixes, with their body, type and storage class", async () => {
		await addRule(hangzhou, "src", {
			PrefixSet: { Prefix: ["logs/", "img/"] },
			Destination: toDst,
		});
		await hangzhou.put("logs/a.txt", Buffer.from("log"), {
			headers: { "x-oss-storage-class": "IA" },
		});
		await hangzhou.put("img/b.png", Buffer.from("png"));
		await hangzhou.put("other/c.txt", Buffer.from("no"));
		oss.service.flush();

		expect(await keys(beijing)).toEqual(["img/b.png", "logs/a.txt"]);
		const copy = await beijing.get("logs/a.txt");
		expect(copy.content?.toString()).toBe("log");
		expect(copy.res.headers["x-oss-storage-class"]).toBe("IA");
		expect(copy.res.headers["content-type"]).toBe("text/plain");
	});

	it.each([
		["AND", { env: "prod", team: "a" }, true],
		["AND", { env: "prod" }, false],
		["OR", { env: "prod" }, true],
		["OR", { team: "a" }, true],
		["OR", { env: "dev" }, false],
	] as const)(
		"filters on tags with %s: %j replicated = %s",
		async (filterType, tags, replicated) => {
			await addRule(hangzhou, "src", {
				UserTaggings: {
					FilterType: filterType,
					UserTagging: [
						{ Key: "env", Value: "prod" },
						{ Key: "team", Value: "a" },
					],
				},
				Destination: toDst,
			});
			const tagging = new URLSearchParams(tags).toString();
			await hangzhou.put("tagged", Buffer.from("t"), {
				headers: { "x-oss-tagging": tagging },
			});
			oss.service.flush();
			expect(await keys(beijing)).toEqual(replicated ? ["tagged"] : []);
			if (replicated)
				expect((await beijing.getObjectTagging("tagged")).tag).toEqual(tags);
		},
	);

	it.each([
		["ALL", true],
		["PUT", false],
		["PUT,DELETE", true],
	])(
		"replicates deletes only when Action includes them (Action %s)",
		async (action, deletes) => {
			await addRule(hangzhou, "src", { Action: action, Destination: toDst });
			await hangzhou.put("doomed", Buffer.from("d"));
			oss.service.flush();
			expect(await keys(beijing)).toEqual(["doomed"]);
			await hangzhou.delete("doomed");
			oss.service.flush();
			expect(await keys(beijing)).toEqual(deletes ? [] : ["doomed"]);
		},
	);

	it("reports the write time of the last replicated object as NewObject", async () => {
		const { ruleId } = await addRule(hangzhou, "src", {
			HistoricalObjectReplication: "disabled",
			Destination: toDst,
		});
		oss.service.flush();
		await hangzhou.put("new", Buffer.from("n"));
		oss.service.flush();
		const written = (await hangzhou.list(null)).objects[0].lastModified;
		const [rule] = await getProgress(hangzhou, "src", ruleId);
		expect(rule.Progress).toEqual({ NewObject: written });
	});

	it("does not replicate objects written by replication again", async () => {
		const third = oss.client({ region: "oss-cn-shanghai", bucket: "third" });
		await third.putBucket("third");
		await addRule(hangzhou, "src", { Destination: toDst });
		await addRule(beijing, "dst", {
			Destination: { Bucket: "third", Location: "oss-cn-shanghai" },
		});
		// And back, so a loop would show.
		await addRule(beijing, "dst", {
			Destination: { Bucket: "src", Location: "oss-cn-hangzhou" },
		});
		oss.service.flush();

		await hangzhou.put("once", Buffer.from("1"));
		oss.service.flush();
		expect(await keys(beijing)).toEqual(["once"]);
		expect(await keys(third)).toEqual([]);
		expect(await keys(hangzhou)).toEqual(["once"]);
	});

	it("stops replicating once the rule is closing", async () => {
		const { ruleId } = await addRule(hangzhou, "src", { Destination: toDst });
		oss.service.flush();
		await deleteRule(hangzhou, "src", ruleId);
		await hangzhou.put("late", Buffer.from("l"));
		oss.service.flush();
		expect(await keys(beijing)).toEqual([]);
		await expect(getRules(hangzhou, "src")).rejects.toMatchObject({
			code: "NoSuchReplicationConfiguration",
		});
	});

	it("gives replicas their own version id between versioned buckets", async () => {
		await hangzhou.putBucketVersioning("src", "Enabled");
		await beijing.putBucketVersioning("dst", "Enabled");
		await addRule(hangzhou, "src", { Destination: toDst });
		const put = await hangzhou.put("v", Buffer.from("v"));
		oss.service.flush();
		const copy = await beijing.head("v");
		expect(copy.res.headers["x-oss-version-id"]).toBeTruthy();
		expect(copy.res.headers["x-oss-version-id"]).not.toBe(
			put.res.headers["x-oss-version-id"],
		);
	});
});

describe("historical replication", () => {
	beforeEach(async () => {
		await hangzhou.put("old/1", Buffer.from("1"));
		await hangzhou.put("old/2", Buffer.from("2"));
		await hangzhou.put("keep/3", Buffer.from("3"));
	});

	it("copies the objects already in the source when enabled, and reports 1.00 when done", async () => {
		const { ruleId } = await addRule(hangzhou, "src", {
			PrefixSet: { Prefix: ["old/"] },
			Destination: toDst,
		});
		const [starting] = await getProgress(hangzhou, "src", ruleId);
		expect(starting.Status).toBe("starting");
		expect(starting.Progress).toBeUndefined();
		oss.service.flush();
		expect(await keys(beijing)).toEqual(["old/1", "old/2"]);
		const [done] = await getProgress(hangzhou, "src", ruleId);
		expect(done.Progress?.HistoricalObject).toBe("1.00");
	});

	it("leaves them alone when disabled, and reports no HistoricalObject", async () => {
		const { ruleId } = await addRule(hangzhou, "src", {
			HistoricalObjectReplication: "disabled",
			Destination: toDst,
		});
		oss.service.flush();
		expect(await keys(beijing)).toEqual([]);
		const [rule] = await getProgress(hangzhou, "src", ruleId);
		expect(rule.Progress?.HistoricalObject).toBeUndefined();
		expect(rule.Progress?.NewObject).toBeTruthy();
	});
});

describe("persistence", () => {
	it("keeps rules and objects across a restart, and finishes a starting rule", async () => {
		const dataDir = mkdtempSync(join(tmpdir(), "oss-emulator-"));
		try {
			const first = await startOss({ dataDir, startingDelayMs: 60_000 });
			const [alice] = first.accounts;
			const src = first.client({ bucket: "src" });
			await src.putBucket("src");
			await first.client({ region: "oss-cn-beijing" }).putBucket("dst");
			await src.put("before", Buffer.from("b"));
			await addRule(src, "src", { ID: "r", Destination: toDst });
			await first.close();

			const second = await startOss({ dataDir, accounts: [alice] });
			try {
				const again = second.client({ bucket: "src" });
				second.service.flush();
				expect((await getRules(again, "src"))[0]).toMatchObject({
					ID: "r",
					Status: "doing",
				});
				expect(
					await keys(
						second.client({ region: "oss-cn-beijing", bucket: "dst" }),
					),
				).toEqual(["before"]);
			} finally {
				await second.close();
			}
		} finally {
			rmSync(dataDir, { recursive: true, force: true });
		}
	});

	it("does the copies and deletes still waiting out the delay when the emulator stopped", async () => {
		const dataDir = mkdtempSync(join(tmpdir(), "oss-emulator-live-"));
		try {
			const first = await startOss({ dataDir });
			const [alice] = first.accounts;
			const src = first.client({ bucket: "src" });
			await src.putBucket("src");
			await first.client({ region: "oss-cn-beijing" }).putBucket("dst");
			await addRule(src, "src", {
				ID: "r",
				Destination: toDst,
				HistoricalObjectReplication: "disabled",
			});
			first.service.flush(); // starting -> doing
			await src.put("gone", Buffer.from("1"));
			await first.service.idle();
			await first.close();

			// An hour of delay: nothing below can replicate before the stop.
			const slow = await startOss({
				dataDir,
				accounts: [alice],
				replicationDelayMs: 3_600_000,
			});
			const slowSrc = slow.client({ bucket: "src" });
			await slowSrc.put("written", Buffer.from("2"));
			await slowSrc.delete("gone");
			const slowDst = slow.client({ region: "oss-cn-beijing", bucket: "dst" });
			expect(await keys(slowDst)).toEqual(["gone"]);
			await slow.close();

			const again = await startOss({ dataDir, accounts: [alice] });
			try {
				await again.service.idle();
				const dst = again.client({ region: "oss-cn-beijing", bucket: "dst" });
				expect(await keys(dst)).toEqual(["written"]);
			} finally {
				await again.close();
			}
		} finally {
			rmSync(dataDir, { recursive: true, force: true });
		}
	});
});
