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

/**
 * `pulumi import` of a `cos:BucketReplication` through the plugin, with code generation on: the plugin
 * stored its `rules` keyed by id where the schema says a list, and the generator failed (pulumi-yaml
 * v1.25.0: "package block label is deprecated; ..., and 1 other diagnostic(s)", exit code 1 after
 * "= 1 imported"). The declaration it prints now runs as the program, and the first `up` after the
 * import changes nothing and writes nothing.
 */

const program = `resources:
  source:
    type: bucket-replication:cos:Bucket
    properties:
      bucket: gen-src-1250000000
      region: ap-guangzhou
  backup:
    type: bucket-replication:cos:Bucket
    properties:
      bucket: gen-backup-1250000000
      region: ap-beijing
  replication:
    type: bucket-replication:cos:BucketReplication
    properties:
      bucket: \${source.bucket}
      region: \${source.region}
      role: qcs::cam::uin/100000000001:uin/100000000001
      rules:
        - id: logs
          prefix: logs/
          destination:
            bucket: \${backup.bucket}
            region: \${backup.region}
        - id: images
          prefix: images/
          status: Disabled
          destination:
            bucket: \${backup.bucket}
            region: \${backup.region}
`;

const pulumiYaml = (resources: string) =>
	`name: {{name}}\nruntime: yaml\n${pluginsBlock()}${resources}`;

describe("pulumi import of a cos:BucketReplication, with code generation", () => {
	let emulators: RunningEmulators;
	let env: NodeJS.ProcessEnv;
	let main: Awaited<ReturnType<typeof languageProject>> | undefined;

	beforeAll(async () => {
		emulators = await startEmulators({ replicationDelayMs: 10 });
		env = withLanghosts({
			...providerEnv(emulators.endpoints()),
			BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "10",
		});
		main = await languageProject(
			"plugin-gen",
			{ "Pulumi.yaml": pulumiYaml(program) },
			env,
		);
		await main.project.up();
	});
	afterAll(async () => {
		await main?.close().catch(() => undefined);
		await emulators?.close();
	});

	it("prints a declaration that runs as the program; the up after it changes nothing", async () => {
		const other = await languageProject(
			"plugin-gen-import",
			{ "Pulumi.yaml": pulumiYaml("") },
			env,
		);
		try {
			const imported = await other.project.run([
				"import",
				"bucket-replication:cos:BucketReplication",
				"replication",
				"ap-guangzhou/gen-src-1250000000",
				"--yes",
			]);
			const output = imported.stdout + imported.stderr;
			expect(imported.code, output).toBe(0);
			expect(output).toContain("= 1 imported");
			// The generated declaration: its `resources:` line and the indented lines after it.
			const declaration = /^resources:\n(?:[ -].*\n?)*/m.exec(
				imported.stdout,
			)?.[0];
			expect(declaration, output).toBeDefined();
			expect(declaration).toMatch(/rules:\n\s+- /);
			// Pulumi protects what it imports (docs/plugin.md, `pulumi import`).
			expect(declaration).toMatch(/options:\n\s+protect: true/);

			other.write("Pulumi.yaml", pulumiYaml(declaration ?? ""));
			const before = writes(emulators.requests.cos).length;
			const up = await other.project.run([
				"up",
				"--yes",
				"--expect-no-changes",
			]);
			expect(up.code, up.stdout + up.stderr).toBe(0);
			expect(writes(emulators.requests.cos).length).toBe(before);
		} finally {
			// The resources stay with the stack that created them.
			await other.close({ destroy: false });
		}
	});

	it("with --file, the buckets and the replication together: every declaration is printed", async () => {
		const other = await languageProject(
			"plugin-gen-file",
			{ "Pulumi.yaml": pulumiYaml("") },
			env,
		);
		try {
			other.write(
				"import.json",
				JSON.stringify({
					resources: [
						["source", "cos:Bucket", "ap-guangzhou/gen-src-1250000000"],
						["backup", "cos:Bucket", "ap-beijing/gen-backup-1250000000"],
						[
							"replication",
							"cos:BucketReplication",
							"ap-guangzhou/gen-src-1250000000",
						],
					].map(([name, type, id]) => ({
						name,
						type: `bucket-replication:${type}`,
						id,
					})),
				}),
			);
			const imported = await other.project.run([
				"import",
				"--file",
				"import.json",
				"--yes",
			]);
			const output = imported.stdout + imported.stderr;
			expect(imported.code, output).toBe(0);
			expect(output).toContain("= 3 imported");
			for (const name of ["source", "backup", "replication"])
				expect(imported.stdout).toContain(`\n  ${name}:\n`);
		} finally {
			await other.close({ destroy: false });
		}
	});
});
