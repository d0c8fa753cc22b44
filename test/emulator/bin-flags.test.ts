import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { BosClient } from "@baiducloud/sdk";
import OSS from "ali-oss";
import COS from "cos-nodejs-sdk-v5";
import { afterEach, describe, expect, it } from "vitest";
import { bin, cosClient, exited, freePort, start } from "./bin-helpers";

/** The bin's COS and OSS flags and outputs, as emulator/README.md documents them. */
const region = "ap-guangzhou";
const hasIpv6Loopback = Object.values(networkInterfaces()).some((list) =>
	list?.some((i) => i.address === "::1"),
);

describe("replication-emulator flags for COS and OSS (emulator/README.md)", () => {
	const cleanup: Array<() => void> = [];
	afterEach(() => {
		for (const f of cleanup.splice(0)) f();
	});

	it("prints the default account of the README's table, on the ports given by --cos-port and --oss-port", async () => {
		const [cosPort, ossPort] = [await freePort(), await freePort()];
		const { child, endpoints } = await start([
			"--cos-port",
			String(cosPort),
			"--oss-port",
			String(ossPort),
		]);
		cleanup.push(() => child.kill("SIGKILL"));
		expect(endpoints.cos).toEqual({
			endpoint: `http://127.0.0.1:${cosPort}`,
			secretId: "AKIDreplicationemulator",
			secretKey: "replication-emulator-secret",
			appId: "1250000000",
		});
		expect(endpoints.oss).toEqual({
			endpoint: `http://127.0.0.1:${ossPort}`,
			accessKeyId: "LTAIreplicationemulator",
			accessKeySecret: "replication-emulator-secret",
		});
		const Bucket = "flags-1250000000";
		await cosClient(endpoints).putBucket({ Bucket, Region: region });
		// The project's ali-oss typings declare only what the provider uses.
		const oss = new OSS({
			accessKeyId: endpoints.oss.accessKeyId,
			accessKeySecret: endpoints.oss.accessKeySecret,
			region: "oss-cn-hangzhou",
			endpoint: endpoints.oss.endpoint,
		}) as unknown as {
			putBucket(name: string): Promise<{ res: { status: number } }>;
		};
		const created = await oss.putBucket("flags-oss");
		expect(created.res.status).toBe(200);
		child.kill("SIGTERM");
		expect(await exited(child)).toBe(0);
	});

	it("--env prints the documented variables with the first account's COS, OSS and BOS keys", async () => {
		const child = spawn(process.execPath, [bin, "--env"], {
			stdio: ["ignore", "pipe", "inherit"],
		});
		cleanup.push(() => child.kill("SIGKILL"));
		const env: Record<string, string> = {};
		await new Promise<void>((resolve, reject) => {
			child.once("exit", (code) => reject(new Error(`exited with ${code}`)));
			const lines = createInterface({
				input: child.stdout as NodeJS.ReadableStream,
			});
			lines.on("line", (line) => {
				const match = /^export (\w+)=(.*)$/.exec(line);
				if (match) env[match[1]] = match[2];
				if (Object.keys(env).length === 10) resolve();
			});
		});
		expect(env).toMatchObject({
			TENCENTCLOUD_COS_ENDPOINT: expect.stringMatching(
				/^http:\/\/127\.0\.0\.1:\d+$/,
			),
			TENCENTCLOUD_SECRET_ID: "AKIDreplicationemulator",
			TENCENTCLOUD_SECRET_KEY: "replication-emulator-secret",
			TENCENTCLOUD_APPID: "1250000000",
			ALICLOUD_OSS_ENDPOINT: expect.stringMatching(
				/^http:\/\/127\.0\.0\.1:\d+$/,
			),
			ALICLOUD_ACCESS_KEY: "LTAIreplicationemulator",
			ALICLOUD_SECRET_KEY: "replication-emulator-secret",
			BAIDUCLOUD_BOS_ENDPOINT: expect.stringMatching(
				/^http:\/\/127\.0\.0\.1:\d+$/,
			),
			BAIDUCLOUD_ACCESS_KEY: "replication-emulator-ak",
			BAIDUCLOUD_SECRET_KEY: "replication-emulator-sk",
		});
		expect(Object.keys(env).sort()).toEqual(
			[
				"TENCENTCLOUD_COS_ENDPOINT",
				"TENCENTCLOUD_SECRET_ID",
				"TENCENTCLOUD_SECRET_KEY",
				"TENCENTCLOUD_APPID",
				"ALICLOUD_OSS_ENDPOINT",
				"ALICLOUD_ACCESS_KEY",
				"ALICLOUD_SECRET_KEY",
				"BAIDUCLOUD_BOS_ENDPOINT",
				"BAIDUCLOUD_ACCESS_KEY",
				"BAIDUCLOUD_SECRET_KEY",
			].sort(),
		);
	});

	it("--clock-skew-ms widens the allowed skew of signed COS requests", async () => {
		const hour = 3600;
		const run = async (args: string[]) => {
			const { child, endpoints } = await start(args);
			cleanup.push(() => child.kill("SIGKILL"));
			const cos = new COS({
				SecretId: endpoints.cos.secretId,
				SecretKey: endpoints.cos.secretKey,
				Protocol: "http:",
				Ip: new URL(endpoints.cos.endpoint).host,
				SystemClockOffset: hour * 1000,
				CorrectClockSkew: false,
			});
			return cos.putBucket({ Bucket: "skew-1250000000", Region: region }).then(
				(r) => r.statusCode,
				(e: COS.CosSdkError) => e.code,
			);
		};
		expect(await run([])).toBe("RequestTimeTooSkewed");
		expect(await run(["--clock-skew-ms", String(2 * hour * 1000)])).toBe(200);
	});

	it("--fault-rate fails requests before they act; --ambiguous-fault-rate stores the write and loses its answer", async () => {
		const dir = mkdtempSync(join(tmpdir(), "emulator-faults-"));
		cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
		const dataDir = join(dir, "state");
		// The outcome of a PUT bucket under each mode, then, restarted without faults on the same
		// --data-dir, whether the bucket exists.
		const attempt = async (args: string[], Bucket: string) => {
			const { child, endpoints } = await start([
				"--data-dir",
				dataDir,
				...args,
			]);
			cleanup.push(() => child.kill("SIGKILL"));
			const outcome = await cosClient(endpoints)
				.putBucket({ Bucket, Region: region })
				.then(
					(r) => r.statusCode,
					(e: COS.CosSdkError) => e.code ?? "error",
				);
			child.kill("SIGTERM");
			expect(await exited(child)).toBe(0);
			return outcome;
		};
		expect(
			await attempt(
				["--fault-rate", "1", "--fault-seed", "7"],
				"failed-1250000000",
			),
		).not.toBe(200);
		expect(
			await attempt(["--ambiguous-fault-rate", "1"], "lost-1250000000"),
		).not.toBe(200);

		const { child, endpoints } = await start(["--data-dir", dataDir]);
		cleanup.push(() => child.kill("SIGKILL"));
		const exists = (Bucket: string) =>
			cosClient(endpoints)
				.headBucket({ Bucket, Region: region })
				.then(
					() => true,
					() => false,
				);
		expect(await exists("failed-1250000000")).toBe(false);
		expect(await exists("lost-1250000000")).toBe(true);
	});

	it.skipIf(!hasIpv6Loopback)(
		"--host ::1 prints URLs with the address in brackets; the COS SDK reaches it, ali-oss refuses it, @baiducloud/sdk needs pathStyleEnable",
		async () => {
			const { child, endpoints } = await start(["--host", "::1"]);
			cleanup.push(() => child.kill("SIGKILL"));
			for (const cloud of [endpoints.cos, endpoints.oss, endpoints.bos])
				expect(cloud.endpoint).toMatch(/^http:\/\/\[::1\]:\d+$/);
			const created = await cosClient(endpoints).putBucket({
				Bucket: "ipv6-1250000000",
				Region: region,
			});
			expect(created.statusCode).toBe(200);
			// emulator/README.md: "ali-oss refuses an IPv6 endpoint".
			expect(
				() =>
					new OSS({
						accessKeyId: endpoints.oss.accessKeyId,
						accessKeySecret: endpoints.oss.accessKeySecret,
						endpoint: endpoints.oss.endpoint,
					}),
			).toThrow(/endpoint must be conform/);
			// "@baiducloud/sdk needs `pathStyleEnable: true` with it".
			const bos = (pathStyleEnable: boolean) =>
				new BosClient({
					endpoint: endpoints.bos.endpoint,
					credentials: {
						ak: endpoints.bos.accessKey,
						sk: endpoints.bos.secretKey,
					},
					pathStyleEnable,
				});
			await expect(
				bos(false).createBucket("ipv6-hosted"),
			).rejects.toMatchObject({ status_code: 501 });
			const made = await bos(true).createBucket("ipv6-path");
			expect(made.http_headers["x-bce-request-id"]).toBeTruthy();
		},
	);

	it.each([
		["--fault-rate", "1.5", "--fault-rate must be between 0 and 1"],
		[
			"--ambiguous-fault-rate",
			"2",
			"--ambiguous-fault-rate must be between 0 and 1",
		],
		["--fault-rate", "-0.1", "--fault-rate must be a non-negative number"],
		["--latency-ms", "soon", "--latency-ms must be a non-negative number"],
	])(
		"refuses %s=%s and exits 1 (--help: a rate is 0..1, a delay a number)",
		async (flag, value, message) => {
			const child = spawn(process.execPath, [bin, `${flag}=${value}`], {
				stdio: ["ignore", "pipe", "pipe"],
			});
			cleanup.push(() => child.kill("SIGKILL"));
			let stderr = "";
			child.stderr?.on("data", (d) => {
				stderr += d;
			});
			expect(await exited(child)).toBe(1);
			expect(stderr).toContain(message);
		},
	);
});
