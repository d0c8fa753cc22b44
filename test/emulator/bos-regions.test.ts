/**
 * A bucket's region through an IP endpoint (emulator/bos/README.md "Regions"): BOS knows it by the Host
 * (`<region>.bcebos.com`), so a client of the emulator's IP sends that Host, as the provider does.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getRule, putRule, startBos } from "./bos-helpers";

let bos: Awaited<ReturnType<typeof startBos>>;
beforeAll(async () => {
	bos = await startBos();
});
afterAll(async () => bos?.close());

describe("BOS bucket regions through an IP endpoint", () => {
	it("PutBucket with Host <region>.bcebos.com creates the bucket there; destRegion says so", async () => {
		await bos.client.createBucket("region-src");
		// As README.md shows it: the Host header given to the SDK's sendRequest, signed like any Host.
		await bos.client.sendRequest("PUT", {
			bucketName: "region-gz",
			headers: { Host: "gz.bcebos.com" },
			body: JSON.stringify({ enableMultiAZ: false }),
		});
		await bos.client.createBucket("region-default");
		for (const [id, bucket] of [
			["to-gz", "region-gz"],
			["to-default", "region-default"],
		])
			await putRule(bos.client, "region-src", {
				id,
				status: "enabled",
				resource: [`region-src/${id}/*`],
				destination: { bucket },
				replicateDeletes: "disabled",
			});
		expect(
			(await getRule(bos.client, "region-src", "to-gz")).body,
		).toMatchObject({ destination: { bucket: "region-gz" }, destRegion: "gz" });
		// A Host naming no region (the IP): Beijing, BOS's default.
		expect(
			(await getRule(bos.client, "region-src", "to-default")).body.destRegion,
		).toBe("bj");
		const listed = (await bos.client.listBucketReplication("region-src")).body
			.rules;
		expect(listed.map((r) => [r.id, r.destRegion])).toEqual([
			["to-gz", "gz"],
			["to-default", "bj"],
		]);
	});
});
