import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	providerEnv,
	type RunningEmulators,
	startEmulators,
} from "../../emulator";
import { ImportIdError } from "../../plugin/importIds";
import { importRead } from "../../plugin/importRead";
import { tokens } from "../../plugin/tokens";
import * as runtime from "../../provider";
import { registry } from "../../provider/registry";
import { checked } from "../support/runtime";

/**
 * The plugin's import read against the emulators, through the runtime's handlers: what a create
 * stores is what an import of the same resource stores, a missing resource is "gone" (the engine then
 * says it does not exist), and a malformed id names the format.
 */

let emulators: RunningEmulators;
const saved = { ...process.env };

beforeAll(async () => {
	emulators = await startEmulators({
		replicationDelayMs: 10,
		ossStartingDelayMs: 0,
		ossClosingDelayMs: 0,
	});
	Object.assign(process.env, providerEnv(emulators.endpoints()), {
		BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "10",
	});
});
afterAll(async () => {
	process.env = saved;
	await emulators?.close();
});

function read(token: string, id: string) {
	const type = tokens.get(token) as string;
	return importRead(registry[type], type, token, id);
}

describe("plugin import read", () => {
	it("stores the inputs and id a create stores (COS bucket and rule)", async () => {
		const bucketInputs = await checked({
			__resource: "CosBucket",
			bucket: "imp-src-1250000000",
			region: "ap-guangzhou",
		});
		const bucket = await runtime.create(bucketInputs);
		await runtime.create(
			await checked({
				__resource: "CosBucket",
				bucket: "imp-dst-1250000000",
				region: "ap-beijing",
			}),
		);
		const ruleInputs = await checked({
			__resource: "CosBucketReplicationRule",
			bucket: "imp-src-1250000000",
			region: "ap-guangzhou",
			role: "qcs::cam::uin/100000000001:uin/100000000001",
			ruleId: "logs",
			prefix: "logs/",
			destination: { bucket: "imp-dst-1250000000", region: "ap-beijing" },
		});
		const rule = await runtime.create(ruleInputs);

		const importedBucket = await read(
			"bucket-replication:cos:Bucket",
			"ap-guangzhou/imp-src-1250000000",
		);
		expect(importedBucket.id).toBe(bucket.id);
		expect(importedBucket.inputs).toEqual(bucketInputs);

		const importedRule = await read(
			"bucket-replication:cos:BucketReplicationRule",
			"ap-guangzhou/imp-src-1250000000/logs",
		);
		expect(importedRule.id).toBe(rule.id);
		expect(importedRule.inputs).toEqual(ruleInputs);
		// The runtime's diff of the import's state against the same program: nothing to do.
		const diff = await runtime.diff(
			rule.id,
			{ ...importedRule.props, __resource: "CosBucketReplicationRule" },
			ruleInputs,
		);
		expect(diff.changes).not.toBe(true);
		expect(diff.replaces ?? []).toEqual([]);
	});

	it.each([
		["bucket-replication:cos:Bucket", "ap-guangzhou/none-1250000000"],
		[
			"bucket-replication:cos:BucketReplication",
			"ap-guangzhou/none-1250000000",
		],
		[
			"bucket-replication:cos:BucketReplicationRule",
			"ap-guangzhou/none-1250000000/r",
		],
		["bucket-replication:oss:Bucket", "cn-hangzhou/none"],
		["bucket-replication:oss:BucketReplicationRule", "cn-hangzhou/none/r"],
		["bucket-replication:bos:Bucket", "bj/none"],
		["bucket-replication:bos:BucketReplicationRule", "bj/none/r"],
	])("%s %s: gone", async (token, id) => {
		expect(await read(token, id)).toEqual({});
	});

	it("a malformed id names the expected format", async () => {
		await expect(
			read("bucket-replication:oss:BucketReplicationRule", "cn-hangzhou/src"),
		).rejects.toThrow(ImportIdError);
	});
});
