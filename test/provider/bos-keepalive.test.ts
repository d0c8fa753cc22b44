import { connect, createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../provider";
import { startBos, useBosForProvider } from "../emulator/bos-helpers";
import { checked } from "../support/runtime";

/**
 * docs/bos.md: "Requests send `Connection: keep-alive`, so that they reuse connections" (the SDK's default
 * is `Connection: close`). A TCP relay in front of the BOS emulator counts the connections the provider
 * opens.
 */
let bos: Awaited<ReturnType<typeof startBos>>;
let relay: Server;
const sockets = new Set<Socket>();
let connections = 0;
const saved = { ...process.env };

beforeAll(async () => {
	bos = await startBos();
	useBosForProvider(bos);
	const target = new URL(bos.server.endpoint);
	relay = createServer((client) => {
		connections++;
		const upstream = connect(Number(target.port), target.hostname);
		for (const s of [client, upstream]) {
			sockets.add(s);
			s.on("error", () => s.destroy());
			s.on("close", () => sockets.delete(s));
		}
		client.pipe(upstream).pipe(client);
	});
	await new Promise<void>((resolve) =>
		relay.listen(0, "127.0.0.1", () => resolve()),
	);
	const { port } = relay.address() as { port: number };
	process.env.BAIDUCLOUD_BOS_ENDPOINT = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
	process.env = saved;
	for (const s of sockets) s.destroy();
	await new Promise((resolve) => relay?.close(resolve));
	await bos?.close();
});

describe("BOS requests reuse their connection", () => {
	it("a bucket's create, read and delete, one after the other, share one connection", async () => {
		const inputs = await checked({
			__resource: "BosBucket",
			region: "bj",
			bucket: "keepalive-bucket",
			versioning: "enabled",
		});
		const before = bos.server.requests.length;
		const created = await runtime.create(inputs);
		await runtime.read(created.id, created.outs);
		await runtime.delete(created.id, created.outs);
		const requests = bos.server.requests.length - before;
		expect(requests).toBe(4); // PUT bucket, PUT versioning, GET versioning, DELETE bucket
		expect(connections).toBe(1);
	});
});
