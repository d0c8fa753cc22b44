import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	getRule,
	keysOf,
	progressOf,
	putRule,
	startBos,
} from "../emulator/bos-helpers";
import { expectGolden, normalizeOutput } from "../support/golden";
import { TestProject } from "../support/pulumi";

const src = "e2e-src";
const dst = "e2e-dst";

interface Knobs {
	logsClass: string;
	imagesStatus: string;
	ruleId?: string;
}

/** Three rules on one bucket (exclusions, a destination prefix), plus a bucket of the program's own. */
const program = (k: Knobs) => `
import { bos } from "pulumi-bucket-replication";

new bos.Bucket("scratch", { region: "bj", bucket: "e2e-scratch", versioning: "enabled" });

new bos.BucketReplicationRule("logs", {
	region: "bj",
	bucket: "${src}",
	ruleId: "${k.ruleId ?? "logs"}",
	resource: ["${src}/logs/*"],
	notIncludeResource: ["${src}/logs/tmp*", "${src}/*.tmp"],
	destination: { bucket: "${dst}", storageClass: "${k.logsClass}", prefix: "copy/" },
	replicateHistory: {},
	replicateDeletes: "enabled",
});

new bos.BucketReplicationRule("images", {
	region: "bj",
	bucket: "${src}",
	ruleId: "images",
	resource: ["${src}/img*"],
	status: "${k.imagesStatus}",
	destination: { bucket: "${dst}" },
});

new bos.BucketReplicationRule("archive", {
	region: "bj",
	bucket: "${src}",
	ruleId: "archive",
	resource: ["${src}/archive/*"],
	destination: { bucket: "${dst}", storageClass: "COLD" },
});
`;

const initial: Knobs = { logsClass: "STANDARD", imagesStatus: "enabled" };

describe("BOS replication rules through the real Pulumi CLI", () => {
	let bos: Awaited<ReturnType<typeof startBos>>;
	let project: TestProject;

	beforeAll(async () => {
		bos = await startBos({ replicationDelayMs: 5 });
		await bos.client.createBucket(src);
		await bos.client.createBucket(dst);
	});
	afterAll(async () => {
		await project?.remove();
		await bos?.close();
	});

	/** Requests the emulator answered while `fn` ran, as "METHOD /path?query". */
	async function requestsOf(fn: () => Promise<unknown>): Promise<string[]> {
		const start = bos.server.requests.length;
		await fn();
		return bos.server.requests
			.slice(start)
			.map((r) => `${r.method} ${r.rawPath}?${decodeURIComponent(r.rawQuery)}`);
	}
	const writes = (requests: string[]) =>
		requests.filter((r) => !r.startsWith("GET") && !r.startsWith("HEAD"));
	const ruleIds = async () =>
		(await bos.client.listBucketReplication(src)).body.rules
			.map((r) => r.id)
			.sort();

	it("manages three rules: converge, no-op, update, replacement, drift, replication, bad input, destroy", async () => {
		const { accessKey, secretKey } = bos.accounts[0].bos;
		project = await TestProject.create("bos", program(initial), {
			BAIDUCLOUD_BOS_ENDPOINT: bos.server.endpoint,
			BAIDUCLOUD_ACCESS_KEY: accessKey,
			BAIDUCLOUD_SECRET_KEY: secretKey,
			BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "1",
		});
		// A rule written out of band: never touched, and it survives destroy.
		await putRule(bos.client, src, {
			id: "manual",
			status: "enabled",
			resource: [`${src}/manual/*`],
			destination: { bucket: dst },
			replicateDeletes: "disabled",
		});

		// 1. Create: per rule PUT and GET progress, the LISTs before and after the PUTs shared by the
		// rules written together (provider/bos/batch.ts; how many batches depends on when the engine
		// starts each create); the bucket PUT bucket + PUT versioning.
		let created = "";
		const createRequests = await requestsOf(async () => {
			created = (await project.up()).stdout;
		});
		expect(created).toMatch(/\+ 5 created/);
		expect(await ruleIds()).toEqual(["archive", "images", "logs", "manual"]);
		const lists = createRequests.filter((r) =>
			r.endsWith("?replication=&list="),
		).length;
		expect(lists).toBeGreaterThanOrEqual(2);
		expect(lists).toBeLessThanOrEqual(3 * 2);
		expect(
			createRequests.filter((r) =>
				r.startsWith("GET /e2e-src?replication=&id="),
			),
		).toEqual([]);
		expect(createRequests).toHaveLength(3 * 2 + lists + 2);
		expect(writes(createRequests).sort()).toEqual([
			"PUT /e2e-scratch?",
			"PUT /e2e-scratch?versioning=",
			"PUT /e2e-src?replication=&id=archive",
			"PUT /e2e-src?replication=&id=images",
			"PUT /e2e-src?replication=&id=logs",
		]);
		const logs = (await getRule(bos.client, src, "logs")).body;
		expect(logs).toMatchObject({
			notIncludeResource: [`${src}/*.tmp`, `${src}/logs/tmp*`],
			destination: { bucket: dst, storageClass: "STANDARD", prefix: "copy/" },
		});

		// 2. Objects replicate under the prefix; excluded and uncovered ones do not.
		for (const key of [
			"logs/a.txt",
			"logs/tmp-1.txt",
			"logs/b.tmp",
			"img1.png",
			"other/x.txt",
		]) {
			await bos.client.putObjectFromString(src, key, key);
		}
		await bos.service.idle();
		expect(await keysOf(bos.client, dst)).toEqual([
			"copy/logs/a.txt",
			"img1.png",
		]);

		// 3. A second `up` changes nothing, sends nothing, and restarts nothing.
		const progress = await progressOf(bos.client, src, "logs");
		const noop = await requestsOf(() =>
			project.mustRun(["up", "--yes", "--skip-preview", "--expect-no-changes"]),
		);
		expect(noop).toEqual([]);
		expect(await progressOf(bos.client, src, "logs")).toEqual(progress);

		// 4. A destination storage class change: an update in place, shown with its restart.
		// Golden previews: only the project name is volatile (the stack is `test`, ids are
		// `<bucket>/<ruleId>`), so urns and ids stay and show which rule changes.
		// `UPDATE_GOLDEN=1` rewrites the files.
		project.setProgram(program({ ...initial, logsClass: "STANDARD_IA" }));
		const updatePreview = await project.preview();
		expectGolden(
			"bos-update-preview.txt",
			normalizeOutput(updatePreview.stdout, [[project.name, "<project>"]]),
		);
		const updateRequests = await requestsOf(() => project.up());
		expect(writes(updateRequests)).toEqual([
			"PUT /e2e-src?replication=&id=logs",
		]);
		expect(updateRequests).toHaveLength(4);
		const updated = (await getRule(bos.client, src, "logs")).body;
		expect(updated.destination.storageClass).toBe("STANDARD_IA");
		expect(updated.createTime).toBe(logs.createTime);

		// 5. enabled -> disabled: the preview shows a replacement because of `status`; up performs it.
		project.setProgram(
			program({ logsClass: "STANDARD_IA", imagesStatus: "disabled" }),
		);
		const replacePreview = await project.preview();
		expectGolden(
			"bos-replace-preview.txt",
			normalizeOutput(replacePreview.stdout, [[project.name, "<project>"]]),
		);
		const replaceRequests = await requestsOf(() => project.up());
		expect(writes(replaceRequests)).toEqual([
			"DELETE /e2e-src?replication=&id=images",
			"PUT /e2e-src?replication=&id=images",
		]);
		expect(replaceRequests).toHaveLength(5);
		expect((await getRule(bos.client, src, "images")).body.status).toBe(
			"disabled",
		);
		const current = { logsClass: "STANDARD_IA", imagesStatus: "disabled" };

		// 6. A rule deleted out of band: refresh drops it, the next up recreates it.
		await bos.client.sendRequest("DELETE", {
			bucketName: src,
			params: { replication: "", id: "archive" },
		});
		const refreshRequests = await requestsOf(() => project.refresh());
		expect(writes(refreshRequests)).toEqual([]);
		// Per rule GET + GET progress (the deleted one: GET only); the bucket GET versioning.
		expect(refreshRequests).toHaveLength(2 + 2 + 1 + 1);
		const recreate = await project.up();
		expect(recreate.stdout).toMatch(/\+ 1 created/);
		expect(await ruleIds()).toEqual(["archive", "images", "logs", "manual"]);
		await project.mustRun([
			"up",
			"--yes",
			"--skip-preview",
			"--expect-no-changes",
		]);
		// docs/*.md "Requests per operation": without --skip-preview, the CLI first runs a preview of the
		// refresh, which reads as much again: per rule GET + GET progress, the bucket's GET versioning, twice.
		const previewed = await requestsOf(() =>
			project.mustRun(["refresh", "--yes"]),
		);
		expect(writes(previewed)).toEqual([]);
		expect(previewed).toHaveLength(2 * (3 * 2 + 1));
		expect(
			[...new Set(previewed)].every(
				(r) => previewed.filter((p) => p === r).length === 2,
			),
		).toBe(true);

		// 7. Bad input fails at preview, with the field named, and nothing is sent.
		project.setProgram(program({ ...current, ruleId: "logs.v2!" }));
		let bad = { code: 0, stdout: "", stderr: "" };
		const badRequests = await requestsOf(async () => {
			bad = await project.run(["preview", "--diff"]);
		});
		expect(bad.code).not.toBe(0);
		expect(bad.stdout + bad.stderr).toMatch(
			/property ruleId value \{logs\.v2!\} has a problem: ruleId "logs\.v2!" is invalid: 1 to 20 letters, digits, - and _/,
		);
		expect(badRequests).toEqual([]);
		project.setProgram(program(current));

		// No credential in the state.
		expect(project.stateFileText()).not.toContain(secretKey);

		// 8. Destroy removes our rules and bucket, and only those.
		const destroyRequests = await requestsOf(() => project.destroy());
		expect(writes(destroyRequests).sort()).toEqual([
			"DELETE /e2e-scratch?",
			"DELETE /e2e-src?replication=&id=archive",
			"DELETE /e2e-src?replication=&id=images",
			"DELETE /e2e-src?replication=&id=logs",
		]);
		expect(destroyRequests).toHaveLength(4);
		expect(await ruleIds()).toEqual(["manual"]);
		// Twelve CLI runs (one a refresh with its preview): on a loaded 2-core machine they outlast the default timeout.
	}, 360_000);
});
