import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	type CosEmulator,
	putReplicationRaw,
	role,
	startCosEmulator,
	summary,
	writes,
} from "../support/cos";
import { expectGolden, normalizeOutput } from "../support/golden";
import { TestProject } from "../support/pulumi";
import { expectQuietUp } from "../support/requests";

const srcRegion = "ap-guangzhou";
const dstRegion = "ap-beijing";

interface RuleSpec {
	id: string;
	prefix: string;
}

/** Two buckets and the authoritative configuration of the source. */
function program(
	src: string,
	dst: string,
	rules: RuleSpec[],
	roleText = role,
	options = "",
): string {
	const ruleList = rules
		.map(
			(r) =>
				`{ id: ${JSON.stringify(r.id)}, prefix: ${JSON.stringify(r.prefix)}, destination: { bucket: dst.bucket, region: dst.region } }`,
		)
		.join(",\n\t\t");
	return `import { cos } from "pulumi-bucket-replication";
const src = new cos.Bucket("src", { bucket: ${JSON.stringify(src)}, region: "${srcRegion}", versioning: "Enabled" });
const dst = new cos.Bucket("dst", { bucket: ${JSON.stringify(dst)}, region: "${dstRegion}", versioning: "Enabled" });
new cos.BucketReplication("replication", {
	bucket: src.bucket,
	region: src.region,
	role: ${JSON.stringify(roleText)},
	rules: [
		${ruleList}
	],
}${options ? `, ${options}` : ""});
`;
}

describe("COS BucketReplication through the real Pulumi CLI", () => {
	let cos: CosEmulator;
	let project: TestProject;
	let src: string;
	let dst: string;
	const logs = { id: "logs", prefix: "logs/" };
	const img = { id: "img", prefix: "img/" };

	beforeAll(async () => {
		cos = await startCosEmulator();
		src = cos.bucket("e2e-src");
		dst = cos.bucket("e2e-dst");
		project = await TestProject.create(
			"cos-replication",
			program(src, dst, [logs]),
			{
				...cos.env,
				BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "10",
			},
		);
	});
	afterAll(async () => {
		await project?.remove();
		await cos?.close();
	});

	const golden = (name: string, text: string) =>
		expectGolden(
			name,
			normalizeOutput(text, [
				[project.name, "<project>"],
				[cos.account.cos.appId, "<appid>"],
			]),
		);

	/** The source bucket's rules as COS has them (id -> prefix). */
	async function live(): Promise<Record<string, string>> {
		const result = await cos
			.client()
			.getBucketReplication({ Bucket: src, Region: srcRegion });
		const rules = (result.ReplicationConfiguration?.Rules ?? []) as Array<{
			ID: string;
			Prefix: string;
		}>;
		return Object.fromEntries(rules.map((r) => [r.ID, r.Prefix]));
	}

	it("creates buckets and the configuration, then a second up sends nothing", async () => {
		let mark = cos.mark();
		const created = await project.up();
		expect(created.stdout).toMatch(/\+ 4 created/);
		// Two buckets (PUT + PUT versioning each); the configuration (GET replication, GET versioning
		// of both buckets, GET replication, PUT replication, GET replication to read it back).
		expect(summary(cos.since(mark)).sort()).toEqual(
			[
				"PUT",
				"PUT versioning",
				"PUT",
				"PUT versioning",
				"GET replication",
				"GET versioning",
				"GET versioning",
				"GET replication",
				"PUT replication",
				"GET replication",
			].sort(),
		);
		expect(await live()).toEqual({ logs: "logs/" });

		mark = cos.mark();
		await project.mustRun([
			"up",
			"--yes",
			"--skip-preview",
			"--expect-no-changes",
		]);
		expect(cos.since(mark)).toEqual([]);
	});

	it("replicates objects written to the source", async () => {
		const client = cos.client();
		await client.putObject({
			Bucket: src,
			Region: srcRegion,
			Key: "logs/a.txt",
			Body: "hello",
		});
		await client.putObject({
			Bucket: src,
			Region: srcRegion,
			Key: "other/b.txt",
			Body: "not replicated",
		});
		await cos.service.idle();
		const copy = await client.getObject({
			Bucket: dst,
			Region: dstRegion,
			Key: "logs/a.txt",
		});
		expect(copy.Body.toString()).toBe("hello");
		const listed = await client.getBucket({ Bucket: dst, Region: dstRegion });
		expect(listed.Contents.map((o) => o.Key)).toEqual(["logs/a.txt"]);
	});

	it("preview --diff shows adding, changing and removing a rule (golden)", async () => {
		const mark = cos.mark();
		project.setProgram(program(src, dst, [logs, img]));
		golden("cos-preview-add-rule.txt", (await project.preview()).stdout);
		await project.up();
		expect(await live()).toEqual({ logs: "logs/", img: "img/" });

		project.setProgram(
			program(src, dst, [{ ...logs, prefix: "logs/v2/" }, img]),
		);
		golden("cos-preview-change-prefix.txt", (await project.preview()).stdout);

		project.setProgram(program(src, dst, [logs]));
		golden("cos-preview-remove-rule.txt", (await project.preview()).stdout);
		await project.up();
		expect(await live()).toEqual({ logs: "logs/" });
		// The update wrote the whole document once, and the previews wrote nothing.
		expect(summary(writes(cos.since(mark)))).toEqual([
			"PUT replication",
			"PUT replication",
		]);
	});

	it('ignoreChanges: ["rules"] keeps the stored rules (the engine hands them back keyed by id)', async () => {
		project.setProgram(
			program(
				src,
				dst,
				[{ ...logs, prefix: "ignored/" }],
				role,
				'{ ignoreChanges: ["rules"] }',
			),
		);
		await expectQuietUp(project, () => cos.mark());
		expect(await live()).toEqual({ logs: "logs/" });
		project.setProgram(program(src, dst, [logs]));
	});

	it("refresh shows an out-of-band change and the next up repairs it", async () => {
		await putReplicationRaw(cos.client(), src, srcRegion, [
			{
				ID: "logs",
				Status: "Enabled",
				Prefix: "tampered/",
				Destination: { Bucket: `qcs::cos:${dstRegion}::${dst}` },
			},
			{
				ID: "extra",
				Status: "Enabled",
				Prefix: "extra/",
				Destination: { Bucket: `qcs::cos:${dstRegion}::${dst}` },
			},
		]);
		const mark = cos.mark();
		const refreshed = await project.mustRun([
			"refresh",
			"--yes",
			"--skip-preview",
			"--diff",
		]);
		// One GET per resource: versioning of each bucket, replication of the configuration.
		expect(summary(cos.since(mark)).sort()).toEqual([
			"GET replication",
			"GET versioning",
			"GET versioning",
		]);
		expect(refreshed.stdout).toContain("tampered/");
		expect(refreshed.stdout).toMatch(/~ 1 updated/);

		const preview = await project.preview();
		expect(preview.stdout).toContain('"tampered/" => "logs/"');
		expect(preview.stdout).toMatch(/~ 1 to update/);

		await project.up();
		expect(await live()).toEqual({ logs: "logs/" });
		await project.mustRun([
			"up",
			"--yes",
			"--skip-preview",
			"--expect-no-changes",
		]);
	});

	it("bad input fails at preview, naming the field, with no request sent", async () => {
		project.setProgram(
			program(src, dst, [logs, { id: "nested", prefix: "logs/app/" }], "admin"),
		);
		const mark = cos.mark();
		const result = await project.run(["preview", "--diff"]);
		expect(result.code).not.toBe(0);
		const output = result.stdout + result.stderr;
		expect(output).toContain("role");
		expect(output).toContain("qcs::cam::uin/<OwnerUin>:uin/<SubUin>");
		expect(cos.since(mark)).toEqual([]);

		project.setProgram(
			program(src, dst, [logs, { id: "nested", prefix: "logs/app/" }]),
		);
		const overlap = await project.run(["preview", "--diff"]);
		expect(overlap.code).not.toBe(0);
		expect(overlap.stdout + overlap.stderr).toContain("overlapping prefixes");
		expect(cos.since(mark)).toEqual([]);
		project.setProgram(program(src, dst, [logs]));
	});

	it("destroy leaves no configuration and no bucket behind", async () => {
		const client = cos.client();
		// cos.Bucket does not empty buckets: remove the objects first, as a user would.
		for (const [bucket, region] of [
			[src, srcRegion],
			[dst, dstRegion],
		]) {
			const listed = await client.getBucket({ Bucket: bucket, Region: region });
			for (const o of listed.Contents)
				await client.deleteObject({
					Bucket: bucket,
					Region: region,
					Key: o.Key,
				});
		}
		const mark = cos.mark();
		const destroyed = await project.destroy();
		expect(destroyed.stdout).toMatch(/- 4 deleted/);
		expect(summary(cos.since(mark)).sort()).toEqual([
			"DELETE",
			"DELETE",
			"DELETE replication",
		]);
		const error = await client
			.getBucketReplication({ Bucket: src, Region: srcRegion })
			.catch((e) => e);
		expect(error.code).toBe("NoSuchBucket");
	});
});
