import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulators, startEmulators } from "../../emulator";
import { providerEnv } from "../../emulator/env";
import * as runtime from "../../provider";
import type { Props } from "../../provider/core/types";
import { checked } from "../support/runtime";

/**
 * Every create and delete, on every resource, with answers lost after the cloud acted (the emulators'
 * ambiguous faults, seeded so that a run replays). The retried request finds the first one's write;
 * the create must take it as its own and the delete must accept what is already gone.
 */
let emulators: RunningEmulators;
const saved = { ...process.env };

beforeAll(async () => {
	emulators = await startEmulators({
		faults: { ambiguousRate: 0.35, seed: 11 },
		ossClosingDelayMs: 50,
		ossStartingDelayMs: 0,
	});
	Object.assign(process.env, providerEnv(emulators.endpoints()), {
		BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "1",
		BUCKET_REPLICATION_MAX_RETRIES: "10",
		BUCKET_REPLICATION_COS_SETTLE_MS: "5",
	});
});
afterAll(async () => {
	process.env = saved;
	await emulators?.close();
});

const appId = () => emulators.cos.appId;

/** Each cloud's buckets then rule, in creation order. */
function resources(): Props[] {
	const cosSrc = `lost-src-${appId()}`;
	const cosDst = `lost-dst-${appId()}`;
	return [
		{ __resource: "CosBucket", bucket: cosSrc, region: "ap-guangzhou" },
		{ __resource: "CosBucket", bucket: cosDst, region: "ap-beijing" },
		{
			__resource: "CosBucketReplicationRule",
			bucket: cosSrc,
			region: "ap-guangzhou",
			role: "qcs::cam::uin/100000000001:uin/100000000001",
			ruleId: "r1",
			prefix: "logs/",
			destination: { bucket: `qcs::cos:ap-beijing::${cosDst}` },
		},
		{
			__resource: "OssBucket",
			bucket: "lost-src",
			region: "cn-hangzhou",
			versioning: "Enabled",
		},
		{
			__resource: "OssBucket",
			bucket: "lost-dst",
			region: "cn-beijing",
			versioning: "Enabled",
		},
		{
			__resource: "OssBucketReplicationRule",
			bucket: "lost-src",
			region: "cn-hangzhou",
			prefixes: ["logs/"],
			destination: { bucket: "lost-dst", location: "cn-beijing" },
		},
		{ __resource: "BosBucket", bucket: "lost-src", region: "bj" },
		{ __resource: "BosBucket", bucket: "lost-dst", region: "bj" },
		{
			__resource: "BosBucketReplicationRule",
			bucket: "lost-src",
			region: "bj",
			ruleId: "r1",
			resource: ["lost-src/*"],
			destination: { bucket: "lost-dst" },
		},
	];
}

const lost = () =>
	[
		...emulators.requests.cos,
		...emulators.requests.oss,
		...emulators.requests.bos,
	].filter((r) => r.answerLost).length;

describe("creates and deletes whose answers are lost", () => {
	it("create, read back and delete every resource; state and cloud agree", async () => {
		const created: Array<{ id: string; outs: Props }> = [];
		for (const inputs of resources())
			created.push(await runtime.create(await checked(inputs)));
		expect(lost()).toBeGreaterThan(0);

		for (const { id, outs } of created) {
			const read = await runtime.read(id, outs);
			expect(read.id).toBe(id);
		}

		for (const { id, outs } of created.reverse())
			await runtime.delete(id, outs);
		await emulators.idle();
		for (const { id, outs } of created)
			expect(await runtime.read(id, outs)).toEqual({});
	});
});
