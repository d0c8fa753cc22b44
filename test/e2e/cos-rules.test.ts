import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	type CosEmulator,
	makeBucket,
	putReplicationRaw,
	role,
	startCosEmulator,
	summary,
} from "../support/cos";
import { TestProject } from "../support/pulumi";

const srcRegion = "ap-guangzhou";
const dstRegion = "ap-beijing";

interface RuleSpec {
	ruleId: string;
	prefix: string;
	status?: "Enabled" | "Disabled";
	/** Take the prefix from the stack's secret config `prefix-<ruleId>` (`pulumi config set --secret`). */
	secret?: boolean;
}

/** Rules on buckets that exist outside the program (made out of band, like a user's own). */
function program(src: string, dst: string, rules: RuleSpec[]): string {
	const resources = rules
		.map(
			(r) => `new cos.BucketReplicationRule(${JSON.stringify(r.ruleId)}, {
	bucket: ${JSON.stringify(src)},
	region: "${srcRegion}",
	role: ${JSON.stringify(role)},
	ruleId: ${JSON.stringify(r.ruleId)},
	prefix: ${r.secret ? `config.requireSecret("prefix-${r.ruleId}")` : JSON.stringify(r.prefix)},
	status: ${JSON.stringify(r.status ?? "Enabled")},
	destination: { bucket: "qcs::cos:${dstRegion}::${dst}" },
});`,
		)
		.join("\n");
	return `import * as pulumi from "@pulumi/pulumi";
import * as cos from "pulumi-bucket-replication/cos";
const config = new pulumi.Config();
${resources}
`;
}

describe("COS BucketReplicationRule through the real Pulumi CLI, at full parallelism", () => {
	let cos: CosEmulator;
	let project: TestProject;
	let src: string;
	let dst: string;

	beforeAll(async () => {
		cos = await startCosEmulator();
		src = cos.bucket("rules-src");
		dst = cos.bucket("rules-dst");
		await makeBucket(cos.client(), src, srcRegion);
		await makeBucket(cos.client(), dst, dstRegion);
		await putReplicationRaw(cos.client(), src, srcRegion, [
			{
				ID: "manual",
				Status: "Enabled",
				Prefix: "manual/",
				Destination: { Bucket: `qcs::cos:${dstRegion}::${dst}` },
			},
		]);
		project = await TestProject.create(
			"cos-rules",
			program(src, dst, [
				{ ruleId: "a", prefix: "a/" },
				{ ruleId: "b", prefix: "b-private/", secret: true },
			]),
			{
				TENCENTCLOUD_SECRET_ID: cos.account.cos.secretId,
				BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "10",
			},
		);
		// The secret key and the endpoint from stack config this time (the other e2e test uses env).
		await project.setConfig(
			"tencentcloud:secretKey",
			cos.account.cos.secretKey,
			true,
		);
		await project.setConfig("prefix-b", "b-private/", true);
		await project.setConfig(
			"bucket-replication:cosEndpoint",
			cos.server.endpoint,
		);
	});
	afterAll(async () => {
		await project?.remove();
		await cos?.close();
	});

	/** id -> "prefix status" of every rule on the source bucket. */
	async function live(): Promise<Record<string, string>> {
		const result = await cos
			.client()
			.getBucketReplication({ Bucket: src, Region: srcRegion });
		const rules = (result.ReplicationConfiguration?.Rules ?? []) as Array<{
			ID: string;
			Prefix: string;
			Status: string;
		}>;
		return Object.fromEntries(
			rules.map((r) => [r.ID, `${r.Prefix} ${r.Status}`]),
		);
	}

	const up = () =>
		project.mustRun(["up", "--yes", "--skip-preview", "--parallel", "32"]);

	it("two rules and an out-of-band rule survive each other's create, update and delete", async () => {
		await up();
		expect(await live()).toEqual({
			a: "a/ Enabled",
			b: "b-private/ Enabled",
			manual: "manual/ Enabled",
		});

		let mark = cos.mark();
		await project.mustRun([
			"up",
			"--yes",
			"--skip-preview",
			"--expect-no-changes",
		]);
		expect(cos.since(mark)).toEqual([]);

		project.setProgram(
			program(src, dst, [
				{ ruleId: "a", prefix: "a2/" },
				{ ruleId: "b", prefix: "b-private/", status: "Disabled", secret: true },
			]),
		);
		const preview = await project.preview();
		expect(preview.stdout).toContain('~ prefix: "a/" => "a2/"');
		expect(preview.stdout).toContain('~ status: "Enabled" => "Disabled"');
		expect(preview.stdout).not.toContain("b-private/");
		await up();
		expect(await live()).toEqual({
			a: "a2/ Enabled",
			b: "b-private/ Disabled",
			manual: "manual/ Enabled",
		});

		// Reads only: one GET per rule, or one for both when their reads overlap (shared in flight).
		mark = cos.mark();
		await project.refresh();
		const reads = summary(cos.since(mark));
		expect(reads.length === 1 || reads.length === 2).toBe(true);
		expect(new Set(reads)).toEqual(new Set(["GET replication"]));
		// A secret input stays secret in state, also in the configuration the refresh read.
		expect(project.stateFileText()).not.toContain("b-private/");

		project.setProgram(program(src, dst, [{ ruleId: "a", prefix: "a2/" }]));
		await up();
		expect(await live()).toEqual({
			a: "a2/ Enabled",
			manual: "manual/ Enabled",
		});
	});

	it("destroy removes only its own rules", async () => {
		await project.destroy();
		expect(await live()).toEqual({ manual: "manual/ Enabled" });
	});
});
