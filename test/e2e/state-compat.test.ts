import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	providerEnv,
	type RunningEmulators,
	startEmulators,
} from "../../emulator";
import {
	languageProject,
	pluginsBlock,
	withLanghosts,
} from "../support/pluginProject";
import { TestProject } from "../support/pulumi";

/**
 * State written by earlier versions keeps working after the stub changed: no diff, no replacement, no
 * request. Each fixture is the `pulumi stack export` of a real `up` and `refresh` of the program below
 * (every resource type, `live` and progress filled in), with the project and stack names and the stub
 * text templated: test/fixtures/state-v1.json with version 0.1.0 (provider stub v1, 3,181 bytes),
 * test/fixtures/state-v2.json with main at df9a6f3 (stub v2, 2,476 bytes, serialized by
 * pulumi.dynamic.Resource like v1).
 */
const golden = (name: string) =>
	readFileSync(join(__dirname, `../golden/${name}`), "utf8");
const currentStub = golden("provider.txt");
const versions = [
	{
		version: "v1",
		stub: golden("provider-v1.txt"),
		bytes: 3181,
		fixture: readFileSync(join(__dirname, "../fixtures/state-v1.json"), "utf8"),
	},
	{
		version: "v2",
		stub: golden("provider-v2.txt"),
		bytes: 2476,
		fixture: readFileSync(join(__dirname, "../fixtures/state-v2.json"), "utf8"),
	},
];

const program = `
import { bos, cos, oss } from "pulumi-bucket-replication";
import { Smoke } from "pulumi-bucket-replication/testing";

new Smoke("smoke", { message: "hello" });

const appId = "1250000000";
const cosSrc = new cos.Bucket("cos-src", { bucket: \`compat-src-\${appId}\`, region: "ap-guangzhou", versioning: "Enabled" });
const cosDst = new cos.Bucket("cos-dst", { bucket: \`compat-dst-\${appId}\`, region: "ap-beijing", versioning: "Enabled" });
const cosWhole = new cos.Bucket("cos-whole", { bucket: \`compat-whole-\${appId}\`, region: "ap-guangzhou", versioning: "Enabled" });
const role = "qcs::cam::uin/100000000001:uin/100000000001";
new cos.BucketReplicationRule("cos-rule", {
	bucket: cosSrc.bucket, region: cosSrc.region, role, ruleId: "logs", prefix: "logs/",
	destination: { bucket: cosDst.bucket, region: cosDst.region },
});
new cos.BucketReplication("cos-doc", {
	bucket: cosWhole.bucket, region: cosWhole.region, role,
	rules: [{ id: "all", prefix: "data/", destination: { bucket: cosDst.bucket, region: cosDst.region } }],
});

const ossSrc = new oss.Bucket("oss-src", { bucket: "compat-oss-src", region: "oss-cn-hangzhou" });
const ossDst = new oss.Bucket("oss-dst", { bucket: "compat-oss-dst", region: "oss-cn-shanghai" });
new oss.BucketReplicationRule("oss-rule", {
	bucket: ossSrc.bucket, region: ossSrc.region, ruleId: "images", prefixes: ["images/"],
	destination: { bucket: ossDst.bucket, location: ossDst.region },
});

const bosSrc = new bos.Bucket("bos-src", { bucket: "compat-bos-src", region: "bj", versioning: "enabled" });
const bosDst = new bos.Bucket("bos-dst", { bucket: "compat-bos-dst", region: "gz", versioning: "enabled" });
new bos.BucketReplicationRule("bos-rule", {
	bucket: bosSrc.bucket, region: bosSrc.region, ruleId: "reports", resource: ["compat-bos-src/reports/*"],
	destination: { bucket: bosDst.bucket },
});
`;

type Resource = Record<string, unknown> & {
	type: string;
	inputs?: Record<string, unknown>;
	outputs?: Record<string, unknown>;
};

describe.each(versions)(
	"state written with provider stub $version",
	({ version, stub, bytes, fixture }) => {
		let emulators: RunningEmulators;
		let project: TestProject;
		afterAll(async () => {
			await project?.remove();
			await emulators?.close();
		});

		it("shows no diff, replaces nothing and sends no request on preview and up", async () => {
			expect(stub.length).toBe(bytes);
			expect(currentStub).not.toBe(stub);
			emulators = await startEmulators();
			project = await TestProject.create(
				`state-${version}`,
				program,
				providerEnv(emulators.endpoints()),
			);
			const state = fixture
				.split("<project>")
				.join(project.name)
				.split("<stack>")
				.join(project.stack)
				.split(`"<${version}>"`)
				.join(JSON.stringify(stub));
			const file = join(project.dir, `state-${version}.json`);
			writeFileSync(file, state);
			await project.mustRun(["stack", "import", "--file", file]);

			const preview = await project.mustRun([
				"preview",
				"--diff",
				"--expect-no-changes",
			]);
			expect(preview.stdout).not.toMatch(/to update|to replace|to create/);
			expect(preview.stdout).not.toContain("__provider");
			await project.mustRun([
				"up",
				"--yes",
				"--skip-preview",
				"--expect-no-changes",
			]);
			const sent = [
				...emulators.requests.cos,
				...emulators.requests.oss,
				...emulators.requests.bos,
			];
			expect(sent).toEqual([]);

			// The engine keeps the old outputs (and their old stub, which reads and deletes with) and takes
			// the new inputs: both stubs call the same runtime.
			expectStubs(await project.exportState(), 12, {
				outputs: stub,
				inputs: currentStub,
			});

			// `read` runs through the old stub of the outputs. These emulators never held the fixture's
			// buckets and rules, so each of them reads as gone and leaves the state; Smoke has no cloud side.
			await project.refresh();
			const refreshed = await project.exportState();
			expect(
				(refreshed.deployment.resources ?? [])
					.map((r) => String(r.type))
					.filter((t) => t.startsWith("pulumi-nodejs:dynamic/")),
			).toEqual(["pulumi-nodejs:dynamic/bucket-replication:Smoke"]);
		});
	},
);

/**
 * A team upgrading a real stack: its state written by an earlier version, its buckets and rules at the
 * cloud. Each fixture under test/fixtures/upgrade/ is the `stack export --show-secrets` of
 * test/fixtures/upgrade/program.ts.txt after `up` and `refresh` with the package packed at that commit
 * (every resource type, the optional arguments of the first release but cos.BucketReplication adopt,
 * secret config values, several rules per bucket):
 * 1e2236d (first release, stub v1, sorted lists, random OSS rule id), df9a6f3 (stub v2), 2af7ba7 (stub
 * v3, `live` in clear) and 082f2c8 (`live` secret). How they were made: test/fixtures/upgrade/README.md.
 * One stack replays them in turn against one set of emulators that holds what the program declares.
 */
/** The state's dynamic resources: `count` of them, each with these `__provider` texts. */
function expectStubs(
	state: Awaited<ReturnType<TestProject["exportState"]>>,
	count: number,
	stubs: { outputs: string; inputs: string },
): void {
	const dynamic = (state.deployment.resources ?? []).filter((r) =>
		String(r.type).startsWith("pulumi-nodejs:dynamic/"),
	) as Resource[];
	expect(dynamic).toHaveLength(count);
	for (const r of dynamic) {
		expect(r.outputs?.__provider).toBe(stubs.outputs);
		expect(r.inputs?.__provider).toBe(stubs.inputs);
	}
}

/** `preview --diff` and `up` both change nothing, and neither sends a request to the clouds. */
async function expectNoChange(
	project: TestProject,
	sent: () => number,
): Promise<void> {
	const before = sent();
	const preview = await project.mustRun([
		"preview",
		"--diff",
		"--expect-no-changes",
	]);
	expect(preview.stdout).not.toMatch(
		/to update|to replace|to create|to delete/,
	);
	await project.mustRun([
		"up",
		"--yes",
		"--skip-preview",
		"--expect-no-changes",
	]);
	expect(sent()).toBe(before);
}

const upgradeProgram = readFileSync(
	join(__dirname, "../fixtures/upgrade/program.ts.txt"),
	"utf8",
);
const secretValues = {
	logPrefix: "logs/secret-xyz/",
	syncRole: "acs:ram::1:role/secretrole-xyz",
	bosPrefix: "backup-secret-xyz/",
};
const upgrades = [
	{ version: "df9a6f3", stub: "v2", liveInClear: true },
	// Refreshed before its first up, as a team may do right after upgrading.
	{
		version: "2af7ba7",
		stub: "current",
		liveInClear: true,
		refreshFirst: true,
	},
	{ version: "082f2c8", stub: "current", liveInClear: false },
	// Last: its OSS rule without ruleId has the random id the first release gave it, put at the emulator first.
	{
		version: "1e2236d",
		stub: "v1",
		liveInClear: true,
		ossRuleId: "06ebf0a4-28e1-4e58-8efa-339422cae039",
	},
];

describe("a stack upgraded from earlier versions, its resources at the cloud", () => {
	let emulators: RunningEmulators;
	let project: TestProject;
	const sent = () =>
		emulators.requests.cos.length +
		emulators.requests.oss.length +
		emulators.requests.bos.length;
	const inClear = async () => {
		const { stdout } = await project.mustRun(["stack", "export"]);
		return Object.values(secretValues).filter((v) => stdout.includes(v));
	};

	beforeAll(async () => {
		emulators = await startEmulators({
			replicationDelayMs: 10,
			ossStartingDelayMs: 50,
			ossClosingDelayMs: 100,
		});
		const endpoints = emulators.endpoints();
		project = await TestProject.create("upgrade", upgradeProgram, {
			...providerEnv(endpoints),
			BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "10",
		});
		// The stack config the fixtures were made with: it is the default provider's inputs in state.
		for (const [key, value] of Object.entries(secretValues))
			await project.setConfig(key, value, true);
		await project.setConfig(
			"tencentcloud:secretKey",
			endpoints.cos.secretKey,
			true,
		);
		await project.setConfig(
			"alicloud:secretKey",
			endpoints.oss.accessKeySecret,
			true,
		);
		await project.setConfig(
			"baiducloud:secretKey",
			endpoints.bos.secretKey,
			true,
		);
		// What the program declares, at the cloud (the fixtures' states describe the same buckets and rules).
		await project.up();
		emulators.flush();
	});
	afterAll(async () => {
		await project?.remove();
		await emulators?.close();
	});

	it.each(upgrades)(
		"state of $version: preview and up change nothing and send nothing, secrets stay secret, refresh is clean",
		async ({ version, stub, liveInClear, refreshFirst, ossRuleId }) => {
			if (ossRuleId) {
				await project.setConfig("ossRuleId", ossRuleId);
				await project.up();
				await project.mustRun(["config", "rm", "ossRuleId"]);
				emulators.flush();
			}
			const stubText =
				stub === "current" ? currentStub : golden(`provider-${stub}.txt`);
			const state = readFileSync(
				join(__dirname, `../fixtures/upgrade/state-${version}.json`),
				"utf8",
			)
				.split("<project>")
				.join(project.name)
				.split("<stack>")
				.join(project.stack)
				.split(`"<${stub}>"`)
				.join(JSON.stringify(stubText));
			const file = join(project.dir, `state-${version}.json`);
			writeFileSync(file, state);
			await project.mustRun(["stack", "import", "--file", file]);

			expect(await inClear()).toEqual(
				liveInClear ? Object.values(secretValues) : [],
			);
			if (refreshFirst) {
				await project.mustRun([
					"refresh",
					"--yes",
					"--skip-preview",
					"--expect-no-changes",
				]);
				// Refresh does not run the program, so `live` stays as that version stored it (README, Upgrading).
				expect(await inClear()).toEqual(Object.values(secretValues));
			}

			await expectNoChange(project, sent);
			// Versions before 37b54e4 stored `live` in clear; the first up keeps it secret from then on.
			expect(await inClear()).toEqual([]);

			await project.mustRun([
				"refresh",
				"--yes",
				"--skip-preview",
				"--expect-no-changes",
			]);
			expect(await inClear()).toEqual([]);
			// The outputs keep the stub that version wrote, and a refresh copies it into the inputs (README, Upgrading).
			expectStubs(await project.exportState(), 28, {
				outputs: stubText,
				inputs: stubText,
			});
			await expectNoChange(project, sent);
		},
	);

	it("then changes of two fields per cloud update in place, and destroy removes everything", async () => {
		await project.setConfig("phase", "changed");
		const preview = await project.mustRun(["preview", "--diff"]);
		expect(preview.stdout).toContain("~ 6 to update");
		expect(preview.stdout).not.toMatch(/to replace|to create|to delete/);
		const up = await project.up();
		expect(up.stdout).toContain("~ 6 updated");
		emulators.flush();
		await project.mustRun(["preview", "--diff", "--expect-no-changes"]);
		await project.destroy();
		const left = await project.exportState();
		expect(left.deployment.resources ?? []).toEqual([]);
	});
});

/**
 * The same for a Pulumi YAML stack of the provider plugin: test/fixtures/upgrade/plugin-state-<commit>.json
 * is the state of test/fixtures/upgrade/program.yaml written by the plugin at df9a6f3 (the first packed
 * plugin that runs: f4f07e9 did not ship plugin/schema.json; cos:BucketReplication rules stored keyed by
 * id) and at 082f2c8 (rules stored as the schema's list), both with `live` in clear after a refresh.
 */
const upgradeYaml = readFileSync(
	join(__dirname, "../fixtures/upgrade/program.yaml"),
	"utf8",
);
const pluginUpgrades = ["df9a6f3", "082f2c8"];

describe("a plugin stack upgraded from earlier plugins, its resources at the cloud", () => {
	let emulators: RunningEmulators;
	let yaml: Awaited<ReturnType<typeof languageProject>>;
	const sent = () =>
		emulators.requests.cos.length +
		emulators.requests.oss.length +
		emulators.requests.bos.length;
	const inClear = async () => {
		const { stdout } = await yaml.project.mustRun(["stack", "export"]);
		return Object.values(secretValues).filter((v) => stdout.includes(v));
	};
	const pulumiYaml = (program: string) =>
		`name: {{name}}\nruntime: yaml\n${pluginsBlock()}${program}`;

	beforeAll(async () => {
		emulators = await startEmulators({
			replicationDelayMs: 10,
			ossStartingDelayMs: 50,
			ossClosingDelayMs: 100,
		});
		const endpoints = emulators.endpoints();
		yaml = await languageProject(
			"upgrade-yaml",
			{ "Pulumi.yaml": pulumiYaml(upgradeYaml) },
			withLanghosts({
				...providerEnv(endpoints),
				BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "10",
			}),
		);
		for (const [key, value] of Object.entries(secretValues))
			await yaml.project.setConfig(key, value, true);
		// The fixtures' provider inputs.
		await yaml.project.setConfig(
			"bucket-replication:cosSecretKey",
			endpoints.cos.secretKey,
			true,
		);
		await yaml.project.up();
		emulators.flush();
	});
	afterAll(async () => {
		await yaml?.close().catch(() => undefined);
		await emulators?.close();
	});

	it.each(pluginUpgrades)(
		"state of the plugin at %s: no diff, no request; refresh encrypts live and stays clean",
		async (version) => {
			const { project } = yaml;
			const state = readFileSync(
				join(__dirname, `../fixtures/upgrade/plugin-state-${version}.json`),
				"utf8",
			)
				.split("<project>")
				.join(project.name)
				.split("<stack>")
				.join(project.stack);
			const file = join(yaml.dir, `state-${version}.json`);
			writeFileSync(file, state);
			await project.mustRun(["stack", "import", "--file", file]);

			expect(await inClear()).toEqual(Object.values(secretValues));

			await expectNoChange(project, sent);
			// The plugin wraps `live` itself, in its answers only: an up that changes nothing keeps it in clear.
			expect(await inClear()).toEqual(Object.values(secretValues));

			// These plugins stored `live` in clear after a refresh; the next refresh encrypts it (docs/plugin.md).
			await project.mustRun([
				"refresh",
				"--yes",
				"--skip-preview",
				"--expect-no-changes",
			]);
			expect(await inClear()).toEqual([]);
			const refreshed = await project.exportState();
			expect(
				(refreshed.deployment.resources ?? []).filter((r) =>
					String(r.type).startsWith("bucket-replication:"),
				),
			).toHaveLength(12);
			await expectNoChange(project, sent);
		},
	);

	it("then a change of one field per cloud updates in place, and destroy removes everything", async () => {
		yaml.write(
			"Pulumi.yaml",
			pulumiYaml(
				upgradeYaml
					.replace("storageClass: STANDARD_IA", "storageClass: STANDARD")
					.replace("rtc: enabled", "rtc: disabled")
					.replace("replicateDeletes: enabled", "replicateDeletes: disabled"),
			),
		);
		const preview = await yaml.project.mustRun(["preview", "--diff"]);
		expect(preview.stdout).toContain("~ 3 to update");
		expect(preview.stdout).not.toMatch(/to replace|to create|to delete/);
		const up = await yaml.project.up();
		expect(up.stdout).toContain("~ 3 updated");
		emulators.flush();
		await yaml.project.mustRun(["preview", "--diff", "--expect-no-changes"]);
		await yaml.project.destroy();
		const left = await yaml.project.exportState();
		expect(left.deployment.resources ?? []).toEqual([]);
	});
});
