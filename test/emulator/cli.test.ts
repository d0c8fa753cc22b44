import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { randomAccount } from "../../emulator/core/accounts";
import { cosClient, exited, start } from "./bin-helpers";

const region = "ap-guangzhou";

describe("replication-emulator (the bin)", () => {
	const cleanup: Array<() => void> = [];
	afterEach(() => {
		for (const f of cleanup.splice(0)) f();
	});

	it("prints one JSON line with the three endpoints and keys, serves, and exits 0 on SIGTERM", async () => {
		const { child, endpoints } = await start([]);
		cleanup.push(() => child.kill("SIGKILL"));
		for (const service of ["cos", "oss", "bos"] as const) {
			expect(endpoints[service].endpoint).toMatch(
				/^http:\/\/127\.0\.0\.1:\d+$/,
			);
		}
		expect(endpoints.cos.appId).toMatch(/^\d+$/);
		expect(endpoints.oss.accessKeyId).toBeTruthy();
		expect(endpoints.bos.accessKey).toBeTruthy();

		const cos = cosClient(endpoints);
		const Bucket = `cli-${endpoints.cos.appId}`;
		await cos.putBucket({ Bucket, Region: region });
		await cos.headBucket({ Bucket, Region: region });

		child.kill("SIGTERM");
		expect(await exited(child)).toBe(0);
	});

	it("loses no acknowledged write when killed with SIGKILL in the middle of writes (--data-dir)", async () => {
		const dir = mkdtempSync(join(tmpdir(), "emulator-data-"));
		cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
		// Fixed keys across the restart: the same account must sign before and after.
		const accountsFile = join(dir, "accounts.json");
		writeFileSync(
			accountsFile,
			JSON.stringify({ accounts: [randomAccount("default")] }),
		);
		const args = ["--data-dir", join(dir, "state"), "--accounts", accountsFile];

		const first = await start(args);
		cleanup.push(() => first.child.kill("SIGKILL"));
		const cos = cosClient(first.endpoints);
		const Bucket = `durable-${first.endpoints.cos.appId}`;
		await cos.putBucket({ Bucket, Region: region });

		// Eight writers in a loop; the process is killed once 60 writes have been acknowledged,
		// with others still in flight.
		const acknowledged: string[] = [];
		let next = 0;
		let killed = false;
		await Promise.all(
			Array.from({ length: 8 }, async () => {
				while (!killed && next < 10_000) {
					const Key = `k${next++}`;
					try {
						await cos.putObject({
							Bucket,
							Region: region,
							Key,
							Body: `body of ${Key}`,
						});
						acknowledged.push(Key);
						if (acknowledged.length === 60) {
							killed = true;
							first.child.kill("SIGKILL");
						}
					} catch {
						// in flight when killed: never acknowledged, may or may not be there
					}
				}
			}),
		);
		await exited(first.child);

		const second = await start(args);
		cleanup.push(() => second.child.kill("SIGKILL"));
		const after = cosClient(second.endpoints);
		for (const Key of acknowledged) {
			const object = await after.getObject({ Bucket, Region: region, Key });
			expect(object.Body.toString()).toBe(`body of ${Key}`);
		}
		expect(acknowledged.length).toBeGreaterThanOrEqual(60);
	});
});
