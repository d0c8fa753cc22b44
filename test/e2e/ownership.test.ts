import { BosClient } from "@baiducloud/sdk";
import OSS from "ali-oss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	type FaultOptions,
	type RunningEmulators,
	startEmulators,
} from "../../emulator";
import { providerEnv } from "../../emulator/env";
import { putRule, startBos } from "../emulator/bos-helpers";
import {
	type CosEmulator,
	makeBucket,
	role,
	ruleIds,
	startCosEmulator,
} from "../support/cos";
import {
	addRawRule,
	type OssEmulator,
	rawRules,
	startOssEmulator,
} from "../support/oss";
import { TestProject } from "../support/pulumi";

/**
 * "No rule ever lost or silently taken over" on OSS and BOS, from outside: two stacks writing one bucket
 * at once, rules written by another tool, and a renamed resource, all through the real CLI.
 */

const rounds = Number(process.env.OWNERSHIP_ROUNDS ?? 2);

/** OSS rules of one stack on `source`, one per destination (OSS allows one rule per pair). */
function ossProgram(
	names: Array<[resource: string, destination: string]>,
	source: string,
	extra = "",
): string {
	const rules = names
		.map(
			([name, dst]) => `new oss.BucketReplicationRule(${JSON.stringify(name)}, {
	bucket: "${source}",
	region: "cn-hangzhou",
	ruleId: "${dst}",
	prefixes: ["${dst}/"],
	destination: { bucket: "${dst}", location: "cn-beijing" },
	deleteTimeoutSeconds: 60,${extra}
});`,
		)
		.join("\n");
	return `import { oss } from "pulumi-bucket-replication";\n${rules}\n`;
}

/** BOS rules of one stack on `source`, each with its own id and resource. */
function bosProgram(
	names: Array<[resource: string, ruleId: string]>,
	source: string,
	destination: string,
	extra = "",
): string {
	const rules = names
		.map(
			([name, id]) => `new bos.BucketReplicationRule(${JSON.stringify(name)}, {
	region: "bj",
	bucket: "${source}",
	ruleId: "${id}",
	resource: ["${source}/${id}/*"],
	destination: { bucket: "${destination}" },${extra}
});`,
		)
		.join("\n");
	return `import { bos } from "pulumi-bucket-replication";\n${rules}\n`;
}

const ossIds = async (oss: OssEmulator, bucket: string) =>
	(await rawRules(oss.client("oss-cn-hangzhou"), bucket))
		.filter((r) => r.Status !== "closing")
		.map((r) => String(r.ID))
		.sort();

describe("OSS: two stacks, foreign rules and renames on one source bucket", () => {
	let oss: OssEmulator;
	const projects: TestProject[] = [];
	const env = () => ({
		...oss.env,
		BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "50",
	});
	const makeBuckets = async (...names: string[]) => {
		// The package's ali-oss typings declare only `request`.
		for (const [i, name] of names.entries())
			await oss
				.client(i === 0 ? "oss-cn-hangzhou" : "oss-cn-beijing")
				.request({ method: "PUT", bucket: name, successStatuses: [200] });
	};

	beforeAll(async () => {
		oss = await startOssEmulator({ startingDelayMs: 100, closingDelayMs: 300 });
	});
	afterAll(async () => {
		for (const p of projects) await p.remove();
		await oss?.close();
	});

	for (let round = 1; round <= rounds; round++) {
		it(`round ${round}: two stacks up at once keep every rule; a second up is a no-op; destroying one leaves the other's`, async () => {
			const src = oss.name("two-src");
			const [a1, a2, b1, b2] = ["a1", "a2", "b1", "b2"].map((n) => oss.name(n));
			await makeBuckets(src, a1, a2, b1, b2);
			const a = await TestProject.create(
				"own-oss-a",
				ossProgram(
					[
						["one", a1],
						["two", a2],
					],
					src,
				),
				env(),
			);
			const b = await TestProject.create(
				"own-oss-b",
				ossProgram(
					[
						["one", b1],
						["two", b2],
					],
					src,
				),
				env(),
			);
			projects.push(a, b);
			await Promise.all([a.up(), b.up()]);
			expect(await ossIds(oss, src)).toEqual([a1, a2, b1, b2].sort());
			for (const p of [a, b])
				await p.mustRun(["up", "--yes", "--expect-no-changes"]);
			await a.destroy();
			expect(await ossIds(oss, src)).toEqual([b1, b2].sort());
			await b.destroy();
		});
	}

	it("a foreign rule to the same destination: up refuses naming the difference, destroy leaves it", async () => {
		const src = oss.name("foreign-src");
		const dst = oss.name("foreign-dst");
		await makeBuckets(src, dst);
		await addRawRule(
			oss.client("oss-cn-hangzhou"),
			src,
			`<Rule><ID>theirs</ID><PrefixSet><Prefix>other/</Prefix></PrefixSet><Action>ALL</Action><Destination><Bucket>${dst}</Bucket><Location>oss-cn-beijing</Location></Destination><HistoricalObjectReplication>enabled</HistoricalObjectReplication></Rule>`,
		);
		const p = await TestProject.create(
			"own-oss-foreign",
			ossProgram([["mine", dst]], src),
			env(),
		);
		projects.push(p);
		const result = await p.run(["up", "--yes", "--skip-preview"]);
		expect(result.code).not.toBe(0);
		expect(result.stdout + result.stderr).toMatch(/theirs/);
		await p.destroy();
		expect(await ossIds(oss, src)).toEqual(["theirs"]);
	});

	it("an identical foreign rule is taken (docs/oss.md); `adopt: true` does not take a differing one", async () => {
		const src = oss.name("ident-src");
		const dst = oss.name("ident-dst");
		const other = oss.name("ident-other");
		await makeBuckets(src, dst, other);
		const client = oss.client("oss-cn-hangzhou");
		const rule = (id: string, bucket: string, prefix: string) =>
			`<Rule><ID>${id}</ID><PrefixSet><Prefix>${prefix}</Prefix></PrefixSet><Action>ALL</Action><Destination><Bucket>${bucket}</Bucket><Location>oss-cn-beijing</Location></Destination><HistoricalObjectReplication>enabled</HistoricalObjectReplication></Rule>`;
		await addRawRule(client, src, rule(dst, dst, `${dst}/`));
		await addRawRule(client, src, rule(other, other, "elsewhere/"));
		const p = await TestProject.create(
			"own-oss-ident",
			ossProgram([["same", dst]], src),
			env(),
		);
		projects.push(p);
		expect((await p.up()).stdout).toMatch(
			/OssBucketReplicationRule same created/,
		);
		p.setProgram(
			ossProgram(
				[
					["same", dst],
					["differs", other],
				],
				src,
				"\n\tadopt: true,",
			),
		);
		const refused = await p.run(["up", "--yes", "--skip-preview"]);
		expect(refused.code).not.toBe(0);
		expect(refused.stdout + refused.stderr).toMatch(/prefixes/);
		p.setProgram(ossProgram([["same", dst]], src));
		await p.destroy();
		expect(await ossIds(oss, src)).toEqual([other]);
	});

	it("renaming the resource without aliases keeps the rule (create-then-delete would delete it)", async () => {
		const src = oss.name("rename-src");
		const dst = oss.name("rename-dst");
		await makeBuckets(src, dst);
		const p = await TestProject.create(
			"own-oss-rename",
			ossProgram([["before", dst]], src),
			env(),
		);
		projects.push(p);
		await p.up();
		p.setProgram(ossProgram([["after", dst]], src));
		const preview = await p.preview();
		const up = await p.run(["up", "--yes", "--skip-preview"]);
		const after = await ossIds(oss, src);
		console.log(
			`OSS rename without aliases: preview\n${preview.stdout}\nup exit ${up.code}\n${up.stdout}${up.stderr}\nrules after: ${JSON.stringify(after)}`,
		);
		expect(after).toEqual([dst]);
		await p.mustRun(["up", "--yes", "--expect-no-changes"]);
	});

	it("a new ruleId is a delete-then-create replacement; the rule is there after, under its new id", async () => {
		const src = oss.name("reid-src");
		const dst = oss.name("reid-dst");
		await makeBuckets(src, dst);
		const p = await TestProject.create(
			"own-oss-reid",
			ossProgram([["rule", dst]], src),
			env(),
		);
		projects.push(p);
		await p.up();
		p.setProgram(
			ossProgram([["rule", dst]], src).replace(
				`ruleId: "${dst}"`,
				`ruleId: "renamed"`,
			),
		);
		// docs/oss.md: "`pulumi preview --diff` shows `+-… (replace)` with the changed property"; the
		// old rule goes first (one rule per destination).
		expect((await p.preview()).stdout).toMatch(
			/\+-pulumi-nodejs:dynamic\/bucket-replication:OssBucketReplicationRule: \(replace\)[\s\S]*~ ruleId: "[^"]+" => "renamed"/,
		);
		const up = await p.up();
		expect(up.stdout).toMatch(
			/deleted original.*\n(.*\n)*.*created replacement/,
		);
		expect(await ossIds(oss, src)).toEqual(["renamed"]);
	});

	it("renaming with aliases is a no-op", async () => {
		const src = oss.name("alias-src");
		const dst = oss.name("alias-dst");
		await makeBuckets(src, dst);
		const p = await TestProject.create(
			"own-oss-alias",
			ossProgram([["before", dst]], src),
			env(),
		);
		projects.push(p);
		await p.up();
		p.setProgram(
			ossProgram([["after", dst]], src).replace(
				"deleteTimeoutSeconds: 60,\n});",
				'deleteTimeoutSeconds: 60,\n}, { aliases: [{ name: "before" }] });',
			),
		);
		await p.mustRun(["up", "--yes", "--expect-no-changes"]);
		expect(await ossIds(oss, src)).toEqual([dst]);
	});
});

describe("BOS: two stacks, foreign rules and renames on one bucket", () => {
	let bos: Awaited<ReturnType<typeof startBos>>;
	const projects: TestProject[] = [];
	let n = 0;
	const name = (prefix: string) => `${prefix}-${process.pid}-${++n}`;
	const env = () => ({
		BAIDUCLOUD_BOS_ENDPOINT: bos.server.endpoint,
		BAIDUCLOUD_ACCESS_KEY: bos.accounts[0].bos.accessKey,
		BAIDUCLOUD_SECRET_KEY: bos.accounts[0].bos.secretKey,
		BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "1",
	});
	const ids = async (bucket: string) =>
		(await bos.client.listBucketReplication(bucket)).body.rules
			.map((r) => r.id)
			.sort();
	const pair = async () => {
		const src = name("own-src");
		const dst = name("own-dst");
		await bos.client.createBucket(src);
		await bos.client.createBucket(dst);
		return { src, dst };
	};

	beforeAll(async () => {
		bos = await startBos({ replicationDelayMs: 5 });
	});
	afterAll(async () => {
		for (const p of projects) await p.remove();
		await bos?.close();
	});

	for (let round = 1; round <= rounds; round++) {
		it(`round ${round}: two stacks up at once keep every rule; a second up is a no-op; destroying one leaves the other's`, async () => {
			const { src, dst } = await pair();
			const rules = (owner: string) =>
				[1, 2, 3].map((i): [string, string] => [`r${i}`, `${owner}${i}`]);
			const a = await TestProject.create(
				"own-bos-a",
				bosProgram(rules("a"), src, dst),
				env(),
			);
			const b = await TestProject.create(
				"own-bos-b",
				bosProgram(rules("b"), src, dst),
				env(),
			);
			projects.push(a, b);
			await Promise.all([a.up(), b.up()]);
			expect(await ids(src)).toEqual(["a1", "a2", "a3", "b1", "b2", "b3"]);
			for (const p of [a, b])
				await p.mustRun(["up", "--yes", "--expect-no-changes"]);
			await a.destroy();
			expect(await ids(src)).toEqual(["b1", "b2", "b3"]);
			await b.destroy();
		});
	}

	it("a foreign rule with the same id but other settings: up refuses naming the field, destroy leaves it", async () => {
		const { src, dst } = await pair();
		await putRule(bos.client, src, {
			id: "shared",
			status: "enabled",
			resource: [`${src}/elsewhere/*`],
			destination: { bucket: dst },
			replicateDeletes: "disabled",
		});
		const p = await TestProject.create(
			"own-bos-foreign",
			bosProgram([["mine", "shared"]], src, dst),
			env(),
		);
		projects.push(p);
		const result = await p.run(["up", "--yes", "--skip-preview"]);
		expect(result.code).not.toBe(0);
		expect(result.stdout + result.stderr).toMatch(/resource/);
		await p.destroy();
		expect(await ids(src)).toEqual(["shared"]);
	});

	it("renaming the resource without aliases keeps the rule (create-then-delete would delete it)", async () => {
		const { src, dst } = await pair();
		const p = await TestProject.create(
			"own-bos-rename",
			bosProgram([["before", "kept"]], src, dst),
			env(),
		);
		projects.push(p);
		await p.up();
		p.setProgram(bosProgram([["after", "kept"]], src, dst));
		const preview = await p.preview();
		const up = await p.run(["up", "--yes", "--skip-preview"]);
		const after = await ids(src);
		console.log(
			`BOS rename without aliases: preview\n${preview.stdout}\nup exit ${up.code}\n${up.stdout}${up.stderr}\nrules after: ${JSON.stringify(after)}`,
		);
		expect(after).toEqual(["kept"]);
		await p.mustRun(["up", "--yes", "--expect-no-changes"]);
	});
	it("two rules identical but for their ids (twins) in one stack: preview fails naming both; up --skip-preview writes only the first, registered before the second's constructor threw", async () => {
		const { src, dst } = await pair();
		const p = await TestProject.create(
			"own-bos-twins",
			bosProgram([["first", "one"]], src, dst) +
				bosProgram([["second", "two"]], src, dst)
					.replace(`${src}/two/*`, `${src}/one/*`)
					.replace(/^import.*\n/, ""),
			env(),
		);
		projects.push(p);
		const both =
			/bos\.BucketReplicationRule "first" and bos\.BucketReplicationRule "second" both declare the same replication rule/;
		const preview = await p.run(["preview"]);
		expect(preview.code).not.toBe(0);
		expect(preview.stdout + preview.stderr).toMatch(both);
		const result = await p.run(["up", "--yes", "--skip-preview"]);
		expect(result.code).not.toBe(0);
		expect(result.stdout + result.stderr).toMatch(both);
		expect(await ids(src)).toEqual(["one"]);
		await p.destroy();
		expect(await ids(src)).toEqual([]);
	});

	it("an identical rule made by another tool is taken (docs/bos.md), and destroy then deletes it", async () => {
		const { src, dst } = await pair();
		await putRule(bos.client, src, {
			id: "same",
			status: "enabled",
			resource: [`${src}/same/*`],
			destination: { bucket: dst },
			replicateDeletes: "disabled",
		});
		const p = await TestProject.create(
			"own-bos-identical",
			bosProgram([["mine", "same"]], src, dst),
			env(),
		);
		projects.push(p);
		const up = await p.up();
		expect(up.stdout).toMatch(/BosBucketReplicationRule mine created/);
		await p.destroy();
		expect(await ids(src)).toEqual([]);
	});

	it("moving a rule to another bucket creates it there, then deletes the old one", async () => {
		const first = await pair();
		const second = await pair();
		const p = await TestProject.create(
			"own-bos-move",
			bosProgram([["rule", "moved"]], first.src, first.dst),
			env(),
		);
		projects.push(p);
		await p.up();
		p.setProgram(bosProgram([["rule", "moved"]], second.src, second.dst));
		expect((await p.preview()).stdout).toMatch(
			/\+-pulumi-nodejs:dynamic\/bucket-replication:BosBucketReplicationRule: \(replace\)[\s\S]*~ bucket:/,
		);
		const up = await p.up();
		expect(up.stdout).toMatch(/created replacement(.*\n)*.*deleted original/);
		expect(await ids(first.src)).toEqual([]);
		expect(await ids(second.src)).toEqual(["moved"]);
	});
});

describe("answers lost during OSS and BOS creates and deletes, beside another tool's rules", () => {
	// Turned on only while the CLI runs; the emulators draw from this object on every request.
	const faults: FaultOptions = { ambiguousRate: 0, seed: 5 };
	let emulators: RunningEmulators;
	let project: TestProject | undefined;
	afterAll(async () => {
		faults.ambiguousRate = 0;
		await project?.remove();
		await emulators?.close();
	});

	it("up and destroy, each rerun once if it failed: no duplicate, no orphan, the foreign rules untouched", async () => {
		emulators = await startEmulators({
			faults,
			ossStartingDelayMs: 0,
			ossClosingDelayMs: 100,
		});
		const { oss: o, bos: b } = emulators.endpoints();
		const hangzhou = new OSS({
			accessKeyId: o.accessKeyId,
			accessKeySecret: o.accessKeySecret,
			region: "oss-cn-hangzhou",
			endpoint: o.endpoint,
		});
		const beijing = new OSS({
			accessKeyId: o.accessKeyId,
			accessKeySecret: o.accessKeySecret,
			region: "oss-cn-beijing",
			endpoint: o.endpoint,
		});
		const bosClient = new BosClient({
			endpoint: b.endpoint,
			credentials: { ak: b.accessKey, sk: b.secretKey },
		});
		const put = (c: OSS, bucket: string) =>
			c.request({ method: "PUT", bucket, successStatuses: [200] });
		await put(hangzhou, "lost-src");
		await put(beijing, "lost-ours");
		await put(beijing, "lost-theirs");
		await addRawRule(
			hangzhou,
			"lost-src",
			"<Rule><ID>theirs</ID><Action>ALL</Action><Destination><Bucket>lost-theirs</Bucket><Location>oss-cn-beijing</Location></Destination><HistoricalObjectReplication>enabled</HistoricalObjectReplication></Rule>",
		);
		await bosClient.createBucket("lost-bos-src");
		await bosClient.createBucket("lost-bos-dst");
		await putRule(bosClient, "lost-bos-src", {
			id: "theirs",
			status: "enabled",
			resource: ["lost-bos-src/theirs/*"],
			destination: { bucket: "lost-bos-dst" },
			replicateDeletes: "disabled",
		});
		const ossRules = async () =>
			(await rawRules(hangzhou, "lost-src"))
				.filter((r) => r.Status !== "closing")
				.map((r) => String(r.ID))
				.sort();
		const bosRules = async () =>
			(await bosClient.listBucketReplication("lost-bos-src")).body.rules
				.map((r) => r.id)
				.sort();

		project = await TestProject.create(
			"own-lost",
			ossProgram([["oss", "lost-ours"]], "lost-src") +
				bosProgram([["bos", "ours"]], "lost-bos-src", "lost-bos-dst"),
			{
				...providerEnv(emulators.endpoints()),
				BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "1",
				BUCKET_REPLICATION_MAX_RETRIES: "8",
			},
		);
		const twice = async (args: string[]) => {
			faults.ambiguousRate = 0.4;
			const first = await project?.run(args);
			const second = first?.code === 0 ? first : await project?.run(args);
			faults.ambiguousRate = 0;
			const lost = [
				...emulators.requests.oss,
				...emulators.requests.bos,
			].filter((r) => r.answerLost && r.method !== "GET").length;
			return {
				code: second?.code,
				out: `${second?.stdout}${second?.stderr}`,
				lost,
			};
		};

		const up = await twice(["up", "--yes", "--skip-preview"]);
		expect(up.code, up.out).toBe(0);
		expect(await ossRules()).toEqual(["lost-ours", "theirs"]);
		expect(await bosRules()).toEqual(["ours", "theirs"]);
		await project.mustRun(["up", "--yes", "--expect-no-changes"]);

		const destroy = await twice(["destroy", "--yes", "--skip-preview"]);
		expect(destroy.code, destroy.out).toBe(0);
		console.log(`write answers lost in up and destroy: ${destroy.lost}`);
		expect(destroy.lost).toBeGreaterThan(0);
		expect(await ossRules()).toEqual(["theirs"]);
		expect(await bosRules()).toEqual(["theirs"]);
	});
});

describe("COS: a resource renamed without aliases keeps its rule or document", () => {
	let cos: CosEmulator;
	const projects: TestProject[] = [];
	beforeAll(async () => {
		cos = await startCosEmulator();
	});
	afterAll(async () => {
		for (const p of projects) await p.remove();
		await cos?.close();
	});

	const cases: Array<
		[string, (name: string, src: string, dst: string) => string]
	> = [
		[
			"BucketReplicationRule",
			(name, src, dst) => `import * as cos from "pulumi-bucket-replication/cos";
new cos.BucketReplicationRule("${name}", { bucket: "${src}", region: "ap-guangzhou", role: ${JSON.stringify(role)}, ruleId: "kept", prefix: "k/", destination: { bucket: "qcs::cos:ap-beijing::${dst}" } });`,
		],
		[
			"BucketReplication",
			(name, src, dst) => `import * as cos from "pulumi-bucket-replication/cos";
new cos.BucketReplication("${name}", { bucket: "${src}", region: "ap-guangzhou", role: ${JSON.stringify(role)}, rules: [{ id: "kept", prefix: "k/", destination: { bucket: "qcs::cos:ap-beijing::${dst}" } }] });`,
		],
	];
	for (const [type, program] of cases) {
		it(`${type}: up creates the new one, deletes the old one, and the rule stays`, async () => {
			const src = cos.bucket(`ren-src-${type.length}`);
			const dst = cos.bucket(`ren-dst-${type.length}`);
			await makeBucket(cos.client(), src, "ap-guangzhou");
			await makeBucket(cos.client(), dst, "ap-beijing");
			const p = await TestProject.create(
				"own-cos-rename",
				program("before", src, dst),
				cos.env,
			);
			projects.push(p);
			await p.up();
			p.setProgram(program("after", src, dst));
			const up = await p.up();
			expect(up.stdout).toMatch(/\+ 1 created[\s\S]*- 1 deleted/);
			expect(await ruleIds(cos.client(), src, "ap-guangzhou")).toEqual([
				"kept",
			]);
			await p.mustRun(["up", "--yes", "--expect-no-changes"]);
		});
	}
});
