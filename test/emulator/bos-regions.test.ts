/**
 * A bucket's region through an IP endpoint (emulator/bos/README.md "Regions"): BOS knows it by the Host
 * (`<region>.bcebos.com`), so a client of the emulator's IP sends that Host, as the provider does.
 */
import { request } from "node:http";
import { Auth } from "@baiducloud/sdk";
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

describe("BOS virtual-hosted requests (seed 003: Host: <BucketName>.bj.bcebos.com)", () => {
	/** Seed 003's request line and headers, sent to the emulator's IP with the seed's Host, signed by the SDK's Auth. */
	function seedRequest(
		method: string,
		host: string,
		params: Record<string, string>,
		body?: string,
	): Promise<{ status: number; body: string }> {
		const date = new Date().toISOString().replace(/\.\d+Z$/, "Z");
		const headers: Record<string, string> = { host, "x-bce-date": date };
		if (body !== undefined) {
			headers["content-type"] = "application/json; charset=utf-8";
			headers["content-length"] = String(Buffer.byteLength(body));
		}
		const keys = bos.accounts[0].bos;
		headers.authorization = new Auth(
			keys.accessKey,
			keys.secretKey,
		).generateAuthorization(method, "/", params, headers);
		const query = Object.entries(params)
			.map(([k, v]) => (v ? `${k}=${encodeURIComponent(v)}` : k))
			.join("&");
		const { hostname, port } = new URL(bos.server.endpoint);
		return new Promise((resolve, reject) => {
			const req = request(
				{ method, hostname, port, path: `/?${query}`, headers },
				(res) => {
					let text = "";
					res.setEncoding("utf8");
					res.on("data", (chunk) => {
						text += chunk;
					});
					res.on("end", () =>
						resolve({ status: res.statusCode ?? 0, body: text }),
					);
				},
			);
			req.on("error", reject);
			req.end(body);
		});
	}

	it("answers PUT /?replication&id=... to <bucket>.bj.bcebos.com, then GET and DELETE the same way", async () => {
		await bos.client.createBucket("vhost-src");
		await bos.client.createBucket("vhost-dst");
		const host = "vhost-src.bj.bcebos.com";
		const rule = {
			status: "enabled",
			resource: ["vhost-src/abc", "vhost-src/cd*"],
			destination: { bucket: "vhost-dst", storageClass: "COLD" },
			replicateHistory: { storageClass: "COLD" },
			replicateDeletes: "enabled",
			id: "sample-bucket",
		};
		const params = { replication: "", id: "sample-bucket" };
		const put = await seedRequest("PUT", host, params, JSON.stringify(rule));
		expect(put).toEqual({ status: 200, body: "" });
		const got = await seedRequest("GET", host, params);
		expect(got.status).toBe(200);
		expect(JSON.parse(got.body)).toMatchObject({ ...rule, destRegion: "bj" });
		// The same rule through the path-style SDK: one bucket, two addressings.
		expect(
			(await getRule(bos.client, "vhost-src", "sample-bucket")).body.id,
		).toBe("sample-bucket");
		expect((await seedRequest("DELETE", host, params)).status).toBe(204);
	});
});
