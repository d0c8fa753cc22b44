import { execFile } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	providerEnv,
	type RunningEmulators,
	startEmulators,
} from "../../emulator";
import { randomAccount } from "../../emulator/core/accounts";
import * as runtime from "../../provider";
import { checked, useForProvider } from "../support/runtime";
import { stsResources, temporaryAccount } from "../support/sts";

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

// Temporary STS keys: each cloud's token comes from its *_SECURITY_TOKEN variable, as for the provider.
describe("discover with temporary credentials", () => {
	const token = "SeCrEt-discover+sts/token==";
	const sts = temporaryAccount(token);
	let emulators: RunningEmulators;
	const saved = { ...process.env };
	beforeAll(async () => {
		emulators = await startEmulators({ accounts: [sts] });
		// A rule on each cloud, written through the provider with the token.
		useForProvider(providerEnv(emulators.endpoints()));
		for (const make of Object.values(stsResources)) {
			const { buckets, rule } = make("sts-discover", sts);
			for (const inputs of buckets) await runtime.create(await checked(inputs));
			await runtime.create(await checked(rule));
		}
		process.env = saved;
	});
	afterAll(async () => {
		process.env = saved;
		await emulators?.close();
	});

	it.each([
		["cos", "TENCENTCLOUD_SECURITY_TOKEN", "InvalidAccessKeyId"],
		["oss", "ALICLOUD_SECURITY_TOKEN", "InvalidSecurityToken"],
		["bos", "BAIDUCLOUD_SECURITY_TOKEN", "AccessDenied"],
	] as const)(
		"%s: reads the rules with the token, and names %s when it is wrong",
		async (cloud, variable, code) => {
			const { rule } = stsResources[cloud]("sts-discover", sts);
			const bucket = String(rule.bucket);
			const region = String(rule.region);
			const env = providerEnv(emulators.endpoints());
			expect(env[variable]).toBe(token);
			const found = await discover(cloud, bucket, region, env);
			expect(found.status).toBe(0);
			// COS declares one cos.BucketReplication with rules[].id; OSS and BOS one rule each, ruleId.
			expect(found.stdout).toMatch(/\b(ruleId|id): "r1"/);

			const wrong = await discover(cloud, bucket, region, {
				...env,
				[variable]: "SeCrEt-wrong+token==",
			});
			expect(wrong.status).toBe(1);
			expect(wrong.stderr).toContain(code);
			expect(wrong.stderr).toContain(variable);
			expect(wrong.stderr).not.toContain("SeCrEt");
		},
	);
});
