import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomAccount } from "../../emulator/core/accounts";
import { startBos } from "../emulator/bos-helpers";
import { TestProject } from "../support/pulumi";

/**
 * Temporary STS keys through the real Pulumi CLI: the session token given as a secret of stack config
 * (`pulumi config set --secret baiducloud:securityToken`, README "Credentials") reaches the dynamic
 * provider host, which sends it with every BOS request; the state holds it encrypted only.
 */

const token = "SeCrEt-e2e+sts/token==";
const sts = randomAccount("sts");
sts.bos.securityToken = token;

const program = `
const { bos } = require("pulumi-bucket-replication");
new bos.Bucket("sts", { region: "bj", bucket: "e2e-sts", versioning: "enabled" });
`;

describe("BOS temporary credentials through the real Pulumi CLI", () => {
	let bos: Awaited<ReturnType<typeof startBos>>;
	let project: TestProject;

	beforeAll(async () => {
		bos = await startBos({ accounts: [sts] });
	});
	afterAll(async () => {
		await project?.remove();
		await bos?.close();
	});

	it("up and destroy with the token from stack config as a secret", async () => {
		project = await TestProject.create(
			"bos-sts",
			program,
			{
				BAIDUCLOUD_BOS_ENDPOINT: bos.server.endpoint,
				BAIDUCLOUD_ACCESS_KEY: sts.bos.accessKey,
				BAIDUCLOUD_SECRET_KEY: sts.bos.secretKey,
				BAIDUCLOUD_SECURITY_TOKEN: "",
				BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "1",
			},
			{ javascript: true },
		);
		await project.setConfig("baiducloud:securityToken", token, true);
		// doesBucketExist takes a 403 for "exists": this client must carry the token too.
		const client = bos.clientFor(sts, { sessionToken: token });
		expect((await project.up()).stdout).toMatch(/\+ 2 created/);
		expect(await client.doesBucketExist("e2e-sts")).toBe(true);
		expect(project.stateFileText()).not.toContain(token);
		expect(project.stateFileText()).not.toContain(encodeURIComponent(token));
		await project.destroy();
		expect(await client.doesBucketExist("e2e-sts")).toBe(false);
	});
});
