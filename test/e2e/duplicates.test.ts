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
			"OSS: two rules for one source and destination",
			`import * as oss from "pulumi-bucket-replication/oss";
const rule = { bucket: "src", region: "cn-hangzhou", destination: { bucket: "dst", location: "cn-beijing" } };
new oss.BucketReplicationRule("logs", { ...rule, prefixes: ["logs/"] });
new oss.BucketReplicationRule("img", { ...rule, prefixes: ["img/"] });`,
			/oss\.BucketReplicationRule "logs" and oss\.BucketReplicationRule "img" both declare a rule from OSS bucket "src" to "dst"/,
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
});
