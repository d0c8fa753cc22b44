import { randomBytes } from "node:crypto";
import { BosClient } from "@baiducloud/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	providerEnv,
	type RunningEmulators,
	startEmulators,
} from "../../emulator";
import { TestProject } from "../support/pulumi";

/**
 * README "Resources" and docs/reference.md#resource-options: `replaceOnChanges` needs
 * `deleteBeforeReplace`, because the replacement has the same bucket and rule id. Seen through the
 * real CLI on a BOS rule against the emulator, as a user would write it. Then the drift job of
 * examples/github-actions on the same stack.
 */

function program(
	names: { source: string; backup: string },
	storageClass: string,
	deleteBeforeReplace: boolean,
): string {
	return `
import { bos } from "pulumi-bucket-replication";

const source = new bos.Bucket("source", { bucket: "${names.source}", region: "bj", versioning: "enabled" });
const backup = new bos.Bucket("backup", { bucket: "${names.backup}", region: "gz", versioning: "enabled" });

new bos.BucketReplicationRule("everything", {
	bucket: source.bucket,
	region: source.region,
	ruleId: "everything",
	destination: { bucket: backup.bucket, storageClass: "${storageClass}" },
}, { replaceOnChanges: ["destination"], deleteBeforeReplace: ${deleteBeforeReplace} });
`;
}

/**
 * docs/comparison.md and mission-anchors (b) 1, 4 and 10: an empty prefix (COS), no prefixes (OSS)
 * and an empty destination prefix (BOS) left the plans of other providers never converging.
 */
function emptyPrefixes(appId: string, suffix: string): string {
	return `
import { bos, cos, oss } from "pulumi-bucket-replication";

const cosSrc = new cos.Bucket("cos-src", { bucket: "ep-src-${suffix}-${appId}", region: "ap-guangzhou", versioning: "Enabled" });
const cosDst = new cos.Bucket("cos-dst", { bucket: "ep-dst-${suffix}-${appId}", region: "ap-beijing", versioning: "Enabled" });
new cos.BucketReplication("cos", {
	bucket: cosSrc.bucket,
	region: cosSrc.region,
	role: "qcs::cam::uin/100000000001:uin/100000000001",
	rules: [{ id: "all", prefix: "", destination: { bucket: cosDst.bucket, region: cosDst.region } }],
});

const ossSrc = new oss.Bucket("oss-src", { bucket: "ep-src-${suffix}", region: "cn-hangzhou", versioning: "Enabled" });
const ossDst = new oss.Bucket("oss-dst", { bucket: "ep-dst-${suffix}", region: "cn-shanghai", versioning: "Enabled" });
new oss.BucketReplicationRule("oss", {
	bucket: ossSrc.bucket,
	region: ossSrc.region,
	ruleId: "all",
	prefixes: [],
	destination: { bucket: ossDst.bucket, location: ossDst.region },
});

const bosSrc = new bos.Bucket("bos-src", { bucket: "ep-src-${suffix}", region: "bj", versioning: "enabled" });
const bosDst = new bos.Bucket("bos-dst", { bucket: "ep-dst-${suffix}", region: "gz", versioning: "enabled" });
new bos.BucketReplicationRule("bos", {
	bucket: bosSrc.bucket,
	region: bosSrc.region,
	ruleId: "all",
	destination: { bucket: bosDst.bucket, prefix: "" },
});
`;
}

/** mission-anchors (b) 3: rule order made diffs. Two COS rules, in the order given. */
function twoCosRules(
	appId: string,
	suffix: string,
	reversed: boolean,
	options = "{}",
): string {
	const rules = [
		'{ id: "logs", prefix: "logs/", destination: { bucket: dst.bucket, region: dst.region } }',
		'{ id: "images", prefix: "images/", destination: { bucket: dst.bucket, region: dst.region } }',
	];
	if (reversed) rules.reverse();
	return `
import { cos } from "pulumi-bucket-replication";

const src = new cos.Bucket("src", { bucket: "order-src-${suffix}-${appId}", region: "ap-guangzhou", versioning: "Enabled" });
const dst = new cos.Bucket("dst", { bucket: "order-dst-${suffix}-${appId}", region: "ap-beijing", versioning: "Enabled" });
new cos.BucketReplication("cos", {
	bucket: src.bucket,
	region: src.region,
	role: "qcs::cam::uin/100000000001:uin/100000000001",
	rules: [${rules.join(", ")}],
}, ${options});
`;
}

describe("resource options through the real Pulumi CLI", () => {
	let emulators: RunningEmulators;
	let project: TestProject;
	const suffix = randomBytes(4).toString("hex");
	const names = { source: `opt-src-${suffix}`, backup: `opt-dst-${suffix}` };

	beforeAll(async () => {
		emulators = await startEmulators({ replicationDelayMs: 10 });
		project = await TestProject.create(
			"resource-options",
			program(names, "STANDARD", false),
			{
				...providerEnv(emulators.endpoints()),
				BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "10",
			},
		);
	});
	afterAll(async () => {
		await project?.remove();
		await emulators?.close();
	});

	it("replaceOnChanges fails without deleteBeforeReplace and works with it; a versioning drift fails the CI drift preview and up --refresh repairs it", async () => {
		expect((await project.up()).stdout).toContain("+ 4 created");

		project.setProgram(program(names, "STANDARD_IA", false));
		const refused = await project.run(["up", "--yes", "--skip-preview"]);
		expect(refused.code).not.toBe(0);
		expect(`${refused.stdout}${refused.stderr}`).toContain(
			"a rule with this id already exists and differs",
		);

		project.setProgram(program(names, "STANDARD_IA", true));
		const replaced = await project.up();
		expect(replaced.stdout).toContain("1 replaced");
		await project.mustRun(["up", "--yes", "--expect-no-changes"]);

		// examples/github-actions drift job: a bucket's versioning changed in a console fails
		// `preview --refresh --expect-no-changes`, and `up --refresh` puts it back.
		const client = new BosClient({
			endpoint: emulators.bos.endpoint,
			credentials: { ak: emulators.bos.accessKey, sk: emulators.bos.secretKey },
		});
		await client.putBucketVersioning(names.backup, "suspended");
		const drift = await project.run([
			"preview",
			"--refresh",
			"--expect-no-changes",
		]);
		expect(drift.code, drift.stdout).not.toBe(0);
		await project.mustRun(["up", "--yes", "--skip-preview", "--refresh"]);
		expect((await client.getBucketVersioning(names.backup)).body.status).toBe(
			"enabled",
		);

		expect((await project.destroy()).stdout).toContain("- 4 deleted");
	});

	it("empty prefixes converge: a second up and a refreshed preview change nothing", async () => {
		const other = await TestProject.create(
			"empty-prefixes",
			emptyPrefixes(emulators.cos.appId, suffix),
			{
				...providerEnv(emulators.endpoints()),
				BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "10",
			},
		);
		try {
			expect((await other.up()).stdout).toContain("+ 10 created");
			await other.mustRun(["up", "--yes", "--expect-no-changes"]);
			await other.mustRun(["preview", "--refresh", "--expect-no-changes"]);
			await other.mustRun(["refresh", "--yes", "--expect-no-changes"]);
			expect((await other.destroy()).stdout).toContain("- 10 deleted");
		} finally {
			await other.remove();
		}
	});

	it("COS rules given in another order are no change, in preview and up", async () => {
		const other = await TestProject.create(
			"rule-order",
			twoCosRules(emulators.cos.appId, suffix, false),
			{
				...providerEnv(emulators.endpoints()),
				BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "10",
			},
		);
		try {
			expect((await other.up()).stdout).toContain("+ 4 created");
			other.setProgram(twoCosRules(emulators.cos.appId, suffix, true));
			await other.mustRun(["preview", "--diff", "--expect-no-changes"]);
			await other.mustRun(["up", "--yes", "--expect-no-changes"]);
			expect((await other.destroy()).stdout).toContain("- 4 deleted");
		} finally {
			await other.remove();
		}
	});

	it("customTimeouts does nothing (README Resources): a 1 ms timeout neither fails nor cuts short an up", async () => {
		const timeouts =
			'{ customTimeouts: { create: "1ms", update: "1ms", delete: "1ms" } }';
		const other = await TestProject.create(
			"custom-timeouts",
			twoCosRules(emulators.cos.appId, `t${suffix}`, false, timeouts),
			{
				...providerEnv(emulators.endpoints()),
				BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "10",
			},
		);
		try {
			expect((await other.up()).stdout).toContain("+ 4 created");
			other.setProgram(
				twoCosRules(emulators.cos.appId, `t${suffix}`, false, timeouts).replace(
					'prefix: "logs/"',
					'prefix: "logs/v2/"',
				),
			);
			expect((await other.up()).stdout).toContain("~ 1 updated");
			expect((await other.destroy()).stdout).toContain("- 4 deleted");
		} finally {
			await other.remove();
		}
	});
});
