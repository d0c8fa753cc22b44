import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
	providerEnv,
	type RunningEmulators,
	startEmulators,
} from "../../emulator";
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
			const after = await project.exportState();
			const dynamic = (after.deployment.resources ?? []).filter((r) =>
				String(r.type).startsWith("pulumi-nodejs:dynamic/"),
			) as Resource[];
			expect(dynamic).toHaveLength(12);
			for (const r of dynamic) {
				expect(r.outputs?.__provider).toBe(stub);
				expect(r.inputs?.__provider).toBe(currentStub);
			}

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
