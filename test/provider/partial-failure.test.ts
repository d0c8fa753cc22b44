import { afterEach, describe, expect, it } from "vitest";
import { bosService } from "../../emulator/bos";
import { randomAccount } from "../../emulator/core/accounts";
import { FaultInjector } from "../../emulator/core/faults";
import { startService } from "../../emulator/core/http";
import type { CloudOptions, CloudService } from "../../emulator/core/service";
import { ossService } from "../../emulator/oss";
import * as runtime from "../../provider";
import { PartialFailure } from "../../provider/core/partial";
import type { Props } from "../../provider/core/types";
import { startCosEmulator } from "../support/cos";
import { checked, failureOf } from "../support/runtime";

/**
 * A seed whose fault sequence lets the first request through and fails the next `failures` ones: the
 * bucket is created, then every attempt to set its versioning fails.
 */
function seedFor(rate: number, failures: number): number {
	for (let seed = 1; ; seed++) {
		const faults = new FaultInjector({ rate, seed });
		if (faults.next() !== undefined) continue;
		let failed = 0;
		while (failed < failures && faults.next() !== undefined) failed++;
		if (failed === failures) return seed;
	}
}

/** An emulator of `service` whose first request lands and whose next twelve fail. */
function startFaulty(
	service: (options: CloudOptions) => CloudService,
	account: ReturnType<typeof randomAccount>,
) {
	return startService(
		service({
			accounts: [account],
			replicationDelayMs: 5,
			startingDelayMs: 0,
			closingDelayMs: 0,
			clockSkewMs: 900_000,
		}),
		{ faults: { rate: 0.9, seed: seedFor(0.9, 12) } },
	);
}

const saved = { ...process.env };
afterEach(() => {
	process.env = { ...saved };
});

/** The create did its first write and could not do its second: the bucket must be in state. */
function expectRecorded(error: Error, bucket: string, inputs: Props): void {
	expect(error).toBeInstanceOf(PartialFailure);
	const partial = error as PartialFailure;
	expect(partial.id).toBe(bucket);
	// Recorded without versioning, so the next `up` sees the difference and sets it.
	expect(partial.properties).toMatchObject({ bucket, region: inputs.region });
	expect(partial.properties.versioning).toBeUndefined();
}

/** The next `up` sees that versioning is not yet what the program says. */
async function expectUpdateNext(error: Error, inputs: Props): Promise<void> {
	const partial = error as PartialFailure;
	const diff = await runtime.diff(partial.id, partial.properties, inputs);
	expect(diff.changes).not.toBe(false);
	expect(diff.replaces ?? []).toEqual([]);
}

describe("a bucket created whose versioning write then failed is reported as a partial failure", () => {
	it("COS", async () => {
		// cos-nodejs-sdk-v5 retries 5xx itself: fail enough attempts for both its retries and ours.
		const cos = await startCosEmulator({ rate: 0.9, seed: seedFor(0.9, 12) });
		try {
			Object.assign(process.env, cos.env, {
				BUCKET_REPLICATION_MAX_RETRIES: "1",
				BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "1",
			});
			const bucket = cos.bucket("half");
			const inputs = await checked({
				__resource: "CosBucket",
				bucket,
				region: "ap-guangzhou",
			});
			const error = await failureOf(runtime.create(inputs));
			expectRecorded(error, bucket, inputs);
			await expectUpdateNext(error, inputs);
		} finally {
			await cos.close();
		}
	});

	it("OSS", async () => {
		const account = randomAccount("partial");
		const faulty = await startFaulty(ossService, account);
		try {
			Object.assign(process.env, {
				ALICLOUD_ACCESS_KEY: account.oss.accessKeyId,
				ALICLOUD_SECRET_KEY: account.oss.accessKeySecret,
				ALICLOUD_OSS_ENDPOINT: faulty.endpoint,
				BUCKET_REPLICATION_MAX_RETRIES: "1",
				BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "1",
			});
			const inputs = await checked({
				__resource: "OssBucket",
				bucket: "half-bucket",
				region: "cn-hangzhou",
				versioning: "Enabled",
			});
			const error = await failureOf(runtime.create(inputs));
			expectRecorded(error, "half-bucket", inputs);
			await expectUpdateNext(error, inputs);
		} finally {
			await faulty.close();
		}
	});

	it("BOS", async () => {
		const account = randomAccount("partial");
		const faulty = await startFaulty(bosService, account);
		try {
			Object.assign(process.env, {
				BAIDUCLOUD_ACCESS_KEY: account.bos.accessKey,
				BAIDUCLOUD_SECRET_KEY: account.bos.secretKey,
				BAIDUCLOUD_BOS_ENDPOINT: faulty.endpoint,
				BUCKET_REPLICATION_MAX_RETRIES: "1",
				BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "1",
			});
			const inputs = await checked({
				__resource: "BosBucket",
				bucket: "half-bucket",
				region: "bj",
				versioning: "enabled",
			});
			const error = await failureOf(runtime.create(inputs));
			expect(error).toBeInstanceOf(PartialFailure);
			const partial = error as PartialFailure;
			expect(partial.id).toBe("half-bucket");
			// Recorded as BOS left it (never versioned), so the next `up` sets versioning.
			expect(partial.properties).toMatchObject({
				bucket: "half-bucket",
				region: "bj",
				versioning: "notEnabled",
			});
			await expectUpdateNext(error, inputs);
		} finally {
			await faulty.close();
		}
	});
});
