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
		} finally {
			await project.close();
		}
	});
});
