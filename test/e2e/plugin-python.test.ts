import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { delimiter, join } from "node:path";
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
	writes,
} from "../support/pluginProject";
import { root } from "../support/pulumi";
import { expectQuietUp } from "../support/requests";
import { ensurePythonVenv, generateSdk } from "../support/sdks";

const offline = require("../../scripts/pulumi-offline.js") as {
	runPulumi(
		args: string[],
		options: { cwd: string; env?: NodeJS.ProcessEnv },
	): Promise<{ code: number; stdout: string; stderr: string }>;
};

/**
 * A Python program through the provider plugin: the Python SDK generated from plugin/schema.json
 * (Pulumi's generator, no hand-written SDK code), installed with pip and type-checked with mypy, then
 * the program run by the real CLI and the Python language host (built from sdk/v3 v3.68.0 by
 * scripts/install-langhosts.sh) against the emulators.
 */

const program = readFileSync(
	join(root, "test", "e2e", "plugin", "all_clouds.py"),
	"utf8",
);
const clouds = ["cos", "oss", "bos"] as const;

/** Uses the SDK's names docs/plugin.md gives, and prints the errors of a missing and an unknown argument. */
const namesShown = `
import pulumi_bucket_replication as br
from pulumi_bucket_replication import bos, cos, oss
assert oss.BucketVersioning.ENABLED == "Enabled"
assert bos.StorageClass.STANDARD_IA == "STANDARD_IA"
assert br.Provider and cos.ReplicationRuleArgs and cos.ReplicationDestinationArgs
assert oss.BucketReplicationRuleDestinationArgs and bos.ReplicationDestinationArgs
assert oss.BucketReplicationRuleUserTaggingsFilterType.AND_ == "AND"
try:
    cos.BucketReplicationRule("r", bucket="b", region="ap-guangzhou", role="r",
        destination=cos.ReplicationDestinationArgs(bucket="d", region="ap-beijing"))
except TypeError as e:
    print(e)
try:
    bos.Bucket("b", bucket="b", region="bj", colour="red")
except TypeError as e:
    print(e)
`;

/** The BOS rule of all_clouds.py, declared again to be imported with the \`import_\` option. */
const adopted = `
bos.BucketReplicationRule(
    "adopted",
    bucket="py-bos-src",
    region="bj",
    rule_id="everything",
    destination=bos.ReplicationDestinationArgs(
        bucket="py-bos-backup", storage_class=bos.StorageClass.STANDARD_IA
    ),
    opts=pulumi.ResourceOptions(import_="bj/py-bos-src/everything"),
)
`;

describe("provider plugin: a Python program with the generated SDK", () => {
	let emulators: RunningEmulators;
	let env: NodeJS.ProcessEnv;
	let venv: string;
	let sdkDir: string;

	beforeAll(async () => {
		venv = ensurePythonVenv();
		sdkDir = mkdtempSync(join(root, ".pulumi", "sdk-python-"));
		emulators = await startEmulators({
			replicationDelayMs: 10,
			ossStartingDelayMs: 50,
			ossClosingDelayMs: 100,
		});
		const base = withLanghosts({
			...providerEnv(emulators.endpoints()),
			BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "10",
		});
		// The v3.68.0 host runs the first python3 on PATH: the virtualenv's.
		env = { ...base, PATH: `${join(venv, "bin")}${delimiter}${base.PATH}` };
	});
	afterAll(async () => {
		rmSync(sdkDir, { recursive: true, force: true });
		await emulators?.close();
	});

	it("`pulumi package gen-sdk --language python` is refused by the buildable language host", async () => {
		const result = await offline.runPulumi(
			[
				"package",
				"gen-sdk",
				join(root, "plugin", "schema.json"),
				"--language",
				"python",
				"--out",
				sdkDir,
			],
			{ cwd: root, env },
		);
		expect(result.code).not.toBe(0);
		expect(result.stderr).toContain(
			"error: method GeneratePackage not implemented",
		);
	});

	it("the SDK is generated from the schema, installs with pip and type-checks the program (mypy --strict)", () => {
		generateSdk("python", sdkDir);
		const python = join(venv, "bin", "python");
		execFileSync(
			python,
			[
				"-m",
				"pip",
				"install",
				"--quiet",
				"--no-deps",
				"--force-reinstall",
				sdkDir,
			],
			{ stdio: "inherit" },
		);
		const version = execFileSync(
			python,
			[
				"-c",
				"import importlib.metadata as m; print(m.version('pulumi_bucket_replication'))",
			],
			{ encoding: "utf8" },
		).trim();
		const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
		expect(version).toBe(pkg.version);
		const checked = execFileSync(
			python,
			[
				"-m",
				"mypy",
				"--strict",
				"--no-incremental",
				join(root, "test", "e2e", "plugin", "all_clouds.py"),
			],
			{ encoding: "utf8" },
		);
		expect(checked).toContain("Success: no issues found");

		// The names and errors docs/plugin.md ("A Python program") shows Python users.
		const shown = execFileSync(python, ["-c", namesShown], {
			encoding: "utf8",
		});
		expect(shown.split("\n")).toEqual([
			"Missing required property 'rule_id'",
			"Bucket._internal_init() got an unexpected keyword argument 'colour'",
			"",
		]);
	});

	it("preview --diff, up, a no-op up that sends nothing, a change, destroy", async () => {
		const project = await languageProject(
			"plugin-python",
			{
				"Pulumi.yaml": `name: {{name}}\nruntime: python\n${pluginsBlock()}`,
				"__main__.py": program,
			},
			env,
		);
		try {
			const before = clouds.map((c) => emulators.requests[c].length);
			const preview = await project.project.preview();
			expect(preview.stdout).toContain(
				"+ bucket-replication:oss:BucketReplicationRule: (create)",
			);
			expect(preview.stdout).toContain("+ 10 to create");
			expect(clouds.map((c) => emulators.requests[c].length)).toEqual(before);

			expect((await project.project.up()).stdout).toContain("+ 10 created");
			const quiet = clouds.map((c) => emulators.requests[c].length);
			await project.project.mustRun([
				"up",
				"--yes",
				"--skip-preview",
				"--expect-no-changes",
			]);
			expect(clouds.map((c) => emulators.requests[c].length)).toEqual(quiet);

			// \`pulumi import\` imports, then fails generating the Python code (docs/plugin.md, \`pulumi import\`).
			const urn = (name: string) =>
				`urn:pulumi:${project.project.stack}::${project.project.name}::bucket-replication:bos:BucketReplicationRule::${name}`;
			const bosWrites = writes(emulators.requests.bos).length;
			const imported = await project.project.run([
				"import",
				"bucket-replication:bos:BucketReplicationRule",
				"imported",
				"bj/py-bos-src/everything",
				"--yes",
				"--protect=false",
			]);
			expect(imported.code).toBe(1);
			expect(imported.stdout).toContain("= 1 imported");
			expect(imported.stderr).toContain(
				"error: method GenerateProgram not implemented",
			);
			await project.project.mustRun([
				"state",
				"delete",
				urn("imported"),
				"--yes",
			]);
			// The \`import_\` resource option instead: the up only reads.
			project.write("__main__.py", `${program}${adopted}`);
			expect((await project.project.up()).stdout).toContain("= 1 imported");
			await project.project.mustRun([
				"state",
				"delete",
				urn("adopted"),
				"--yes",
			]);
			expect(writes(emulators.requests.bos).length).toBe(bosWrites);

			// A bad value fails the provider's check, naming the schema's camelCase name, and sends nothing.
			const sentBeforeCheck = clouds.map((c) => emulators.requests[c].length);
			project.write(
				"__main__.py",
				`${program}\nbos.BucketReplicationRule("bad", bucket="py-bos-src", region="bj", rule_id="bad id!", destination=bos.ReplicationDestinationArgs(bucket="py-bos-backup"))\n`,
			);
			const bad = await project.project.run(["preview"]);
			expect(bad.code).not.toBe(0);
			expect(bad.stdout).toContain(
				"property ruleId value {bad id!} has a problem",
			);
			expect(clouds.map((c) => emulators.requests[c].length)).toEqual(
				sentBeforeCheck,
			);

			project.write(
				"__main__.py",
				program.replace('prefix = "logs/"', 'prefix = "logs/v2/"'),
			);
			const cosWrites = writes(emulators.requests.cos).length;
			const changed = await project.project.up();
			expect(changed.stdout).toContain("~ 1 updated");
			expect(writes(emulators.requests.cos).length).toBe(cosWrites + 1);

			// A secret prefix (Output.secret) stays secret in rules and live, also after a refresh.
			project.write(
				"__main__.py",
				program.replace(
					'prefix = "logs/"',
					'prefix = pulumi.Output.secret("y5ecret/")',
				),
			);
			const seen = [await project.project.up()];
			seen.push(await project.project.refresh());
			seen.push(
				await project.project.mustRun(["up", "--yes", "--expect-no-changes"]),
			);
			const exported = await project.project.mustRun(["stack", "export"]);
			for (const text of [
				...seen.flatMap((r) => [r.stdout, r.stderr]),
				exported.stdout,
			])
				expect(text).not.toContain("y5ecret");
			// The default provider's credentials come from the environment: not in the state at all.
			const { cos, oss, bos } = emulators.endpoints();
			for (const key of [cos.secretKey, oss.accessKeySecret, bos.secretKey])
				expect(exported.stdout).not.toContain(key);

			// A get reads the rule by its import id, with no inputs to be secret from: what it reads is in
			// clear, though the program set it from a secret (docs/plugin.md, "A Go program").
			project.write(
				"__main__.py",
				`${program.replace('prefix = "logs/"', 'prefix = pulumi.Output.secret("y5ecret/")')}\nread = cos.BucketReplication.get("read", "ap-guangzhou/py-src-1250000000")\npulumi.export("readRules", read.rules)\n`,
			);
			const cosWritesBeforeGet = writes(emulators.requests.cos).length;
			await project.project.up();
			expect(writes(emulators.requests.cos).length).toBe(cosWritesBeforeGet);
			const read = await project.project.mustRun([
				"stack",
				"output",
				"readRules",
				"--json",
			]);
			expect(read.stdout).toContain('"prefix": "y5ecret/"');

			const destroyed = await project.project.destroy();
			expect(destroyed.stdout).toContain("- 10 deleted");
		} finally {
			await project.close({ destroy: false });
		}
	});

	it("docs/plugin.md's Python program runs as written: up, then an up that sends nothing", async () => {
		const doc = readFileSync(join(root, "docs", "plugin.md"), "utf8");
		const written = /^```python\n([\s\S]*?)^```$/m.exec(doc)?.[1];
		if (!written) throw new Error("docs/plugin.md has no Python program");
		const project = await languageProject(
			"plugin-python-doc",
			{
				"Pulumi.yaml": `name: {{name}}\nruntime: python\n${pluginsBlock()}`,
				"__main__.py": written,
			},
			env,
		);
		try {
			expect((await project.project.up()).stdout).toContain("+ 4 created");
			await expectQuietUp(project.project, () =>
				clouds.map((c) => emulators.requests[c].length).join(","),
			);

			// An explicit provider with no argument takes the environment's settings while the program
			// runs: stored in the state, credentials encrypted; a changed variable updates the provider
			// and replaces nothing (docs/plugin.md, "Configuration").
			project.write(
				"__main__.py",
				`${written}\nimport pulumi\nimport pulumi_bucket_replication\n\nexplicit = pulumi_bucket_replication.Provider("explicit")\ncos.Bucket("viaExplicit", bucket="py-explicit-1250000000", region="ap-guangzhou", opts=pulumi.ResourceOptions(provider=explicit))\n`,
			);
			await project.project.up();
			const { cos } = emulators.endpoints();
			const exported = (await project.project.mustRun(["stack", "export"]))
				.stdout;
			expect(exported).not.toContain(cos.secretKey);
			const provider = (
				JSON.parse(exported) as {
					deployment: {
						resources: { urn: string; inputs: Record<string, unknown> }[];
					};
				}
			).deployment.resources.find((r) =>
				r.urn.endsWith("::pulumi:providers:bucket-replication::explicit"),
			);
			expect(provider?.inputs.cosEndpoint).toBe(cos.endpoint);
			expect(provider?.inputs.cosSecretKey).toHaveProperty("ciphertext");
			const base = project.project.env;
			project.project.env = {
				...base,
				TENCENTCLOUD_COS_ENDPOINT: `${cos.endpoint}/`,
			};
			const changed = await project.project.preview();
			project.project.env = base;
			expect(changed.stdout).toContain(
				"~ pulumi:providers:bucket-replication: (update)",
			);
			expect(changed.stdout).toMatch(/~ cosEndpoint\s*: "[^"]+" => "[^"]+\/"/);
			expect(changed.stdout).toContain("~ 1 to update");
			expect(changed.stdout).not.toContain("replace");
		} finally {
			await project.close();
		}
	});
});
