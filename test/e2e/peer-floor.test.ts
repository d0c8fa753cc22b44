import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import COS from "cos-nodejs-sdk-v5";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulators, startEmulators } from "../../emulator";
import { installPacked, type PackedInstall } from "../support/packed";
import { root, TestProject } from "../support/pulumi";
import { expectQuietUp, requestCount } from "../support/requests";

/**
 * The lowest `@pulumi/pulumi` that package.json's peerDependency allows, installed with the packed tarball:
 * the README's program through the real CLI, with keys and endpoints in stack config only, which reach the
 * provider through the dynamic provider host's `configure` (3.139.0 on; 3.138.0 fails every create with
 * "no credentials"), and drift found by `refresh` (the host before 3.216 returns no inputs from `read`).
 * Below the floor, npm refuses the install (ERESOLVE), and with `--legacy-peer-deps` the same program
 * fails every create with "no credentials" (README, Troubleshooting).
 */

const manifest = JSON.parse(
	readFileSync(join(root, "package.json"), "utf8"),
) as { peerDependencies: Record<string, string> };
const floor = manifest.peerDependencies["@pulumi/pulumi"].replace(/^>=/, "");
/** The README's main program: its first TypeScript block (test/e2e/readme-snippet.test.ts runs it too). */
const program = /^```ts\n([\s\S]*?)^```$/m.exec(
	readFileSync(join(root, "README.md"), "utf8"),
)?.[1];

/** The README program's stack config, keys and endpoints included: nothing else reaches the provider. */
async function configure(
	project: TestProject,
	{ cos, oss, bos }: RunningEmulators,
): Promise<void> {
	for (const [key, value, secret] of [
		["tencentcloud:appId", cos.appId, false],
		["tencentcloud:uin", "100000000001", false],
		["bucketPrefix", "floor", false],
		["tencentcloud:secretId", cos.secretId, false],
		["tencentcloud:secretKey", cos.secretKey, true],
		["alicloud:accessKey", oss.accessKeyId, false],
		["alicloud:secretKey", oss.accessKeySecret, true],
		["baiducloud:accessKey", bos.accessKey, false],
		["baiducloud:secretKey", bos.secretKey, true],
		["bucket-replication:cosEndpoint", cos.endpoint, false],
		["bucket-replication:ossEndpoint", oss.endpoint, false],
		["bucket-replication:bosEndpoint", bos.endpoint, false],
	] as const)
		await project.setConfig(key, value, secret);
}

/** A project in `install.dir` running the README's program, with no cloud variable in its environment. */
async function openProject(dir: string, name: string): Promise<TestProject> {
	writeFileSync(
		join(dir, "Pulumi.yaml"),
		`name: ${name}-${randomBytes(4).toString("hex")}\nruntime: nodejs\n`,
	);
	writeFileSync(join(dir, "index.ts"), program ?? "");
	const project = await TestProject.open(dir, {
		BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "10",
	});
	// Stack config only: no cloud variable, so nothing reaches the provider but through `configure`.
	project.env = Object.fromEntries(
		Object.entries(project.env).filter(
			([name]) => !/^(TENCENTCLOUD|ALICLOUD|BAIDUCLOUD)_/.test(name),
		),
	);
	return project;
}

// Installs @pulumi/pulumi at the floor from npm (minutes): `npm run test:long` runs it.
describe.skipIf(!process.env.LONG_TESTS)(
	`the README's program on @pulumi/pulumi ${floor}, the peerDependency's floor`,
	() => {
		let install: PackedInstall;
		let emulators: RunningEmulators;
		let project: TestProject;

		beforeAll(async () => {
			install = await installPacked(floor);
			emulators = await startEmulators({
				replicationDelayMs: 10,
				ossStartingDelayMs: 0,
				ossClosingDelayMs: 0,
			});
			project = await openProject(install.dir, "floor");
		}, 600_000);
		afterAll(async () => {
			await project?.remove();
			await emulators?.close();
			install?.remove();
		});

		it("installs that version", () => {
			expect(floor).toMatch(/^\d+\.\d+\.\d+$/);
			const installed = JSON.parse(
				readFileSync(
					join(install.dir, "node_modules/@pulumi/pulumi/package.json"),
					"utf8",
				),
			) as { version: string };
			expect(installed.version).toBe(floor);
		});

		it("preview, up, an up that sends nothing, drift found by refresh and repaired, destroy", async () => {
			const { cos } = emulators;
			await configure(project, emulators);

			expect((await project.preview()).stdout).toContain("+ 10 to create");
			expect((await project.up()).stdout).toContain("+ 10 created");
			await expectQuietUp(project, () => requestCount(emulators));

			// The COS rules deleted outside Pulumi: refresh drops them from the state, up puts them back.
			await new COS({
				SecretId: cos.secretId,
				SecretKey: cos.secretKey,
				Protocol: "http:",
				Ip: new URL(cos.endpoint).host,
			}).deleteBucketReplication({
				Bucket: `floor-logs-${cos.appId}`,
				Region: "ap-guangzhou",
			});
			expect((await project.refresh()).stdout).toContain("- 1 deleted");
			expect((await project.up()).stdout).toContain("+ 1 created");

			expect((await project.destroy()).stdout).toContain("- 10 deleted");
		}, 600_000);
	},
);

/** The minor version just below the floor: 3.138.0 for 3.139.0. */
const below = floor.replace(/^(\d+)\.(\d+)\..*$/, (_, major, minor) =>
	[major, Number(minor) - 1, 0].join("."),
);

describe.skipIf(!process.env.LONG_TESTS)(
	`the README's program on @pulumi/pulumi ${below}, below the floor`,
	() => {
		let install: PackedInstall;
		let emulators: RunningEmulators;
		let project: TestProject;

		beforeAll(async () => {
			install = await installPacked(below, ["--legacy-peer-deps"]);
			emulators = await startEmulators();
			project = await openProject(install.dir, "below-floor");
		}, 600_000);
		afterAll(async () => {
			await project?.remove();
			await emulators?.close();
			install?.remove();
		});

		it("npm refuses to install the package beside it without --legacy-peer-deps (ERESOLVE)", async () => {
			const refused = await new Promise<string>((resolve) =>
				execFile(
					"npm",
					["install", "--prefer-offline", "--no-audit", "--no-fund"],
					{ cwd: install.dir },
					(error, stdout, stderr) =>
						resolve(error ? `${stdout}${stderr}` : "installed"),
				),
			);
			expect(refused).toContain("ERESOLVE");
			expect(refused).toContain(`peer @pulumi/pulumi@">=${floor}"`);
		});

		it("keys in stack config: every create fails with 'no credentials' (README, Troubleshooting)", async () => {
			await configure(project, emulators);
			const before = requestCount(emulators);
			const up = await project.run(["up", "--yes", "--skip-preview"]);
			const output = up.stdout + up.stderr;
			expect(up.code, output.slice(0, 4000)).not.toBe(0);
			for (const cloud of ["COS", "OSS", "BOS"])
				expect(output).toMatch(
					new RegExp(`${cloud} bucket "floor-[^"]+": no credentials`),
				);
			expect(requestCount(emulators)).toBe(before);
		}, 600_000);
	},
);
