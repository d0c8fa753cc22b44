import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
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
	writes,
} from "../support/pluginProject";
import { root } from "../support/pulumi";
import { expectQuietUp } from "../support/requests";
import { generateSdk } from "../support/sdks";

/**
 * A Go program through the provider plugin: the Go SDK generated from plugin/schema.json (Pulumi's
 * generator, no hand-written SDK code) beside the program in test/e2e/plugin/go-program/, run by the
 * real CLI and the Go language host (built from sdk/v3 v3.66.0 by scripts/install-langhosts.sh), which
 * compiles it with `go build` on every run, against the emulators. One stack and few CLI runs: the
 * first build of a Pulumi Go program compiles the Go SDK's whole dependency tree (minutes, cold).
 */

const offline = require("../../scripts/pulumi-offline.js") as {
	runPulumi(
		args: string[],
		options: { cwd: string; env?: NodeJS.ProcessEnv },
	): Promise<{ code: number; stdout: string; stderr: string }>;
};

const hasGo = spawnSync("go", ["version"], { stdio: "ignore" }).status === 0;
const fixture = join(root, "test", "e2e", "plugin", "go-program");
const clouds = ["cos", "oss", "bos"] as const;
const secret = "y5ecret/";

// The same settings as plugin-sdks.test.ts's `go build`, so the two share Go's build cache.
const goEnv = {
	GOFLAGS: "-mod=readonly -modcacherw -buildvcs=false",
	GOWORK: "off",
	GOTOOLCHAIN: "local",
	CGO_ENABLED: "0",
};

describe.skipIf(!hasGo)(
	"provider plugin: a Go program with the generated SDK",
	() => {
		let emulators: RunningEmulators;
		let env: NodeJS.ProcessEnv;
		const sent = () =>
			clouds.map((c) => emulators.requests[c].length).join(",");

		beforeAll(async () => {
			emulators = await startEmulators({
				replicationDelayMs: 10,
				ossStartingDelayMs: 50,
				ossClosingDelayMs: 100,
			});
			env = {
				...withLanghosts({
					...providerEnv(emulators.endpoints()),
					BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "10",
				}),
				...goEnv,
			};
		});
		afterAll(async () => {
			await emulators?.close();
		});

		it("`pulumi package gen-sdk --language go` is refused by the buildable language host", async () => {
			const out = mkdtempSync(join(root, ".pulumi", "sdk-go-gen-"));
			try {
				const result = await offline.runPulumi(
					[
						"package",
						"gen-sdk",
						join(root, "plugin", "schema.json"),
						"--language",
						"go",
						"--out",
						out,
					],
					{ cwd: root, env },
				);
				expect(result.code).not.toBe(0);
				expect(result.stderr).toContain(
					"error: unknown method GeneratePackage for service pulumirpc.LanguageRuntime",
				);
			} finally {
				rmSync(out, { recursive: true, force: true });
			}
		});

		it("preview --diff, up, a no-op up that sends nothing, a change, a check failure, refresh, `pulumi import`, the Import option and a Get, destroy; the secret stays secret", async () => {
			const file = (name: string) => readFileSync(join(fixture, name), "utf8");
			const project = await languageProject(
				"plugin-go",
				{
					"Pulumi.yaml": `name: {{name}}\nruntime: go\n${pluginsBlock()}`,
					"main.go": file("main.go"),
					"go.mod": file("go.mod"),
					"go.sum": file("go.sum"),
				},
				env,
			);
			try {
				// The SDK where go.mod's replace points, in a pinned module of its own (go.sum committed).
				const sdk = join(project.dir, "sdk");
				generateSdk("go", sdk);
				for (const name of ["go.mod", "go.sum"])
					copyFileSync(
						join(root, "test", "e2e", "plugin", "go-sdk", name),
						join(sdk, name),
					);
				// The program's own failure reaches the CLI through the host, naming the missing key.
				const missing = await project.project.run(["preview"]);
				expect(missing.code).not.toBe(0);
				expect(missing.stdout).toContain(
					"Missing required configuration variable 'plugin-go-",
				);
				expect(missing.stdout).toContain(":ossPrefix'");
				await project.project.setConfig("ossPrefix", secret, true);

				const before = sent();
				const preview = await project.project.preview();
				expect(preview.stdout).toContain(
					"+ bucket-replication:oss:BucketReplicationRule: (create)",
				);
				expect(preview.stdout).toContain("+ 10 to create");
				expect(preview.stdout).toMatch(/dryRun\s*: true/);
				expect(sent()).toEqual(before);

				const up = await project.project.up();
				expect(up.stdout).toContain("+ 10 created");
				await expectQuietUp(project.project, sent);

				await project.project.setConfig("cosPrefix", "logs/v2/");
				const diff = await project.project.preview();
				expect(diff.stdout).toMatch(
					/~ bucket-replication:cos:BucketReplication: \(update\)/,
				);
				expect(diff.stdout).toMatch(/prefix\s*: "logs\/" => "logs\/v2\/"/);
				const cosWrites = writes(emulators.requests.cos).length;
				const changed = await project.project.up();
				expect(changed.stdout).toContain("~ 1 updated");
				expect(writes(emulators.requests.cos).length).toBe(cosWrites + 1);

				// The secret config value is the rule's prefix (shown with --show-secrets); Pulumi shows and
				// stores only ciphertext.
				const shown = JSON.parse(
					(await project.project.mustRun(["stack", "export", "--show-secrets"]))
						.stdout,
				) as {
					deployment: {
						resources: { type: string; outputs?: { prefixes?: unknown } }[];
					};
				};
				const ossRule = shown.deployment.resources.find(
					(r) => r.type === "bucket-replication:oss:BucketReplicationRule",
				);
				expect(JSON.stringify(ossRule?.outputs?.prefixes)).toContain(secret);
				const outputs = await project.project.mustRun([
					"stack",
					"output",
					"--json",
				]);
				const stackOutputs = JSON.parse(outputs.stdout);
				expect(stackOutputs.ossPrefixes).toBe("[secret]");
				// The host hands the program what the CLI gave it, as today's Go SDK reads it.
				expect(stackOutputs.runInfo).toEqual({
					organization: "organization",
					project: project.project.name,
					stack: project.project.stack,
					dryRun: false,
					parallel: expect.any(Number),
					ossPrefixSecret: true,
				});
				expect(stackOutputs.runInfo.parallel).toBeGreaterThan(0);
				const exported = await project.project.mustRun(["stack", "export"]);
				for (const text of [
					...[preview, up, diff, changed].flatMap((r) => [r.stdout, r.stderr]),
					outputs.stdout,
					exported.stdout,
					project.project.stateFileText(),
				])
					expect(text).not.toContain("y5ecret");

				// ApplyT on an output of the SDK's own type (*bos.ReplicationProgress).
				expect(stackOutputs.bosProgress).toBe("enabled");

				// A check failure names the schema's camelCase field, as in Node.js, and sends nothing.
				await project.project.setConfig("bosRegion", "nowhere");
				const sentBeforeCheck = sent();
				const bad = await project.project.run(["preview"]);
				expect(bad.code).not.toBe(0);
				expect(bad.stdout).toContain(
					'property region value {nowhere} has a problem: region "nowhere" is not a known BOS region',
				);
				expect(sent()).toEqual(sentBeforeCheck);
				await project.project.mustRun(["config", "rm", "bosRegion"]);

				// A program that does not compile fails the preview with the compiler's messages, sending nothing.
				project.write(
					"broken.go",
					'package main\n\nvar broken int = "not a number"\n',
				);
				const uncompiled = await project.project.run(["preview"]);
				rmSync(join(project.dir, "broken.go"));
				expect(uncompiled.code).not.toBe(0);
				expect(uncompiled.stdout + uncompiled.stderr).toContain(
					"error: error in compiling Go: unable to run `go build`: exit status 1",
				);
				expect(uncompiled.stdout + uncompiled.stderr).toContain("broken.go:3");
				expect(sent()).toEqual(sentBeforeCheck);

				// refresh, then an up that changes nothing and sends nothing.
				await project.project.refresh();
				await expectQuietUp(project.project, sent);

				// `pulumi import` as docs/plugin.md gives it: the resource is imported, then the Go host's
				// code generation fails; the program's up after it changes nothing.
				const bosRuleUrn = `urn:pulumi:${project.project.stack}::${project.project.name}::bucket-replication:bos:BucketReplicationRule::bosRule`;
				const bosRuleId = "bj/go-bos-src/everything";
				await project.project.mustRun(["state", "delete", bosRuleUrn, "--yes"]);
				const imported = await project.project.run([
					"import",
					"bucket-replication:bos:BucketReplicationRule",
					"bosRule",
					bosRuleId,
					"--yes",
				]);
				expect(imported.code).toBe(1);
				expect(imported.stdout).toContain("= 1 imported");
				expect(imported.stderr).toContain(
					"error: unknown method GenerateProgram for service pulumirpc.LanguageRuntime",
				);
				await expectQuietUp(project.project, sent);

				// The `pulumi.Import` resource option: `= import` at preview, adopted at up with no write.
				await project.project.mustRun(["state", "delete", bosRuleUrn, "--yes"]);
				await project.project.setConfig("bosRuleImport", bosRuleId);
				expect((await project.project.preview()).stdout).toContain(
					"= bucket-replication:bos:BucketReplicationRule: (import)",
				);
				const bosWrites = writes(emulators.requests.bos).length;
				expect((await project.project.up()).stdout).toContain("= 1 imported");
				expect(writes(emulators.requests.bos).length).toBe(bosWrites);
				await project.project.mustRun(["config", "rm", "bosRuleImport"]);
				await expectQuietUp(project.project, sent);

				// The SDK's `Get` function reads a rule by the same id, managing nothing: no write.
				await project.project.setConfig("bosRuleRead", bosRuleId);
				const readWrites = writes(emulators.requests.bos).length;
				await project.project.up();
				const read = JSON.parse(
					(await project.project.mustRun(["stack", "output", "--json"])).stdout,
				);
				expect(read.bosRuleReadDestination).toBe("go-bos-backup");
				expect(writes(emulators.requests.bos).length).toBe(readWrites);
				await project.project.mustRun(["config", "rm", "bosRuleRead"]);
				await project.project.up();
				await expectQuietUp(project.project, sent);

				const destroyed = await project.project.destroy();
				expect(destroyed.stdout).toContain("- 10 deleted");
			} finally {
				await project.close({ destroy: false });
			}
		}, 1_800_000);
	},
);
