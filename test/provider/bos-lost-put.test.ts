import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../provider";
import type { Props } from "../../provider/core/types";
import { getRule, startBos, useBosForProvider } from "../emulator/bos-helpers";
import { checked } from "../support/runtime";

/**
 * BOS restarts an enabled rule's replication each time the rule is written (seed 003). A PUT whose
 * answer is lost after BOS took it must not be sent again by the retry: the provider reads the rule
 * first. A proxy in front of the emulator forwards the PUT and then drops the connection, so exactly
 * that request (not a seeded share of all) loses its answer.
 */
let bos: Awaited<ReturnType<typeof startBos>>;
let proxy: http.Server;
let dropNextPut = false;

beforeAll(async () => {
	bos = await startBos();
	useBosForProvider(bos);
	const target = new URL(bos.server.endpoint);
	proxy = http.createServer((req, res) => {
		const drop =
			dropNextPut && req.method === "PUT" && req.url?.includes("replication");
		if (drop) dropNextPut = false;
		const forward = http.request(
			{
				host: target.hostname,
				port: target.port,
				method: req.method,
				path: req.url,
				headers: req.headers,
			},
			(answer) => {
				if (drop) {
					// BOS acted; its answer never reaches the client.
					answer.resume();
					answer.on("end", () => req.socket.destroy());
					return;
				}
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			},
		);
		req.pipe(forward);
	});
	await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
	const { port } = proxy.address() as AddressInfo;
	process.env.BAIDUCLOUD_BOS_ENDPOINT = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
	proxy?.closeAllConnections();
	await new Promise((resolve) => proxy?.close(resolve));
	await bos?.close();
});

const ruleInputs = (src: string, dst: string, extra: Props = {}): Props => ({
	__resource: "BosBucketReplicationRule",
	region: "bj",
	bucket: src,
	ruleId: "r1",
	resource: [`${src}/*`],
	destination: { bucket: dst },
	...extra,
});

describe("a BOS rule write whose answer is lost", () => {
	it("is not sent again when BOS already holds it (no second restart)", async () => {
		const src = "lost-put-src";
		const dst = "lost-put-dst";
		await bos.client.createBucket(src);
		await bos.client.createBucket(dst);
		const created = await runtime.create(await checked(ruleInputs(src, dst)));
		const news = await checked(
			ruleInputs(src, dst, {
				destination: { bucket: dst, storageClass: "COLD" },
			}),
		);
		const start = bos.server.requests.length;
		dropNextPut = true;
		await runtime.update(created.id, created.outs, news);
		const puts = bos.server.requests
			.slice(start)
			.filter((r) => r.method === "PUT");
		expect(puts).toHaveLength(1);
		expect((await getRule(bos.client, src, "r1")).body.destination).toEqual(
			expect.objectContaining({ storageClass: "COLD" }),
		);
	});
});
