import { Auth, BosClient } from "@baiducloud/sdk";
import { afterEach, describe, expect, it } from "vitest";
import { exited, freePort, start } from "./bin-helpers";

/** The bin's BOS flags, as emulator/README.md documents them (`--env`: bin-flags.test.ts). */

describe("replication-emulator flags for BOS (emulator/README.md)", () => {
	const cleanup: Array<() => void> = [];
	afterEach(() => {
		for (const f of cleanup.splice(0)) f();
	});

	it("prints the README's default BOS keys on the port given by --bos-port, and the SDK uses them", async () => {
		const port = await freePort();
		const { child, endpoints } = await start(["--bos-port", String(port)]);
		cleanup.push(() => child.kill("SIGKILL"));
		expect(endpoints.bos).toEqual({
			endpoint: `http://127.0.0.1:${port}`,
			accessKey: "replication-emulator-ak",
			secretKey: "replication-emulator-sk",
		});
		const client = new BosClient({
			endpoint: endpoints.bos.endpoint,
			credentials: {
				ak: endpoints.bos.accessKey,
				sk: endpoints.bos.secretKey,
			},
		});
		await client.createBucket("flags-bos");
		expect(await client.doesBucketExist("flags-bos")).toBe(true);
		child.kill("SIGTERM");
		expect(await exited(child)).toBe(0);
	});

	it("--clock-skew-ms widens the allowed skew of signed BOS requests", async () => {
		const hour = 3600;
		const run = async (args: string[]) => {
			const { child, endpoints } = await start(args);
			cleanup.push(() => child.kill("SIGKILL"));
			const { endpoint, accessKey, secretKey } = endpoints.bos;
			// Signed an hour ahead, by hand: the SDK would correct its clock from the answer's Date.
			const seconds = Math.floor(Date.now() / 1000) + hour;
			const date = new Date(seconds * 1000)
				.toISOString()
				.replace(/\.\d+Z$/, "Z");
			const host = new URL(endpoint).host;
			const authorization = new Auth(
				accessKey,
				secretKey,
			).generateAuthorization(
				"PUT",
				"/skew-bos",
				{},
				{ host, "x-bce-date": date },
				seconds,
			);
			const response = await fetch(`${endpoint}/skew-bos`, {
				method: "PUT",
				headers: { authorization, "x-bce-date": date },
			});
			const body = await response.text();
			return response.status === 200
				? 200
				: (JSON.parse(body) as { code: string }).code;
		};
		expect(await run([])).toBe("RequestTimeTooSkewed");
		expect(await run(["--clock-skew-ms", String(2 * hour * 1000)])).toBe(200);
	});
});
