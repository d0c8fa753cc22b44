import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulators, startEmulators } from "../../emulator";
import { providerEnv } from "../../emulator/env";
import { TestProject } from "../support/pulumi";
import { requestCount } from "../support/requests";

/**
 * Two resources of one stack declaring the same rule would share it (a create takes an identical rule
 * as its own earlier write), so the program fails at preview, naming both, before any request.
 */
describe("the same rule declared twice in one stack", () => {
	let emulators: RunningEmulators;
	let project: TestProject;

	beforeAll(async () => {
		emulators = await startEmulators();
		project = await TestProject.create(
			"duplicates",
			"export {};\n",
			providerEnv(emulators.endpoints()),
		);
	});
	afterAll(async () => {
		await project?.remove();
		await emulators?.close();
	});

	const requests = () => requestCount(emulators);

	const cases: Array<[string, string, RegExp]> = [
		[
			"BOS: one ruleId, two resources",
			`import * as bos from "pulumi-bucket-replication/bos";
const rule = { region: "bj", bucket: "src", resource: ["src/*"], destination: { bucket: "dst" } };
new bos.BucketReplicationRule("first", { ...rule, ruleId: "r1" });
new bos.BucketReplicationRule("second", { ...rule, ruleId: "r1", resource: ["src/b/*"] });`,
			/bos\.BucketReplicationRule "first" and bos\.BucketReplicationRule "second" both declare rule "r1" on BOS bucket "src"/,
		],
		[
			"BOS: two rules identical but for their ids (twins), defaults spelt out in one",
			`import * as bos from "pulumi-bucket-replication/bos";
const rule = { region: "bj", bucket: "src", destination: { bucket: "dst" } };
new bos.BucketReplicationRule("first", { ...rule, ruleId: "r1" });
new bos.BucketReplicationRule("second", { ...rule, ruleId: "r2", resource: ["src/*"], status: "enabled", replicateDeletes: "disabled" });`,
			/bos\.BucketReplicationRule "first" and bos\.BucketReplicationRule "second" both declare the same replication rule on BOS bucket "src", but for its ruleId\. BOS refuses a rule identical to another rule of the bucket but for its id/,
		],
		[
			"OSS: two rules for one source and destination",
			`import * as oss from "pulumi-bucket-replication/oss";
const rule = { bucket: "src", region: "cn-hangzhou", destination: { bucket: "dst", location: "cn-beijing" } };
new oss.BucketReplicationRule("logs", { ...rule, prefixes: ["logs/"] });
new oss.BucketReplicationRule("img", { ...rule, prefixes: ["img/"] });`,
			/oss\.BucketReplicationRule "logs" and oss\.BucketReplicationRule "img" both declare a rule from OSS bucket "src" to "dst"/,
		],
		[
			"OSS: one ruleId, two destinations",
			`import * as oss from "pulumi-bucket-replication/oss";
const rule = { bucket: "src", region: "cn-hangzhou", ruleId: "r1" };
new oss.BucketReplicationRule("beijing", { ...rule, destination: { bucket: "dst-bj", location: "cn-beijing" } });
new oss.BucketReplicationRule("shanghai", { ...rule, destination: { bucket: "dst-sh", location: "cn-shanghai" } });`,
			/oss\.BucketReplicationRule "beijing" and oss\.BucketReplicationRule "shanghai" both declare rule "r1" on OSS bucket "src"/,
		],
		[
			"COS: one ruleId, two BucketReplicationRule",
			`import * as cos from "pulumi-bucket-replication/cos";
const rule = { bucket: "src-1250000000", region: "ap-guangzhou", role: "qcs::cam::uin/1:uin/1", ruleId: "a", destination: { bucket: "qcs::cos:ap-beijing::dst-1250000000" } };
new cos.BucketReplicationRule("logs", { ...rule, prefix: "logs/" });
new cos.BucketReplicationRule("img", { ...rule, prefix: "img/" });`,
			/cos\.BucketReplicationRule "logs" and cos\.BucketReplicationRule "img" both declare rule "a" on COS bucket "src-1250000000"/,
		],
		[
			"COS: a BucketReplication beside a BucketReplicationRule",
			`import * as cos from "pulumi-bucket-replication/cos";
const src = "src-1250000000";
const role = "qcs::cam::uin/1:uin/1";
const destination = { bucket: "qcs::cos:ap-beijing::dst-1250000000" };
new cos.BucketReplicationRule("one", { bucket: src, region: "ap-guangzhou", role, ruleId: "a", prefix: "a/", destination });
new cos.BucketReplication("all", { bucket: src, region: "ap-guangzhou", role, rules: [{ id: "b", prefix: "b/", destination }] });`,
			/cos\.BucketReplicationRule resources and cos\.BucketReplication "all" both declare the replication of COS bucket "src-1250000000"/,
		],
	];

	for (const [title, program, message] of cases) {
		it(`${title}: preview fails naming both, with no request sent`, async () => {
			project.setProgram(program);
			const before = requests();
			const result = await project.run(["preview", "--diff"]);
			expect(result.code).not.toBe(0);
			expect(result.stdout + result.stderr).toMatch(message);
			expect(requests()).toBe(before);
		});
	}

	it("BOS twins whose values are outputs: preview prints the error on the resource once they resolve", async () => {
		project.setProgram(`import * as pulumi from "@pulumi/pulumi";
import * as bos from "pulumi-bucket-replication/bos";
const rule = { region: "bj", bucket: "src", destination: { bucket: pulumi.output("dst") } };
new bos.BucketReplicationRule("first", { ...rule, ruleId: "r1", resource: ["src/a/*", "src/b/*"] });
new bos.BucketReplicationRule("second", { ...rule, ruleId: "r2", resource: pulumi.output(["src/b/*", "src/a/*"]) });`);
		const before = requests();
		// Logged as an error on the resource, as every claim on outputs is (sdk/claims.ts): the engine
		// prints it, but a preview ends with exit code 0 (an \`up\` is refused by BOS at the second rule).
		const result = await project.run(["preview", "--diff"]);
		expect(result.stdout + result.stderr).toMatch(
			/error: bos\.BucketReplicationRule "first" and bos\.BucketReplicationRule "second" both declare the same replication rule on BOS bucket "src", but for its ruleId/,
		);
		expect(requests()).toBe(before);
	});
});
