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
});
