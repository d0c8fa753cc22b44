import { execFile } from "node:child_process";
import { join } from "node:path";
import { BosClient } from "@baiducloud/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	providerEnv,
	type RunningEmulators,
	startEmulators,
} from "../../emulator";
import { randomAccount } from "../../emulator/core/accounts";

/**
 * `discover` runs outside Pulumi and reads only the environment, so its hints name environment
 * variables, never `pulumi config set` (the built bin, as users run it; `npm test` builds first).
 */

const bin = join(__dirname, "../../dist/cli/index.js");

/** The environment without any key or endpoint of the three clouds. */
function bareEnv(): NodeJS.ProcessEnv {
	return Object.fromEntries(
		Object.entries(process.env).filter(
			([name]) => !/^(TENCENTCLOUD|ALICLOUD|BAIDUCLOUD)_/.test(name),
		),
	);
}

/** Runs the bin asynchronously: the emulators answer from this process, so it must not block. */
function discover(
	cloud: string,
	bucket: string,
	region: string,
	env = {},
): Promise<{ status: number; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		execFile(
			process.execPath,
			[
				bin,
				"discover",
				"--cloud",
				cloud,
				"--bucket",
				bucket,
				"--region",
				region,
			],
			{ env: { ...bareEnv(), ...env }, encoding: "utf8" },
			(error, stdout, stderr) =>
				resolve({ status: error ? Number(error.code) : 0, stdout, stderr }),
		);
	});
}

describe("discover's credentials hint", () => {
	let emulators: RunningEmulators;
	beforeAll(async () => {
		emulators = await startEmulators();
	});
	afterAll(async () => {
		await emulators?.close();
	});

	it.each([
		["cos", "src-1250000000", "ap-guangzhou", "TENCENTCLOUD_SECRET_ID"],
		["oss", "src", "cn-hangzhou", "ALICLOUD_ACCESS_KEY"],
		["bos", "src", "bj", "BAIDUCLOUD_ACCESS_KEY"],
	])(
		"%s with no keys names the environment variables, not stack config",
		async (cloud, bucket, region, variable) => {
			const result = await discover(cloud, bucket, region);
			expect(result.status).toBe(1);
			expect(result.stderr).toContain(variable);
			expect(result.stderr).toContain("not stack config");
			expect(result.stderr).not.toContain("pulumi config set");
			// No Pulumi command is involved: the provider's hint about the last `pulumi up`'s config is not.
			expect(result.stderr).not.toContain("pulumi up");
		},
	);

	it("with keys the service refuses, says that only the environment was read", async () => {
		const stranger = randomAccount("stranger");
		const env = {
			...providerEnv(emulators.endpoints()),
			TENCENTCLOUD_SECRET_ID: stranger.cos.secretId,
			TENCENTCLOUD_SECRET_KEY: stranger.cos.secretKey,
		};
		const result = await discover("cos", "src-1250000000", "ap-guangzhou", env);
		expect(result.status).toBe(1);
		expect(result.stderr).toMatch(
			/InvalidAccessKeyId|AccessDenied|SignatureDoesNotMatch/,
		);
		expect(result.stderr).toContain("reads environment variables only");
		expect(result.stderr).not.toContain("pulumi up");
		expect(result.stderr).not.toContain(stranger.cos.secretKey);
	});
});

// Temporary STS keys: the session token comes from BAIDUCLOUD_SECURITY_TOKEN, as for the provider.
describe("discover with BOS temporary credentials", () => {
	const token = "SeCrEt-discover+sts/token==";
	const sts = randomAccount("sts");
	sts.bos.securityToken = token;
	let emulators: RunningEmulators;
	beforeAll(async () => {
		emulators = await startEmulators({ accounts: [sts] });
		const client = new BosClient({
			endpoint: emulators.endpoints().bos.endpoint,
			credentials: { ak: sts.bos.accessKey, sk: sts.bos.secretKey },
			sessionToken: token,
		});
		await client.createBucket("sts-src");
		await client.createBucket("sts-dst");
		await client.sendRequest("PUT", {
			bucketName: "sts-src",
			params: { replication: "", id: "r1" },
			body: JSON.stringify({
				id: "r1",
				status: "enabled",
				resource: ["sts-src/*"],
				destination: { bucket: "sts-dst" },
				replicateDeletes: "disabled",
			}),
		});
	});
	afterAll(async () => {
		await emulators?.close();
	});

	it("reads the rules with the token, and names the token's variable when it is wrong", async () => {
		const env = providerEnv(emulators.endpoints());
		expect(env.BAIDUCLOUD_SECURITY_TOKEN).toBe(token);
		const found = await discover("bos", "sts-src", "bj", env);
		expect(found.status).toBe(0);
		expect(found.stdout).toContain('ruleId: "r1"');

		const wrong = await discover("bos", "sts-src", "bj", {
			...env,
			BAIDUCLOUD_SECURITY_TOKEN: "SeCrEt-wrong+token==",
		});
		expect(wrong.status).toBe(1);
		expect(wrong.stderr).toContain("AccessDenied");
		expect(wrong.stderr).toContain("BAIDUCLOUD_SECURITY_TOKEN");
		expect(wrong.stderr).not.toContain("SeCrEt");
	});
});
