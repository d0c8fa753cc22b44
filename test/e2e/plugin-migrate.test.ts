import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	providerEnv,
	type RunningEmulators,
	startEmulators,
} from "../../emulator";
import {
	languageProject,
	withLanghosts,
	writes,
} from "../support/pluginProject";
import { TestProject } from "../support/pulumi";
import { typescriptProgram, yamlProgram } from "./plugin/programs";

/**
 * Moving from the dynamic resources to the plugin, as docs/plugin.md describes it: the Node.js stack
 * forgets its resources (`pulumi state delete --all`), the program in the other language declares
 * them with the `import` option, and the `up` that adopts them and every `up` after it write nothing.
 */

const variant = {
	cosPrefix: "logs/",
	bosReplicateDeletes: "disabled",
} as const;
const clouds = ["cos", "oss", "bos"] as const;

describe("a stack moves from the dynamic resources to the plugin without a write", () => {
	let emulators: RunningEmulators;
	let dynamicProject: TestProject | undefined;
	let plugin: Awaited<ReturnType<typeof languageProject>> | undefined;

	beforeAll(async () => {
		emulators = await startEmulators({
			replicationDelayMs: 10,
			ossStartingDelayMs: 0,
			ossClosingDelayMs: 0,
		});
	});
	afterAll(async () => {
		await dynamicProject?.remove().catch(() => undefined);
		await plugin?.close().catch(() => undefined);
		await emulators?.close();
	});

	it("state delete in the Node.js stack, import in the YAML one, then no change", async () => {
		const env = {
			...providerEnv(emulators.endpoints()),
			BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "10",
			PULUMI_NODEJS_TRANSPILE_ONLY: "true",
		};
		dynamicProject = await TestProject.create(
			"migrate-dynamic",
			typescriptProgram(variant),
			env,
		);
		expect((await dynamicProject.up()).stdout).toContain("+ 12 created");
		const writesBefore = clouds.map(
			(c) => writes(emulators.requests[c]).length,
		);

		await dynamicProject.mustRun(["state", "delete", "--all", "--yes"]);
		await dynamicProject.remove();
		dynamicProject = undefined;

		plugin = await languageProject(
			"migrate-plugin",
			{ "Pulumi.yaml": yamlProgram(variant, true) },
			withLanghosts(env),
		);
		const preview = await plugin.project.preview();
		expect(preview.stdout).toContain("= 11 to import");
		const adopted = await plugin.project.up();
		expect(adopted.stdout).toContain("= 11 imported");

		plugin.write("Pulumi.yaml", yamlProgram(variant));
		const requests = clouds.map((c) => emulators.requests[c].length);
		await plugin.project.mustRun([
			"up",
			"--yes",
			"--skip-preview",
			"--expect-no-changes",
		]);
		expect(clouds.map((c) => emulators.requests[c].length)).toEqual(requests);
		expect(clouds.map((c) => writes(emulators.requests[c]).length)).toEqual(
			writesBefore,
		);

		// The plugin's stack now owns them: its destroy deletes them.
		expect((await plugin.project.destroy()).stdout).toContain("- 12 deleted");
	});

	it("and back: state delete in the YAML stack, the Node.js program takes every resource, changing nothing", async () => {
		const env = {
			...providerEnv(emulators.endpoints()),
			BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "10",
			PULUMI_NODEJS_TRANSPILE_ONLY: "true",
		};
		const yaml = await languageProject(
			"migrate-back-plugin",
			{ "Pulumi.yaml": yamlProgram(variant) },
			withLanghosts(env),
		);
		try {
			expect((await yaml.project.up()).stdout).toContain("+ 12 created");
			await yaml.project.mustRun(["state", "delete", "--all", "--yes"]);
		} finally {
			await yaml.close();
		}

		const accepted = (from: number[]) =>
			clouds.flatMap((c, i) =>
				writes(emulators.requests[c].slice(from[i])).filter(
					(r) => r.status < 300,
				),
			);
		const marks = clouds.map((c) => emulators.requests[c].length);
		dynamicProject = await TestProject.create(
			"migrate-back-dynamic",
			typescriptProgram(variant),
			env,
		);
		// Each create finds exactly what it would write and takes it: no write is accepted by a cloud
		// (bucket creates are sent and refused as existing).
		expect((await dynamicProject.up()).stdout).toContain("+ 12 created");
		expect(accepted(marks)).toEqual([]);
		await dynamicProject.mustRun([
			"up",
			"--yes",
			"--skip-preview",
			"--expect-no-changes",
		]);
		expect((await dynamicProject.destroy()).stdout).toContain("- 12 deleted");
	});
});
