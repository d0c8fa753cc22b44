import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	providerEnv,
	type RunningEmulators,
	startEmulators,
} from "../../emulator";
import { installPacked } from "../support/packed";
import {
	languageProject,
	pluginsBlock,
	withLanghosts,
	writes,
} from "../support/pluginProject";
import { root, TestProject } from "../support/pulumi";
import { expectQuietUp } from "../support/requests";

/**
 * The provider plugin through the real Pulumi CLI and the Pulumi YAML language host (built from
 * github.com/pulumi/pulumi-yaml by scripts/install-langhosts.sh), against the emulators: a YAML
 * program with buckets and replication on COS, OSS and BOS, then `pulumi import` of every resource
 * type into another stack, by the CLI and by the `import` resource option.
 */

const fixtures = join(root, "test", "e2e", "plugin");
const allClouds = readFileSync(join(fixtures, "all-clouds.yaml"), "utf8");
const imported = readFileSync(join(fixtures, "imported.yaml"), "utf8");
const clouds = ["cos", "oss", "bos"] as const;

function pulumiYaml(program: string): string {
	return `name: {{name}}\nruntime: yaml\n${pluginsBlock()}${program}`;
}

/** The same program with an `import` option on every resource: the id each is imported by. */
const importIds: Record<string, [string, string]> = {
	cosSource: [
		"bucket-replication:cos:Bucket",
		"ap-guangzhou/yaml-src-1250000000",
	],
	cosReplication: [
		"bucket-replication:cos:BucketReplication",
		"ap-guangzhou/yaml-src-1250000000",
	],
	cosRule: [
		"bucket-replication:cos:BucketReplicationRule",
		"ap-guangzhou/yaml-src-1250000000/logs",
	],
	ossSource: ["bucket-replication:oss:Bucket", "cn-hangzhou/yaml-oss-src"],
	ossRule: [
		"bucket-replication:oss:BucketReplicationRule",
		"cn-hangzhou/yaml-oss-src/logs-to-shanghai",
	],
	bosSource: ["bucket-replication:bos:Bucket", "bj/yaml-bos-src"],
	bosRule: [
		"bucket-replication:bos:BucketReplicationRule",
		"bj/yaml-bos-src/everything",
	],
};

function withImportOptions(program: string): string {
	let out = program;
	for (const [name, [, id]] of Object.entries(importIds)) {
		out = out.replace(
			new RegExp(`(\\n  ${name}:\\n    type: [^\\n]+\\n)`),
			`$1    options:\n      import: ${id}\n`,
		);
	}
	return out;
}

describe("provider plugin: a Pulumi YAML program through the real CLI", () => {
	let emulators: RunningEmulators;
	let env: NodeJS.ProcessEnv;
	let main: Awaited<ReturnType<typeof languageProject>> | undefined;
	const requestCounts = () =>
		clouds.map((c) => emulators.requests[c].length).join(",");

	beforeAll(async () => {
		emulators = await startEmulators({
			replicationDelayMs: 10,
			ossStartingDelayMs: 50,
			ossClosingDelayMs: 100,
		});
		env = withLanghosts({
			...providerEnv(emulators.endpoints()),
			BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "10",
		});
	});
	afterAll(async () => {
		await main?.close().catch(() => undefined);
		await emulators?.close();
	});

	it("preview --diff, up, a no-op up that sends nothing, refresh", async () => {
		main = await languageProject(
			"plugin-yaml",
			{ "Pulumi.yaml": pulumiYaml(allClouds) },
			env,
		);
		const before = requestCounts();
		const preview = await main.project.preview();
		expect(preview.stdout).toContain(
			"+ bucket-replication:cos:BucketReplication: (create)",
		);
		// Filled in by the runtime's check, as for the dynamic resources.
		expect(preview.stdout).toMatch(/region\s+: "oss-cn-hangzhou"/);
		expect(preview.stdout).toContain("+ 10 to create");
		// Check and diff are offline: a preview asks no cloud anything.
		expect(requestCounts()).toBe(before);

		const up = await main.project.up();
		expect(up.stdout).toContain("+ 10 created");
		for (const cloud of clouds)
			expect(writes(emulators.requests[cloud]).length, cloud).toBeGreaterThan(
				0,
			);

		await expectQuietUp(main.project, requestCounts);

		// A refresh reads every resource through the plugin; what it reads is what the program says.
		await main.project.refresh();
		const afterRefresh = clouds.map(
			(c) => writes(emulators.requests[c]).length,
		);
		await main.project.mustRun([
			"up",
			"--yes",
			"--skip-preview",
			"--expect-no-changes",
		]);
		expect(clouds.map((c) => writes(emulators.requests[c]).length)).toEqual(
			afterRefresh,
		);
	});

	it("docs/plugin.md's YAML program runs as written, next to `npm install`: up, then an up that sends nothing", async () => {
		const doc = readFileSync(join(root, "docs", "plugin.md"), "utf8");
		const written = /^```yaml\n(name: replication\n[\s\S]*?)^```$/m.exec(
			doc,
		)?.[1];
		if (!written) throw new Error("docs/plugin.md has no YAML program");
		// Unchanged, in a directory where the packed package is npm-installed (docs/plugin.md, "Install the
		// plugin", "From npm"): its `path: ./node_modules/.bin` finds the plugin there.
		const installed = await installPacked();
		try {
			writeFileSync(join(installed.dir, "Pulumi.yaml"), written);
			const project = await TestProject.open(installed.dir, env);
			try {
				expect((await project.up()).stdout).toContain("+ 4 created");
				await expectQuietUp(project, requestCounts);
			} finally {
				await project.remove();
			}
		} finally {
			installed.remove();
		}
	});

	it("pulumi import of every resource type by id; the first up after it sends nothing", async () => {
		const other = await languageProject(
			"plugin-yaml-import",
			{ "Pulumi.yaml": pulumiYaml("") },
			env,
		);
		try {
			other.write(
				"import.json",
				JSON.stringify({
					resources: Object.entries(importIds).map(([name, [type, id]]) => ({
						type,
						name,
						id,
					})),
				}),
			);
			const before = clouds.map((c) => writes(emulators.requests[c]).length);
			const imported7 = await other.project.mustRun([
				"import",
				"--file",
				"import.json",
				"--yes",
				"--generate-code=false",
			]);
			// Its preview part shows each as `= import`.
			for (const [type] of Object.values(importIds))
				expect(imported7.stdout).toMatch(new RegExp(`= +${type} \\w+ import`));
			expect(imported7.stdout).toContain("= 7 imported");
			// The engine checks the imported inputs again: they pass, with no "failed to validate" warning.
			expect(imported7.stdout + imported7.stderr).not.toContain(
				"failed to validate",
			);
			expect(clouds.map((c) => writes(emulators.requests[c]).length)).toEqual(
				before,
			);

			// The ids are those a create gives: state cannot tell an import from a create.
			const state = await other.project.exportState();
			const ids = Object.fromEntries(
				(state.deployment.resources ?? []).map((r) => [
					String(r.urn).split("::").pop(),
					r.id,
				]),
			);
			expect(ids).toMatchObject({
				cosSource: "yaml-src-1250000000",
				cosReplication: "yaml-src-1250000000",
				cosRule: "yaml-src-1250000000/logs",
				ossSource: "yaml-oss-src",
				ossRule: "yaml-oss-src:logs-to-shanghai",
				bosSource: "yaml-bos-src",
				bosRule: "yaml-bos-src/everything",
			});
			const created = await main?.project.exportState();
			const createdIds = (created?.deployment.resources ?? []).map((r) => r.id);
			for (const name of ["cosSource", "ossRule", "bosRule"])
				expect(createdIds).toContain(ids[name]);

			// The program that declares them, with the arguments all-clouds.yaml gave them.
			other.write("Pulumi.yaml", pulumiYaml(imported));
			await expectQuietUp(other.project, requestCounts);
		} finally {
			// Leaves the resources to the stack that created them.
			await other.close({ destroy: false });
		}
	});

	it("the import resource option: preview shows = import, the up only reads", async () => {
		const other = await languageProject(
			"plugin-yaml-import-option",
			{ "Pulumi.yaml": pulumiYaml(withImportOptions(imported)) },
			env,
		);
		try {
			const preview = await other.project.preview();
			for (const [type] of Object.values(importIds))
				expect(preview.stdout).toContain(`= ${type}: (import)`);
			expect(preview.stdout).toContain("= 7 to import");
			const before = clouds.map((c) => writes(emulators.requests[c]).length);
			const up = await other.project.up();
			expect(up.stdout).toContain("= 7 imported");
			expect(clouds.map((c) => writes(emulators.requests[c]).length)).toEqual(
				before,
			);
		} finally {
			await other.close({ destroy: false });
		}
	});

	it("provider configuration from stack config: credentials as secrets, never in state", async () => {
		const endpoints = emulators.endpoints();
		// No COS variables in the environment: only the stack config can reach the plugin.
		const bare = Object.fromEntries(
			Object.entries(env).filter(([key]) => !key.startsWith("TENCENTCLOUD_")),
		);
		const other = await languageProject(
			"plugin-yaml-config",
			{
				"Pulumi.yaml": pulumiYaml(
					"resources:\n  configured:\n    type: bucket-replication:cos:Bucket\n    properties:\n      bucket: yaml-config-1250000000\n      region: ap-guangzhou\n",
				),
			},
			bare,
		);
		try {
			await other.project.setConfig(
				"bucket-replication:cosEndpoint",
				endpoints.cos.endpoint,
			);
			await other.project.setConfig(
				"bucket-replication:cosSecretId",
				endpoints.cos.secretId,
				true,
			);
			await other.project.setConfig(
				"bucket-replication:cosSecretKey",
				endpoints.cos.secretKey,
				true,
			);
			expect((await other.project.up()).stdout).toContain("+ 2 created");
			const state = other.project.stateFileText();
			expect(state).not.toContain(endpoints.cos.secretKey);
			expect(state).not.toContain(endpoints.cos.secretId);

			// Pulumi's engine logs the provider configuration in clear from -v=7 on, in its own lines only:
			// the plugin never writes it (docs/plugin.md, "Configuration").
			const linesWithKey = async (verbosity: number) =>
				(
					await other.project.mustRun([
						"preview",
						`-v=${verbosity}`,
						"--logtostderr",
					])
				).stderr
					.split("\n")
					.filter((line) => line.includes(endpoints.cos.secretKey));
			expect(await linesWithKey(5)).toEqual([]);
			expect(
				(await linesWithKey(7)).some((l) => l.includes("Planner decided")),
			).toBe(true);
			const logged = await linesWithKey(9);
			expect(
				logged.some((l) =>
					/Marshaling property for RPC\[Provider\[\w+\]\.Configure\(/.test(l),
				),
			).toBe(true);
			for (const line of logged)
				expect(line).toMatch(
					/"msg":"(Planner decided|(Un)?[Mm]arshaling property for RPC)/,
				);

			// A region newer than the package: refused at preview until `bucket-replication:extraRegions`
			// (docs/cos.md, "Regions"; docs/plugin.md, "Configuration") allows it.
			const newer = pulumiYaml(
				"resources:\n  configured:\n    type: bucket-replication:cos:Bucket\n    properties:\n      bucket: yaml-config-1250000000\n      region: ap-guangzhou\n  newer:\n    type: bucket-replication:cos:Bucket\n    properties:\n      bucket: yaml-newer-1250000000\n      region: ap-newregion\n",
			);
			other.write("Pulumi.yaml", newer);
			const refused = await other.project.run(["preview"]);
			expect(refused.code).not.toBe(0);
			expect(refused.stdout + refused.stderr).toContain(
				'"ap-newregion" is not a known COS region',
			);
			await other.project.setConfig(
				"bucket-replication:extraRegions",
				"ap-newregion",
			);
			const allowed = await other.project.preview();
			expect(allowed.stdout).toContain("+ 1 to create");

			// A misspelt key is refused at preview (CheckConfig), not ignored in silence.
			await other.project.setConfig(
				"bucket-replication:cosEndpiont",
				endpoints.cos.endpoint,
			);
			const misspelt = await other.project.run(["preview"]);
			expect(misspelt.code).not.toBe(0);
			expect(misspelt.stdout + misspelt.stderr).toContain(
				'bucket-replication:cosEndpiont is not a setting of the bucket-replication provider; did you mean "cosEndpoint"?',
			);
			await other.project.mustRun([
				"config",
				"rm",
				"bucket-replication:cosEndpiont",
			]);
			// An endpoint with a user, password and path is refused too, quoting none of them.
			await other.project.setConfig(
				"bucket-replication:cosEndpoint",
				`${endpoints.cos.endpoint.replace("//", "//alice:SeCrEt@")}/cos`,
			);
			const endpoint = await other.project.run(["preview"]);
			expect(endpoint.code).not.toBe(0);
			expect(endpoint.stdout + endpoint.stderr).toContain(
				"bucket-replication:cosEndpoint (or TENCENTCLOUD_COS_ENDPOINT) has a user or password, which the SDKs never send",
			);
			expect(endpoint.stdout + endpoint.stderr).not.toMatch(/alice|SeCrEt/);
			await other.project.setConfig(
				"bucket-replication:cosEndpoint",
				endpoints.cos.endpoint,
			);
			// So are a misspelt BUCKET_REPLICATION_ variable and an endpoint variable with a path
			// (docs/plugin.md, "Configuration"): the plugin reads the CLI's environment.
			const withConfig = other.project.env;
			other.project.env = {
				...withConfig,
				BUCKET_REPLICATION_MAX_RETRY: "3",
				BAIDUCLOUD_BOS_ENDPOINT: `${endpoints.bos.endpoint}/bos?token=SeCrEt`,
			};
			const fromEnv = await other.project.run(["preview"]);
			other.project.env = withConfig;
			expect(fromEnv.code).not.toBe(0);
			expect(fromEnv.stdout + fromEnv.stderr).toContain(
				'the environment variable BUCKET_REPLICATION_MAX_RETRY is not read by pulumi-bucket-replication, so it would be ignored; did you mean "BUCKET_REPLICATION_MAX_RETRIES"?',
			);
			expect(fromEnv.stdout + fromEnv.stderr).toContain(
				'bucket-replication:bosEndpoint (or BAIDUCLOUD_BOS_ENDPOINT) has a path or query ("/bos?...")',
			);
			expect(fromEnv.stdout + fromEnv.stderr).not.toContain("SeCrEt");

			// The YAML host checks an enum value against the schema's, exactly (docs/plugin.md, "A YAML program").
			other.write(
				"Pulumi.yaml",
				pulumiYaml(
					"resources:\n  lowerCase:\n    type: bucket-replication:oss:Bucket\n    properties: { bucket: yaml-lower-case, region: cn-hangzhou, versioning: enabled }\n",
				),
			);
			const lowerCase = await other.project.run(["preview"]);
			expect(lowerCase.code).not.toBe(0);
			expect(lowerCase.stdout + lowerCase.stderr).toContain(
				'Allowed values are Enabled ("Enabled"), Suspended ("Suspended")',
			);
			other.write(
				"Pulumi.yaml",
				pulumiYaml(
					"resources:\n  configured:\n    type: bucket-replication:cos:Bucket\n    properties:\n      bucket: yaml-config-1250000000\n      region: ap-guangzhou\n",
				),
			);
		} finally {
			await other.close();
		}
	});

	it("an explicit provider resource uses its own settings; its failure names the plugin's key, never the secret", async () => {
		const { cos } = emulators.endpoints();
		const wrongKey = "explicit-provider-wrong-key";
		const other = await languageProject(
			"plugin-yaml-explicit-provider",
			{
				"Pulumi.yaml": pulumiYaml(
					[
						"resources:",
						"  wrongKeys:",
						"    type: pulumi:providers:bucket-replication",
						"    properties:",
						`      cosSecretId: ${cos.secretId}`,
						`      cosSecretKey: ${wrongKey}`,
						`      cosEndpoint: ${cos.endpoint}`,
						"  viaDefault:",
						"    type: bucket-replication:cos:Bucket",
						"    properties: { bucket: yaml-default-1250000000, region: ap-guangzhou }",
						"  viaWrongKeys:",
						"    type: bucket-replication:cos:Bucket",
						"    properties: { bucket: yaml-wrongkeys-1250000000, region: ap-guangzhou }",
						"    options:",
						// biome-ignore lint/suspicious/noTemplateCurlyInString: a Pulumi YAML interpolation
						"      provider: ${wrongKeys}",
						"",
					].join("\n"),
				),
			},
			env,
		);
		try {
			const failed = await other.project.run(["up", "--yes", "--skip-preview"]);
			const output = failed.stdout + failed.stderr;
			expect(failed.code).not.toBe(0);
			expect(output).toContain(
				"+  bucket-replication:cos:Bucket viaDefault created",
			);
			expect(output).toMatch(
				/COS bucket "yaml-wrongkeys-1250000000": PUT Bucket failed: .*COS code SignatureDoesNotMatch, request id \w+\)\. Check bucket-replication:cosSecretId \/ bucket-replication:cosSecretKey/,
			);
			expect(output).not.toContain(wrongKey);
			expect(other.project.stateFileText()).not.toContain(wrongKey);
		} finally {
			await other.close();
		}
	});

	it("a secret argument stays secret through the plugin: preview shows [secret], state and refreshed live never hold it, a second up is a no-op", async () => {
		const secret = "y5ecret/";
		const program = (extra = "") =>
			pulumiYaml(
				`config:\n  pfx:\n    type: string\nresources:\n  src:\n    type: bucket-replication:cos:Bucket\n    properties:\n      bucket: yaml-sec-src-1250000000\n      region: ap-guangzhou\n  dst:\n    type: bucket-replication:cos:Bucket\n    properties:\n      bucket: yaml-sec-dst-1250000000\n      region: ap-beijing\n  cosRule:\n    type: bucket-replication:cos:BucketReplicationRule\n    properties:\n      bucket: \${src.bucket}\n      region: \${src.region}\n      role: qcs::cam::uin/100000000001:uin/100000000001\n      ruleId: sec\n      prefix: \${pfx}\n      destination:\n        bucket: \${dst.bucket}\n        region: \${dst.region}\n  ossSrc:\n    type: bucket-replication:oss:Bucket\n    properties:\n      bucket: yaml-sec-oss-src\n      region: cn-hangzhou\n      versioning: Enabled\n  ossDst:\n    type: bucket-replication:oss:Bucket\n    properties:\n      bucket: yaml-sec-oss-dst\n      region: cn-shanghai\n      versioning: Enabled\n  ossRule:\n    type: bucket-replication:oss:BucketReplicationRule\n    properties:\n      bucket: \${ossSrc.bucket}\n      region: \${ossSrc.region}\n      ruleId: sec\n      prefixes:\n        - \${pfx}\n      destination:\n        bucket: \${ossDst.bucket}\n        location: \${ossDst.region}\n  bosSrc:\n    type: bucket-replication:bos:Bucket\n    properties:\n      bucket: yaml-sec-bos-src\n      region: bj\n      versioning: enabled\n  bosDst:\n    type: bucket-replication:bos:Bucket\n    properties:\n      bucket: yaml-sec-bos-dst\n      region: gz\n      versioning: enabled\n  bosRule:\n    type: bucket-replication:bos:BucketReplicationRule\n    properties:\n      bucket: \${bosSrc.bucket}\n      region: \${bosSrc.region}\n      ruleId: sec\n      resource:\n        - yaml-sec-bos-src/\${pfx}*\n      destination:\n        bucket: \${bosDst.bucket}\n${extra}`,
			);
		const other = await languageProject(
			"plugin-yaml-secrets",
			{ "Pulumi.yaml": program() },
			env,
		);
		try {
			await other.project.setConfig("pfx", secret, true);
			const seen: string[] = [];
			const preview = await other.project.preview();
			seen.push(preview.stdout, preview.stderr);
			expect(preview.stdout).toContain("[secret]");
			const up = await other.project.up();
			seen.push(up.stdout, up.stderr);
			const refresh = await other.project.refresh();
			seen.push(refresh.stdout, refresh.stderr);
			const again = await other.project.mustRun([
				"up",
				"--yes",
				"--expect-no-changes",
			]);
			seen.push(again.stdout, again.stderr);
			// Only Pulumi's engine, at -v=7 and more, logs a secret argument (docs/plugin.md, "Configuration").
			const verbose = await other.project.mustRun([
				"preview",
				"-v=7",
				"--logtostderr",
			]);
			expect(
				verbose.stderr
					.split("\n")
					.some((l) => l.includes("Planner decided") && l.includes(secret)),
			).toBe(true);
			const exported = await other.project.mustRun(["stack", "export"]);
			for (const text of [
				...seen,
				exported.stdout,
				other.project.stateFileText(),
			])
				expect(text).not.toContain("y5ecret");
			// What the cloud holds is the secret itself: only its copies in Pulumi are hidden.
			const state = JSON.parse(exported.stdout) as {
				deployment: {
					resources: { type: string; outputs?: Record<string, unknown> }[];
				};
			};
			for (const type of ["cos", "oss", "bos"]) {
				const rule = state.deployment.resources.find(
					(r) => r.type === `bucket-replication:${type}:BucketReplicationRule`,
				);
				expect(JSON.stringify(rule?.outputs?.live), type).toContain(
					"4dabf18193072939515e22adb298388d",
				);
			}

			// A state of an earlier plugin, live in clear after a refresh: the next refresh encrypts it.
			const shown = JSON.parse(
				(await other.project.mustRun(["stack", "export", "--show-secrets"]))
					.stdout,
			) as {
				deployment: {
					resources: { type: string; outputs?: Record<string, unknown> }[];
				};
			};
			for (const r of shown.deployment.resources) {
				const live = r.outputs?.live as { plaintext?: string } | undefined;
				if (r.outputs && live?.plaintext)
					r.outputs.live = JSON.parse(live.plaintext);
			}
			const oldState = join(other.dir, "old-state.json");
			writeFileSync(oldState, JSON.stringify(shown));
			await other.project.mustRun(["stack", "import", "--file", oldState]);
			expect(
				(await other.project.mustRun(["stack", "export"])).stdout,
			).toContain("y5ecret");
			await other.project.refresh();
			expect(
				(await other.project.mustRun(["stack", "export"])).stdout,
			).not.toContain("y5ecret");

			// An OSS rule whose id would come from a secret destination bucket is refused at preview.
			other.write(
				"Pulumi.yaml",
				program(
					`  ossNoId:\n    type: bucket-replication:oss:BucketReplicationRule\n    properties:\n      bucket: \${ossSrc.bucket}\n      region: \${ossSrc.region}\n      destination:\n        bucket:\n          fn::secret: \${ossDst.bucket}\n        location: \${ossDst.region}\n`,
				),
			);
			const refused = await other.project.run(["preview"]);
			expect(refused.code).not.toBe(0);
			expect(refused.stdout + refused.stderr).toContain(
				"set ruleId explicitly",
			);
			// A check failure on a secret argument names the field and shows [secret] (README, Credentials).
			other.write(
				"Pulumi.yaml",
				program(
					"  badName:\n    type: bucket-replication:cos:Bucket\n    properties:\n      bucket:\n        fn::secret: Yaml-SeCrEt-1250000000\n      region: ap-guangzhou\n",
				),
			);
			const badName = await other.project.run(["preview"]);
			expect(badName.code).not.toBe(0);
			expect(badName.stdout + badName.stderr).toContain("bucket [secret]");
			expect(badName.stdout + badName.stderr).not.toContain("SeCrEt");
			other.write("Pulumi.yaml", program());
		} finally {
			await other.close();
		}
	});

	it("a change updates the rule in place; destroy removes everything", async () => {
		if (!main) throw new Error("the first test did not create the stack");
		main.write(
			"Pulumi.yaml",
			pulumiYaml(allClouds.replace("prefix: logs/", "prefix: logs/v2/")),
		);
		const preview = await main.project.preview();
		expect(preview.stdout).toContain(
			"~ bucket-replication:cos:BucketReplication: (update)",
		);
		expect(preview.stdout).toMatch(/~ prefix: "logs\/" => "logs\/v2\/"/);

		const cosWrites = writes(emulators.requests.cos).length;
		const up = await main.project.up();
		expect(up.stdout).toContain("~ 1 updated");
		expect(writes(emulators.requests.cos).length).toBe(cosWrites + 1);

		const destroyed = await main.project.destroy();
		expect(destroyed.stdout).toContain("- 10 deleted");
		await main.close({ destroy: false });
		main = undefined;
	});
});
