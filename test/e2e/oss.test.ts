import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	deleteRawRule,
	hasObject,
	type OssEmulator,
	putObject,
	rawRules,
	startOssEmulator,
	summary,
	writes,
} from "../support/oss";
import { TestProject } from "../support/pulumi";

/**
 * `oss.BucketReplicationRule` and `oss.Bucket` through the real Pulumi CLI against the OSS emulator.
 * The provider reads the keys and the endpoint from the CLI's environment.
 */

interface Names {
	source: string;
	beijing: string;
	shanghai: string;
}

interface RuleOptions {
	prefixes?: string[];
	rtc?: "enabled" | "disabled";
	deleteTimeoutSeconds?: number;
}

function program(
	names: Names,
	first: RuleOptions = {},
	second: RuleOptions = {},
): string {
	return `
import { oss } from "pulumi-bucket-replication";

const source = new oss.Bucket("source", { bucket: "${names.source}", region: "cn-hangzhou", versioning: "Enabled" });
const beijing = new oss.Bucket("beijing", { bucket: "${names.beijing}", region: "cn-beijing", versioning: "Enabled" });
const shanghai = new oss.Bucket("shanghai", { bucket: "${names.shanghai}", region: "cn-shanghai", versioning: "Enabled" });

export const toBeijing = new oss.BucketReplicationRule("to-beijing", {
	bucket: source.bucket,
	region: source.region,
	ruleId: "to-beijing",
	prefixes: ${JSON.stringify(first.prefixes ?? ["logs/"])},
	destination: { bucket: beijing.bucket, location: beijing.region },
	rtc: "${first.rtc ?? "disabled"}",
	deleteTimeoutSeconds: ${first.deleteTimeoutSeconds ?? 60},
}).status;

export const toShanghai = new oss.BucketReplicationRule("to-shanghai", {
	bucket: source.bucket,
	region: source.region,
	destination: { bucket: shanghai.bucket, location: "oss-cn-shanghai" },
	rtc: "${second.rtc ?? "disabled"}",
	deleteTimeoutSeconds: ${second.deleteTimeoutSeconds ?? 60},
}).ruleId;
`;
}

/** Replaces what changes from run to run (names, ids, timings) so output can be compared to a golden file. */
function normalize(text: string, project: TestProject, names: Names): string {
	return (
		text
			.split(project.name)
			.join("<project>")
			.split(names.source)
			.join("<source>")
			.split(names.beijing)
			.join("<beijing>")
			.split(names.shanghai)
			.join("<shanghai>")
			.replace(
				/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g,
				"<uuid>",
			)
			// The CLI's heartbeat when a step is slow ("@ previewing update...."): load, not behaviour.
			.replace(/^@ [a-z ]+\.+\n/gm, "")
			.replace(/Duration: .*/g, "Duration: <duration>")
			.replace(/\d+(\.\d+)?m?s\b/g, "<time>")
			.replace(/[ \t]+$/gm, "")
	);
}

/** Compares with `test/golden/<name>`; `UPDATE_GOLDEN=1` rewrites the file instead. */
function expectGolden(name: string, actual: string): void {
	const path = join(__dirname, "../golden", name);
	if (process.env.UPDATE_GOLDEN === "1") writeFileSync(path, actual);
	expect(actual).toBe(readFileSync(path, "utf8"));
}

describe("OSS replication through pulumi up", () => {
	let oss: OssEmulator;
	const projects: TestProject[] = [];
	beforeAll(async () => {
		oss = await startOssEmulator({
			startingDelayMs: 200,
			closingDelayMs: 1500,
		});
	});
	afterAll(async () => {
		for (const p of projects) await p.remove();
		await oss?.close();
	});

	function env() {
		return { ...oss.env, BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "50" };
	}

	/** Runs `fn`, returns the requests the emulator answered meanwhile. */
	async function counted<T>(fn: () => Promise<T>) {
		const mark = oss.server.requests.length;
		const result = await fn();
		return { result, requests: oss.since(mark) };
	}

	it("creates two rules, converges, replaces, updates RTC in place, recreates, destroys", async () => {
		const names: Names = {
			source: oss.name("src"),
			beijing: oss.name("bj"),
			shanghai: oss.name("sh"),
		};
		const project = await TestProject.create("oss", program(names), env());
		projects.push(project);
		const client = oss.client("oss-cn-hangzhou");

		// Create: 3 buckets with versioning, 2 rules.
		const created = await counted(() => project.up());
		expect(created.result.stdout).toMatch(/\+ 6 created/);
		expect(summary(writes(created.requests)).sort()).toEqual(
			[
				...Array(3).fill("PUT /"),
				...Array(3).fill("PUT /?versioning="),
				...Array(2).fill("POST /?replication=&comp=add"),
			].sort(),
		);
		const rules = await rawRules(client, names.source);
		expect(rules.map((r) => r.ID)).toContain("to-beijing");
		expect(rules).toHaveLength(2);

		// Objects replicate (prefix logs/ to Beijing; everything to Shanghai).
		await putObject(client, names.source, "logs/a.txt", "hello");
		await putObject(client, names.source, "other/b.txt", "hello");
		await oss.service.idle();
		expect(
			await hasObject(
				oss.client("oss-cn-beijing"),
				names.beijing,
				"logs/a.txt",
			),
		).toBe(true);
		expect(
			await hasObject(
				oss.client("oss-cn-beijing"),
				names.beijing,
				"other/b.txt",
			),
		).toBe(false);
		expect(
			await hasObject(
				oss.client("oss-cn-shanghai"),
				names.shanghai,
				"other/b.txt",
			),
		).toBe(true);

		// A second up sends nothing at all: check and diff are offline.
		const noop = await counted(() =>
			project.mustRun(["up", "--yes", "--skip-preview", "--expect-no-changes"]),
		);
		expect(noop.requests).toEqual([]);

		// Changing a prefix: preview says replace, because of prefixes.
		project.setProgram(program(names, { prefixes: ["audit/", "logs/"] }));
		const preview = await counted(() => project.preview());
		expect(preview.requests).toEqual([]);
		expectGolden(
			"oss-preview-replace.txt",
			normalize(preview.result.stdout, project, names),
		);

		// up deletes, waits until the old rule is gone, and recreates it.
		const replaced = await counted(() => project.up());
		expect(replaced.result.stdout).toMatch(/\+-1 replaced/);
		const replaceWrites = summary(writes(replaced.requests));
		expect(replaceWrites).toEqual([
			"POST /?replication=&comp=delete",
			"POST /?replication=&comp=add",
		]);
		const afterReplace = await rawRules(client, names.source);
		expect(afterReplace.find((r) => r.ID === "to-beijing")?.PrefixSet).toEqual({
			Prefix: ["audit/", "logs/"],
		});

		// RTC toggles in place: one PutBucketRTC.
		project.setProgram(
			program(names, { prefixes: ["audit/", "logs/"] }, { rtc: "enabled" }),
		);
		const rtc = await counted(() => project.up());
		expect(rtc.result.stdout).toMatch(/~ 1 updated/);
		expect(summary(rtc.requests)).toEqual(["PUT /?rtc="]);

		// RTC switched off out of band: refresh shows the drift, preview names it, up repairs it.
		const shanghaiRule = (await rawRules(client, names.source)).find(
			(r) => r.ID !== "to-beijing",
		);
		await client.request({
			method: "PUT",
			bucket: names.source,
			subres: "rtc",
			mime: "xml",
			content: `<ReplicationRule><RTC><Status>disabled</Status></RTC><ID>${shanghaiRule?.ID}</ID></ReplicationRule>`,
			successStatuses: [200],
		});
		await project.refresh();
		const drift = await project.preview();
		expect(drift.stdout).toMatch(/~ rtc +: "disabled" => "enabled"/);
		expect(drift.stdout).toMatch(/~ 1 to update/);
		const repaired = await counted(() => project.up());
		expect(summary(repaired.requests)).toEqual(["PUT /?rtc="]);
		await project.refresh();
		await project.mustRun([
			"up",
			"--yes",
			"--skip-preview",
			"--expect-no-changes",
		]);

		// A rule deleted out of band: refresh notices, up recreates it.
		const shanghaiId = afterReplace.find((r) => r.ID !== "to-beijing")
			?.ID as string;
		await deleteRawRule(client, names.source, shanghaiId);
		await oss.service.idle();
		const refreshed = await counted(() => project.refresh());
		expect(refreshed.result.stdout).toMatch(/- 1 deleted/);
		expect(writes(refreshed.requests)).toEqual([]);
		const recreated = await counted(() => project.up());
		expect(recreated.result.stdout).toMatch(/\+ 1 created/);
		expect(summary(writes(recreated.requests))).toEqual([
			"POST /?replication=&comp=add",
		]);
		// Without a ruleId in the program the recreated rule gets the id derived from its destination.
		const back = await rawRules(client, names.source);
		expect(back).toHaveLength(2);
		const toShanghai = back.find(
			(r) =>
				(r.Destination as Record<string, unknown>).Bucket === names.shanghai,
		);
		// RTC as programmed: `enabling` moves on to `enabled` on a timer, so either is the outcome.
		expect(["enabling", "enabled"]).toContain(
			(toShanghai?.RTC as { Status?: string } | undefined)?.Status,
		);
		await project.mustRun([
			"up",
			"--yes",
			"--skip-preview",
			"--expect-no-changes",
		]);

		// Nothing secret in state.
		const state = project.stateFileText();
		expect(state).not.toContain(oss.account.oss.accessKeySecret);
		expect(state).not.toContain(oss.account.oss.accessKeyId);

		// Replicated objects must go before the destination buckets can be deleted.
		for (const [region, bucket] of [
			["oss-cn-hangzhou", names.source],
			["oss-cn-beijing", names.beijing],
			["oss-cn-shanghai", names.shanghai],
		]) {
			await emptyBucket(oss, region, bucket);
		}

		// destroy waits until the rules are gone before deleting the buckets.
		const destroyed = await counted(() => project.destroy());
		expect(destroyed.result.stdout).toMatch(/- 6 deleted/);
		expect(await rawRules(client, names.source).catch((e) => e.code)).toBe(
			"NoSuchBucket",
		);
	});

	it("a delete that outlives its timeout fails the up, saying what is still closing", async () => {
		const slow = await startOssEmulator({ closingDelayMs: 120_000 });
		try {
			const names: Names = {
				source: slow.name("src"),
				beijing: slow.name("bj"),
				shanghai: slow.name("sh"),
			};
			const project = await TestProject.create(
				"oss-timeout",
				program(names, { deleteTimeoutSeconds: 2 }),
				{ ...slow.env },
			);
			try {
				await project.up();
				project.setProgram(
					program(names, { prefixes: ["audit/"], deleteTimeoutSeconds: 2 }),
				);
				const failed = await project.run(["up", "--yes", "--skip-preview"]);
				expect(failed.code).not.toBe(0);
				const output = failed.stdout + failed.stderr;
				expect(output).toContain(
					`OSS bucket "${names.source}" rule "to-beijing": the deleted rule "to-beijing" is still there after 2 s ("to-beijing" closing); OSS refuses a new rule to destination "${names.beijing}" until it is gone.`,
				);
				// The old rule is still in state: nothing was lost or forgotten.
				const state = await project.exportState();
				const rule = (state.deployment.resources ?? []).find((r) =>
					String(r.urn).endsWith("::to-beijing"),
				);
				expect(
					(rule?.outputs as Record<string, unknown> | undefined)?.prefixes,
				).toEqual(["logs/"]);
			} finally {
				await project.run(["stack", "rm", "--yes", "--force"]);
			}
		} finally {
			await slow.close();
		}
	});

	it("bad input fails at preview, naming the property, with no request sent", async () => {
		const names: Names = {
			source: oss.name("src"),
			beijing: oss.name("bj"),
			shanghai: oss.name("sh"),
		};
		const project = await TestProject.create(
			"oss-invalid",
			program(names, { prefixes: ["logs", "logs/2024/"] }),
			env(),
		);
		projects.push(project);
		const result = await counted(() => project.run(["preview", "--diff"]));
		expect(result.result.code).not.toBe(0);
		expect(result.result.stdout + result.result.stderr).toContain(
			'property prefixes value {[{logs} {logs/2024/}]} has a problem: prefixes[1]: prefix "logs/2024/" overlaps prefix "logs"; OSS refuses overlapping prefixes',
		);
		expect(result.requests).toEqual([]);
	});
});

/** Deletes every object of a bucket through the API (versioned buckets keep delete markers; fine here). */
async function emptyBucket(
	oss: OssEmulator,
	region: string,
	bucket: string,
): Promise<void> {
	const client = oss.client(region);
	const listed = await client.request({
		method: "GET",
		bucket,
		successStatuses: [200],
		xmlResponse: true,
	});
	const contents = (listed.data as { Contents?: unknown }).Contents;
	const list = (
		Array.isArray(contents) ? contents : contents ? [contents] : []
	) as Array<{
		Key: string;
	}>;
	for (const { Key } of list)
		await client.request({
			method: "DELETE",
			bucket,
			object: Key,
			successStatuses: [204],
		});
}
