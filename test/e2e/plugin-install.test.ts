import { readFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	providerEnv,
	type RunningEmulators,
	startEmulators,
} from "../../emulator";
import { ensureLanghosts } from "../support/langhosts";
import { languageProject } from "../support/pluginProject";
import { root } from "../support/pulumi";

const { pack } = require("../../scripts/pack-plugin.js") as {
	pack(): string;
};
const offline = require("../../scripts/pulumi-offline.js") as {
	runPulumi(
		args: string[],
		options: { cwd: string; env?: NodeJS.ProcessEnv },
	): Promise<{ code: number; stdout: string; stderr: string }>;
};

/**
 * The plugin as a user gets it without npm: the release archive (scripts/pack-plugin.js) installed
 * with `pulumi plugin install resource bucket-replication <version> --file <archive>`, then found
 * by the engine by name, with no `plugins:` path in Pulumi.yaml and no plugin on PATH.
 */

const version = (
	JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
		version: string;
	}
).version;
const allClouds = readFileSync(
	join(root, "test", "e2e", "plugin", "all-clouds.yaml"),
	"utf8",
);

describe("provider plugin: installed from its release archive", () => {
	let emulators: RunningEmulators;
	let env: NodeJS.ProcessEnv;

	beforeAll(async () => {
		emulators = await startEmulators({
			replicationDelayMs: 10,
			ossStartingDelayMs: 0,
			ossClosingDelayMs: 0,
		});
		// Only the installed plugin can serve: the checkout's node_modules/.bin is off PATH.
		const path = (process.env.PATH ?? "")
			.split(delimiter)
			.filter((dir) => !dir.includes("node_modules"));
		env = {
			...process.env,
			...providerEnv(emulators.endpoints()),
			PATH: [ensureLanghosts(), ...path].join(delimiter),
		};
	});
	afterAll(async () => {
		await offline.runPulumi(
			["plugin", "rm", "resource", "bucket-replication", version, "--yes"],
			{ cwd: root, env },
		);
		await emulators?.close();
	});

	it("pulumi plugin install --file, then a YAML program up and destroy", async () => {
		const archive = pack();
		expect(archive).toMatch(
			new RegExp(
				`pulumi-resource-bucket-replication-v${version}-\\w+-\\w+\\.tar\\.gz$`,
			),
		);
		const installed = await offline.runPulumi(
			[
				"plugin",
				"install",
				"resource",
				"bucket-replication",
				version,
				"--file",
				archive,
			],
			{ cwd: root, env },
		);
		expect(installed.code, installed.stderr).toBe(0);
		const list = await offline.runPulumi(["plugin", "ls"], { cwd: root, env });
		expect(list.stdout).toMatch(
			new RegExp(
				`bucket-replication\\s+resource\\s+${version.replaceAll(".", "\\.")}`,
			),
		);

		// Without npm there is no node_modules to generate SDKs from: the installed plugin gives its schema
		// (docs/plugin.md, Python and Go sections).
		const got = await offline.runPulumi(
			["package", "get-schema", "bucket-replication"],
			{ cwd: root, env },
		);
		expect(got.code, got.stderr).toBe(0);
		expect(JSON.parse(got.stdout)).toEqual(
			JSON.parse(readFileSync(join(root, "plugin", "schema.json"), "utf8")),
		);

		const project = await languageProject(
			"plugin-installed",
			{ "Pulumi.yaml": `name: {{name}}\nruntime: yaml\n${allClouds}` },
			env,
		);
		try {
			expect((await project.project.up()).stdout).toContain("+ 10 created");
			expect((await project.project.destroy()).stdout).toContain(
				"- 10 deleted",
			);
		} finally {
			await project.close({ destroy: false });
		}
	});
});
