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
 * State written by version 0.1.0 (provider stub v1, 3,181 bytes) keeps working after the stub changed:
 * no diff, no replacement, no request. test/fixtures/state-v1.json is the `pulumi stack export` of a
 * real `up` and `refresh` of the program below with version 0.1.0 (every resource type, `live` and
 * progress filled in), with the project and stack names and the stub text templated.
 */
const v1Stub = readFileSync(
	join(__dirname, "../golden/provider-v1.txt"),
	"utf8",
);
const currentStub = readFileSync(
	join(__dirname, "../golden/provider.txt"),
	"utf8",
);
const fixture = readFileSync(
	join(__dirname, "../fixtures/state-v1.json"),
	"utf8",
);

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

describe("state written by 0.1.0 (provider stub v1)", () => {
	let emulators: RunningEmulators;
	let project: TestProject;
	afterAll(async () => {
		await project?.remove();
		await emulators?.close();
	});

	it("shows no diff, replaces nothing and sends no request on preview and up", async () => {
		expect(v1Stub.length).toBe(3181);
		expect(currentStub).not.toBe(v1Stub);
		emulators = await startEmulators();
		project = await TestProject.create(
			"state-v1",
			program,
			providerEnv(emulators.endpoints()),
		);
		const state = fixture
			.split("<project>")
			.join(project.name)
			.split("<stack>")
			.join(project.stack)
			.split('"<v1>"')
			.join(JSON.stringify(v1Stub));
		const file = join(project.dir, "state-v1.json");
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

		// The engine keeps the old outputs (and their v1 stub, which reads and deletes with) and takes
		// the new inputs: both stubs call the same runtime.
		const after = await project.exportState();
		const dynamic = (after.deployment.resources ?? []).filter((r) =>
			String(r.type).startsWith("pulumi-nodejs:dynamic/"),
		) as Resource[];
		expect(dynamic).toHaveLength(12);
		for (const r of dynamic) {
			expect(r.outputs?.__provider).toBe(v1Stub);
			expect(r.inputs?.__provider).toBe(currentStub);
		}

		// `read` runs through the v1 stub of the outputs. These emulators never held the fixture's
		// buckets and rules, so each of them reads as gone and leaves the state; Smoke has no cloud side.
		await project.refresh();
		const refreshed = await project.exportState();
		expect(
			(refreshed.deployment.resources ?? [])
				.map((r) => String(r.type))
				.filter((t) => t.startsWith("pulumi-nodejs:dynamic/")),
		).toEqual(["pulumi-nodejs:dynamic/bucket-replication:Smoke"]);
	});
});
