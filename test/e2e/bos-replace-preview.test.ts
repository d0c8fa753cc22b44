import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBos } from "../emulator/bos-helpers";
import { TestProject } from "../support/pulumi";

/**
 * A rule whose status is not known at preview is replaced (it may become disabled, which BOS refuses to
 * overwrite). The engine checks a replacement again with no olds, so `replicationRestarts` must not be
 * unknown in the first check, or the preview lists `replicationRestarts: 0 => 0`.
 */
const program = (status: string, other: string) => `
import { bos } from "pulumi-bucket-replication";

const other = new bos.BucketReplicationRule("${other}", {
	region: "bj", bucket: "rp-src", ruleId: "${other}",
	resource: ["rp-src/${other}/*"], destination: { bucket: "rp-dst" },
});
new bos.BucketReplicationRule("main", {
	region: "bj", bucket: "rp-src", ruleId: "main",
	resource: ["rp-src/main/*"], status: ${status}, destination: { bucket: "rp-dst" },
});
`;

describe("BOS: preview of a replacement through the real Pulumi CLI", () => {
	let bos: Awaited<ReturnType<typeof startBos>>;
	let project: TestProject;

	beforeAll(async () => {
		bos = await startBos({ replicationDelayMs: 5 });
		await bos.client.createBucket("rp-src");
		await bos.client.createBucket("rp-dst");
	});
	afterAll(async () => {
		await project?.remove();
		await bos?.close();
	});

	it("a status known only after `up` previews a replacement that lists the status alone", async () => {
		const { accessKey, secretKey } = bos.accounts[0].bos;
		project = await TestProject.create(
			"bos-replace",
			program('"enabled"', "first"),
			{
				BAIDUCLOUD_BOS_ENDPOINT: bos.server.endpoint,
				BAIDUCLOUD_ACCESS_KEY: accessKey,
				BAIDUCLOUD_SECRET_KEY: secretKey,
			},
		);
		await project.up();
		// The status comes from a rule created in this update: unknown at preview.
		project.setProgram(
			program('other.createTime.apply(() => "disabled" as const)', "second"),
		);
		const { stdout } = await project.preview();
		expect(stdout).toContain('~ status: "enabled" => [unknown]');
		// Before the fix: `~ replicationRestarts: 0 => 0` in the replaced rule's block.
		expect(stdout).not.toContain("~ replicationRestarts");
		expect(stdout).toContain("+-1 to replace");
	});
});
