/**
 * Unknown regions are refused by the emulators the way the clouds refuse them, so that a test passing
 * on the emulators would pass on the cloud (issue 11): COS has no domain for the region (no answer),
 * OSS answers `InvalidArgument` "Unknown region".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CosEmulator, startCosEmulator } from "../support/cos";
import { type OssHarness, startOss } from "./oss-helpers";

let cos: CosEmulator;
let oss: OssHarness;
beforeAll(async () => {
	cos = await startCosEmulator();
	oss = await startOss();
});
afterAll(async () => {
	await cos?.close();
	await oss?.close();
});

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
});
