import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../provider";
import type { Props } from "../../provider/core/types";
import { putRule, startBos, useBosForProvider } from "../emulator/bos-helpers";
import { checked, failureOf } from "../support/runtime";

let bos: Awaited<ReturnType<typeof startBos>>;

beforeAll(async () => {
	bos = await startBos();
	useBosForProvider(bos);
});
afterAll(async () => bos?.close());

async function requestsOf(fn: () => Promise<unknown>): Promise<string[]> {
	const start = bos.server.requests.length;
	await fn();
	return bos.server.requests
		.slice(start)
		.map((r) => `${r.method} ${r.rawPath} ${r.rawQuery}`.trim());
}

const bucketInputs = (bucket: string, extra: Props = {}): Props => ({
	__resource: "BosBucket",
	region: "bj",
	bucket,
	...extra,
});

describe("bos.Bucket against the BOS emulator", () => {
	it("creates with versioning, reads, updates versioning, deletes", async () => {
		const inputs = await checked(
			bucketInputs("life-bucket", { versioning: "enabled" }),
		);
		let created: Awaited<ReturnType<typeof runtime.create>> | undefined;
		const sent = await requestsOf(async () => {
			created = await runtime.create(inputs);
		});
		expect(sent).toEqual(["PUT /life-bucket", "PUT /life-bucket versioning="]);
		if (!created) throw new Error("no result");
		expect(created).toEqual({
			id: "life-bucket",
			outs: {
				__resource: "BosBucket",
				schemaVersion: 1,
				region: "bj",
				bucket: "life-bucket",
				versioning: "enabled",
				adopt: false,
			},
		});
		const read = await runtime.read(created.id, created.outs);
		expect(read.props?.live).toEqual({ versioning: "enabled" });
		expect(read.inputs).toMatchObject({
			versioning: "enabled",
			bucket: "life-bucket",
		});

		const suspended = await checked(
			bucketInputs("life-bucket", { versioning: "suspended" }),
			inputs,
		);
		expect(await runtime.diff(created.id, created.outs, suspended)).toEqual({
			changes: undefined,
		});
		const updated = await runtime.update(created.id, created.outs, suspended);
		expect(
			(await bos.client.getBucketVersioning("life-bucket")).body.status,
		).toBe("suspended");

		const deleted = await requestsOf(() =>
			runtime.delete(created?.id ?? "", updated.outs),
		);
		expect(deleted).toEqual(["DELETE /life-bucket"]);
		expect(await runtime.read(created.id, updated.outs)).toEqual({});
		await runtime.delete(created.id, updated.outs); // already gone: fine
	});

	it("creates a bucket without versioning in one request", async () => {
		const sent = await requestsOf(async () =>
			runtime.create(await checked(bucketInputs("plain-bucket"))),
		);
		expect(sent).toEqual(["PUT /plain-bucket"]);
	});

	it("takes the bucket its own earlier attempt made; refuses one that differs or is another account's", async () => {
		// An interrupted create: the bucket exists, versioning was never set; the create finishes it.
		await bos.client.createBucket("existing-bucket");
		const finished = await requestsOf(async () =>
			runtime.create(
				await checked(
					bucketInputs("existing-bucket", { versioning: "enabled" }),
				),
			),
		);
		expect(finished).toEqual([
			"PUT /existing-bucket",
			"GET /existing-bucket versioning=",
			"PUT /existing-bucket versioning=",
		]);
		const again = await runtime.create(
			await checked(bucketInputs("existing-bucket", { versioning: "enabled" })),
		);
		expect(again.id).toBe("existing-bucket");

		const differs = await failureOf(
			runtime.create(
				await checked(
					bucketInputs("existing-bucket", { versioning: "suspended" }),
				),
			),
		);
		expect(differs.message).toMatch(
			/BOS bucket "existing-bucket": the bucket already exists and differs: versioning is "enabled" on BOS, "suspended" in the program/,
		);

		await bos.clientFor(bos.accounts[1]).createBucket("bobs-bucket");
		const taken = await failureOf(
			runtime.create(await checked(bucketInputs("bobs-bucket"))),
		);
		expect(taken.message).toMatch(
			/taken by another account \(PutBucket: BOS code BucketAlreadyExists, request id [\w-]+; GetBucketVersioning: BOS code AccessDenied, request id [\w-]+\)\. Bucket names are global on BOS/,
		);
	});

	it("explains why a bucket with objects or rules cannot be deleted", async () => {
		const inputs = await checked(bucketInputs("full-bucket"));
		const created = await runtime.create(inputs);
		await bos.client.createBucket("full-dst-bucket");
		await putRule(bos.client, "full-bucket", {
			id: "r1",
			status: "enabled",
			resource: ["full-bucket/*"],
			destination: { bucket: "full-dst-bucket" },
			replicateDeletes: "disabled",
		});
		const withRule = await failureOf(runtime.delete(created.id, created.outs));
		expect(withRule.message).toMatch(
			/DeleteBucket failed: .*ReplicationStatusNotEmpty.*Delete the bucket's replication rules first/,
		);

		await bos.client.sendRequest("DELETE", {
			bucketName: "full-bucket",
			params: { replication: "", id: "r1" },
		});
		await bos.client.putObjectFromString("full-bucket", "a.txt", "hello");
		const withObject = await failureOf(
			runtime.delete(created.id, created.outs),
		);
		expect(withObject.message).toMatch(
			/BucketNotEmpty.*`bos.Bucket` never deletes data: empty the bucket/,
		);
	});

	it("takes an endpoint setting with a trailing slash (the SDK would sign //bucket)", async () => {
		const saved = process.env.BAIDUCLOUD_BOS_ENDPOINT;
		process.env.BAIDUCLOUD_BOS_ENDPOINT = `${saved}/`;
		try {
			const inputs = await checked(bucketInputs("slash-bucket"));
			const sent = await requestsOf(() => runtime.create(inputs));
			expect(sent).toEqual(["PUT /slash-bucket"]);
			await runtime.delete("slash-bucket", inputs);
		} finally {
			process.env.BAIDUCLOUD_BOS_ENDPOINT = saved;
		}
	});

	it("rejects versioning back to notEnabled in check", async () => {
		const result = await runtime.check(
			{
				__resource: "BosBucket",
				region: "bj",
				bucket: "v-bucket",
				versioning: "enabled",
				adopt: false,
			},
			bucketInputs("v-bucket", { versioning: "notEnabled" }),
		);
		expect(result.failures).toEqual([
			{
				property: "versioning",
				reason:
					'versioning cannot go back to "notEnabled": the bucket\'s versioning is "enabled"; set it to "enabled" or "suspended"',
			},
		]);
	});
});

describe("BOS network failures", () => {
	let silent: Server;
	afterAll(async () => {
		silent?.closeAllConnections();
		await new Promise((resolve) => silent?.close(resolve));
	});

	it("times out a request that gets no answer, after retrying, as a NetworkError", async () => {
		silent = createServer(() => {}); // accepts and never answers
		await new Promise<void>((resolve) =>
			silent.listen(0, "127.0.0.1", resolve),
		);
		const { port } = silent.address() as AddressInfo;
		const saved = { ...process.env };
		Object.assign(process.env, {
			BAIDUCLOUD_BOS_ENDPOINT: `http://127.0.0.1:${port}`,
			BUCKET_REPLICATION_REQUEST_TIMEOUT_MS: "100",
			BUCKET_REPLICATION_MAX_RETRIES: "1",
		});
		try {
			const inputs = await checked(bucketInputs("slow-bucket"));
			const error = await failureOf(runtime.read("slow-bucket", inputs));
			expect(error.message).toBe(
				'BOS bucket "slow-bucket": GetBucketVersioning failed: no answer from the service (ETIMEDOUT). Check the endpoint setting (bucket-replication:bosEndpoint / BAIDUCLOUD_BOS_ENDPOINT, now http://127.0.0.1:' +
					port +
					") and the network, or raise bucket-replication:requestTimeoutMs; the provider already retried. `pulumi refresh` and `pulumi destroy` use the stack config of the last `pulumi up`: after changing it, run `pulumi up` first or pass --run-program",
			);
		} finally {
			process.env = saved;
		}
	});
});
