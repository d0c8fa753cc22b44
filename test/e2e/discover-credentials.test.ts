import { execFile } from "node:child_process";
import { join } from "node:path";
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
): Promise<{ status: number; stderr: string }> {
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
			(error, _stdout, stderr) =>
				resolve({ status: error ? Number(error.code) : 0, stderr }),
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
