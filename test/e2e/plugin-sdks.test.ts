import { execFileSync, spawnSync } from "node:child_process";
import {
	copyFileSync,
	existsSync,
	mkdtempSync,
	readFileSync,
	rmSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { root } from "../support/pulumi";
import { generateSdk } from "../support/sdks";

/**
 * The Go and .NET SDKs of the plugin, generated from plugin/schema.json by Pulumi's generators and
 * compiled where the toolchain is on the machine: Go here; .NET is generated only when `dotnet` is
 * missing, as the README says.
 */

const has = (tool: string) =>
	spawnSync(tool, ["--version"], { stdio: "ignore" }).status === 0 ||
	spawnSync(tool, ["version"], { stdio: "ignore" }).status === 0;

const offline = require("../../scripts/pulumi-offline.js") as {
	runPulumi(
		args: string[],
		options: { cwd: string },
	): Promise<{ code: number; stdout: string; stderr: string }>;
};

describe("provider plugin: Go and .NET SDKs", () => {
	it("the schema passes the CLI's own check (pulumi schema check)", async () => {
		const result = await offline.runPulumi(
			["schema", "check", join(root, "plugin", "schema.json")],
			{ cwd: root },
		);
		expect(result.code, result.stderr).toBe(0);
		expect(result.stderr).toBe("");
	});

	const dirs: string[] = [];
	const tempDir = (name: string) => {
		const dir = mkdtempSync(join(root, ".pulumi", `sdk-${name}-`));
		dirs.push(dir);
		return dir;
	};
	afterAll(() => {
		for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
	});

	it.skipIf(!has("go"))(
		"Go: generated, and compiles against the Pulumi Go SDK of the CLI's version",
		() => {
			const dir = tempDir("go");
			generateSdk("go", dir);
			const pkg = join(dir, "bucketreplication");
			for (const file of [
				"cos/bucketReplication.go",
				"oss/bucket.go",
				"bos/bucketReplicationRule.go",
			])
				expect(existsSync(join(pkg, file)), file).toBe(true);
			// What docs/plugin.md ("A Go program", "Configuration") says of the generated code.
			const code = (file: string) => readFileSync(join(pkg, file), "utf8");
			expect(code("bos/pulumiEnums.go")).toMatch(
				/StorageClassStandardIa\s+= StorageClass\("STANDARD_IA"\)/,
			);
			expect(code("oss/pulumiEnums.go")).toMatch(
				/BucketReplicationRuleDestinationTransferTypeOssAcc\s+= BucketReplicationRuleDestinationTransferType\("oss_acc"\)/,
			);
			expect(code("oss/pulumiEnums.go")).toMatch(
				/BucketVersioningEnabled\s+= BucketVersioning\("Enabled"\)/,
			);
			const bosRule = code("bos/bucketReplicationRule.go");
			expect(bosRule).toMatch(/CreateTime\s+pulumi\.IntPtrOutput/);
			expect(bosRule).toMatch(/ReplicationRestarts\s+pulumi\.IntPtrOutput/);
			expect(bosRule).toContain("invalid value for required argument 'RuleId'");
			expect(code("oss/bucketReplicationRule.go")).not.toContain(
				"required argument 'RuleId'",
			);
			expect(code("cos/bucketReplication.go")).toMatch(
				/Rules\s+pulumi\.MapOutput/,
			);
			const provider = code("provider.go");
			expect(provider).toContain(
				'internal.GetEnvOrDefault(nil, nil, "TENCENTCLOUD_COS_ENDPOINT")',
			);
			expect(provider).toContain("pulumi.ToSecret(args.CosSecretKey)");
			// A pinned, hash-checked module around the generated packages (go.sum committed).
			for (const file of ["go.mod", "go.sum"])
				copyFileSync(
					join(root, "test", "e2e", "plugin", "go-sdk", file),
					join(dir, file),
				);
			execFileSync("nice", ["-n", "10", "go", "build", "./..."], {
				cwd: dir,
				stdio: "inherit",
				env: {
					...process.env,
					GOFLAGS: "-mod=readonly -modcacherw",
					GOWORK: "off",
					GOTOOLCHAIN: "local",
					CGO_ENABLED: "0",
				},
			});
		},
		600_000,
	);

	it(".NET: generated (compiled only where dotnet is installed)", () => {
		const dir = tempDir("dotnet");
		generateSdk("dotnet", dir);
		const resource = readFileSync(
			join(dir, "Cos", "BucketReplication.cs"),
			"utf8",
		);
		expect(resource).toContain(
			'[BucketReplicationResourceType("bucket-replication:cos:BucketReplication")]',
		);
		// docs/plugin.md, "A .NET program".
		const project = readFileSync(
			join(dir, "Pulumi.BucketReplication.csproj"),
			"utf8",
		);
		expect(project).toContain("<TargetFramework>net6.0</TargetFramework>");
		expect(project).toContain('Include="Pulumi" Version="[3.76.1.0,4)"');
		if (has("dotnet"))
			execFileSync("dotnet", ["build"], { cwd: dir, stdio: "inherit" });
	});
});
