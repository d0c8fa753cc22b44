/**
 * Unknown regions are refused by the emulators the way the clouds refuse them, so that a test passing
 * on the emulators would pass on the cloud (issue 11): COS and BOS have no domain for the region (no
 * answer), OSS answers `InvalidArgument` "Unknown region".
 */

import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CosEmulator, startCosEmulator } from "../support/cos";
import { startBos } from "./bos-helpers";
import { type OssHarness, startOss } from "./oss-helpers";

let cos: CosEmulator;
let oss: OssHarness;
let bos: Awaited<ReturnType<typeof startBos>>;
beforeAll(async () => {
	cos = await startCosEmulator();
	oss = await startOss();
	bos = await startBos();
});
afterAll(async () => {
	await cos?.close();
	await oss?.close();
	await bos?.close();
});

/** A PUT bucket to the BOS emulator as a client addressing `<host>` would send it: status, or the error. */
function bosPut(host: string): Promise<number | string> {
	return new Promise((resolve) => {
		const req = request(
			{
				host: "127.0.0.1",
				port: bos.server.port,
				method: "PUT",
				path: "/region-bucket",
				headers: { host },
			},
			(res) => {
				res.resume();
				resolve(res.statusCode ?? 0);
			},
		);
		req.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error"));
		req.end();
	});
}

describe("unknown regions at the emulators", () => {
	it("COS: a bucket in a misspelt region gets no HTTP answer, and nothing is created", async () => {
		const from = cos.mark();
		const error = await cos
			.client()
			.putBucket({ Bucket: cos.bucket("typo"), Region: "ap-guangzho" })
			.then(
				() => undefined,
				(e: unknown) => e as { statusCode?: number },
			);
		expect(error).toBeDefined();
		expect(error?.statusCode).toBeUndefined();
		expect(cos.since(from)).toEqual([]);
		const created = await cos
			.client()
			.putBucket({ Bucket: cos.bucket("typo"), Region: "ap-guangzhou" });
		expect(created.statusCode).toBe(200);
	});

	it("OSS: a bucket in a misspelt region is refused with InvalidArgument", async () => {
		const error = await oss
			.client({ region: "oss-cn-hangzou" })
			.putBucket("typo-bucket")
			.then(
				() => undefined,
				(e: unknown) => e as { status?: number; code?: string },
			);
		expect(error).toMatchObject({ status: 400, code: "InvalidArgument" });
	});

	it("BOS: a request to a misspelt region's domain gets no HTTP answer; a known one is answered", async () => {
		expect(await bosPut("bjj.bcebos.com")).toBe("ECONNRESET");
		// Answered (unsigned, so refused by authentication): the domain exists.
		expect(await bosPut("gz.bcebos.com")).toBeTypeOf("number");
		expect(bos.server.requests).toHaveLength(1);
	});
});
