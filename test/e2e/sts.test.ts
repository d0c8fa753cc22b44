import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulators, startEmulators } from "../../emulator";
import { randomAccount } from "../../emulator/core/accounts";
import { TestProject } from "../support/pulumi";

/**
 * Temporary STS keys through the real Pulumi CLI, on the three clouds in one stack: each cloud's
 * security token given as a secret of stack config (`pulumi config set --secret tencentcloud:securityToken`,
 * README "Credentials") reaches the dynamic provider host, which sends it with every request to an
 * emulator account whose keys are temporary; the state holds the tokens encrypted only.
 */

const sts = randomAccount("sts");
const tokens = {
	cos: "SeCrEt-e2e+cos/token==",
	oss: "SeCrEt-e2e+oss/token==",
	bos: "SeCrEt-e2e+bos/token==",
};
sts.cos.securityToken = tokens.cos;
sts.oss.securityToken = tokens.oss;
sts.bos.securityToken = tokens.bos;

const clouds = [
	{ cloud: "cos", configKey: "tencentcloud:securityToken" },
	{ cloud: "oss", configKey: "alicloud:securityToken" },
	{ cloud: "bos", configKey: "baiducloud:securityToken" },
] as const;

const program = `
const { cos, oss, bos } = require("pulumi-bucket-replication");
new cos.Bucket("sts-cos", { region: "ap-guangzhou", bucket: "e2e-sts-${sts.cos.appId}", versioning: "Enabled" });
new oss.Bucket("sts-oss", { region: "cn-hangzhou", bucket: "e2e-sts-oss", versioning: "Enabled" });
new bos.Bucket("sts-bos", { region: "bj", bucket: "e2e-sts-bos", versioning: "enabled" });
`;

describe("temporary credentials through the real Pulumi CLI", () => {
	let emulators: RunningEmulators;
	let project: TestProject;

	beforeAll(async () => {
		emulators = await startEmulators({ accounts: [sts] });
	});
	afterAll(async () => {
		await project?.remove();
		await emulators?.close();
	});

	it("up and destroy with each cloud's token from stack config as a secret", async () => {
		const { cos, oss, bos } = emulators.endpoints();
		project = await TestProject.create(
			"sts",
			program,
			{
				TENCENTCLOUD_COS_ENDPOINT: cos.endpoint,
				TENCENTCLOUD_SECRET_ID: cos.secretId,
				TENCENTCLOUD_SECRET_KEY: cos.secretKey,
				TENCENTCLOUD_SECURITY_TOKEN: "",
				ALICLOUD_OSS_ENDPOINT: oss.endpoint,
				ALICLOUD_ACCESS_KEY: oss.accessKeyId,
				ALICLOUD_SECRET_KEY: oss.accessKeySecret,
				ALICLOUD_SECURITY_TOKEN: "",
				BAIDUCLOUD_BOS_ENDPOINT: bos.endpoint,
				BAIDUCLOUD_ACCESS_KEY: bos.accessKey,
				BAIDUCLOUD_SECRET_KEY: bos.secretKey,
				BAIDUCLOUD_SECURITY_TOKEN: "",
				BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "1",
			},
			{ javascript: true },
		);
		for (const { cloud, configKey } of clouds)
			await project.setConfig(configKey, tokens[cloud], true);
		expect((await project.up()).stdout).toMatch(/\+ 4 created/);
		// Every cloud created its bucket (with the token: the emulators refuse these keys without it).
		for (const { cloud } of clouds)
			expect(
				emulators.requests[cloud].filter(
					(r) => r.method === "PUT" && r.status === 200,
				).length,
			).toBeGreaterThan(0);
		for (const token of Object.values(tokens)) {
			expect(project.stateFileText()).not.toContain(token);
			expect(project.stateFileText()).not.toContain(encodeURIComponent(token));
		}
		await project.destroy();
		for (const { cloud } of clouds) {
			const deletes = emulators.requests[cloud].filter(
				(r) => r.method === "DELETE",
			);
			expect(deletes.length).toBeGreaterThan(0);
			expect(deletes.every((r) => r.status < 300)).toBe(true);
		}
	});
});
