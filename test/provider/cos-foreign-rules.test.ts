/**
 * `cos.BucketReplicationRule` writes the whole document (PUT Bucket replication replaces it), so it
 * carries other owners' rules through. They must come back as they were read, optional elements and
 * their absence included (issue 11).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../provider";
import type { Props } from "../../provider/core/types";
import {
	type CosEmulator,
	makeBucket,
	putReplicationRaw,
	role,
	startCosEmulator,
} from "../support/cos";
import { checked, useForProvider } from "../support/runtime";

const region = "ap-guangzhou";
const dstRegion = "ap-beijing";
let cos: CosEmulator;

beforeAll(async () => {
	cos = await startCosEmulator();
	useForProvider(cos.env);
});
afterAll(async () => cos?.close());

async function rawRules(bucket: string): Promise<Props[]> {
	const result = await cos.client().getBucketReplication({
		Bucket: bucket,
		Region: region,
	});
	const rules = result.ReplicationConfiguration?.Rules ?? [];
	return (Array.isArray(rules) ? rules : [rules]) as unknown as Props[];
}

describe("BucketReplicationRule keeps foreign rules as they were read", () => {
	it("a foreign rule without DeleteMarkerReplication, with a lower-case storage class and a filter, survives create, update and delete byte for byte", async () => {
		const src = cos.bucket("fsrc");
		const dst = cos.bucket("fdst");
		await makeBucket(cos.client(), src, region);
		await makeBucket(cos.client(), dst, dstRegion);
		const destination = `qcs::cos:${dstRegion}::${dst}`;
		await putReplicationRaw(cos.client(), src, region, [
			{
				ID: "manual",
				Status: "Enabled",
				Filter: { Prefix: "manual/" },
				Destination: { Bucket: destination, StorageClass: "Standard_IA" },
			},
		]);
		const [foreign] = await rawRules(src);
		expect(foreign.DeleteMarkerReplication).toBeUndefined();

		const inputs = (prefix: string) =>
			checked({
				__resource: "CosBucketReplicationRule",
				bucket: src,
				region,
				role,
				ruleId: "mine",
				prefix,
				destination: { bucket: destination },
			});
		const created = await runtime.create(await inputs("mine/"));
		const find = async (id: string) =>
			(await rawRules(src)).find((r) => r.ID === id);
		expect(await find("manual")).toEqual(foreign);
		expect(await find("mine")).toMatchObject({
			DeleteMarkerReplication: { Status: "Enabled" },
		});

		const updated = await runtime.update(
			created.id,
			created.outs,
			await inputs("mine2/"),
		);
		expect(await find("manual")).toEqual(foreign);

		await runtime.delete(created.id, updated.outs);
		expect(await rawRules(src)).toEqual([foreign]);
	});
});
