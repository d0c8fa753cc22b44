import { connect, createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../provider";
import { type CosEmulator, startCosEmulator } from "../support/cos";
import { type OssEmulator, startOssEmulator } from "../support/oss";
import { checked, useForProvider } from "../support/runtime";

/**
 * Each COS and OSS call builds its own SDK client (provider/cos/client.ts, provider/oss/client.ts), and
 * yet the calls share connections: cos-nodejs-sdk-v5 asks cos-request for a keep-alive agent
 * (`KeepAlive: true` by default, base.js `opt.forever`), which cos-request keeps in a pool of its
 * module, and ali-oss gives every client the keep-alive agents of its module (lib/client.js
 * `globalHttpAgent`). So a client cache would save no connection (issue 13, bench/README.md "Provider
 * memory"). A TCP relay in front of each emulator counts the connections the provider opens. Without
 * reuse there would be one per request; with it, one in all, unless the machine stalls longer than the
 * emulator keeps an idle connection (5 s), so the tests assert fewer connections than requests.
 */
interface Relay {
	server: Server;
	sockets: Set<Socket>;
	connections: number;
	endpoint: string;
}

async function relayTo(endpoint: string): Promise<Relay> {
	const target = new URL(endpoint);
	const relay: Relay = {
		server: createServer((client) => {
			relay.connections++;
			const upstream = connect(Number(target.port), target.hostname);
			for (const s of [client, upstream]) {
				relay.sockets.add(s);
				s.on("error", () => s.destroy());
				s.on("close", () => relay.sockets.delete(s));
			}
			client.pipe(upstream).pipe(client);
		}),
		sockets: new Set(),
		connections: 0,
		endpoint: "",
	};
	await new Promise<void>((resolve) =>
		relay.server.listen(0, "127.0.0.1", () => resolve()),
	);
	const { port } = relay.server.address() as { port: number };
	relay.endpoint = `http://127.0.0.1:${port}`;
	return relay;
}

async function closeRelay(relay: Relay | undefined): Promise<void> {
	if (!relay) return;
	for (const s of relay.sockets) s.destroy();
	await new Promise((resolve) => relay.server.close(resolve));
}

let cos: CosEmulator;
let oss: OssEmulator;
let cosRelay: Relay;
let ossRelay: Relay;
const saved = { ...process.env };

beforeAll(async () => {
	cos = await startCosEmulator();
	oss = await startOssEmulator();
	cosRelay = await relayTo(cos.env.TENCENTCLOUD_COS_ENDPOINT);
	ossRelay = await relayTo(oss.env.ALICLOUD_OSS_ENDPOINT);
	useForProvider({
		...cos.env,
		...oss.env,
		TENCENTCLOUD_COS_ENDPOINT: cosRelay.endpoint,
		ALICLOUD_OSS_ENDPOINT: ossRelay.endpoint,
	});
});
afterAll(async () => {
	process.env = saved;
	await closeRelay(cosRelay);
	await closeRelay(ossRelay);
	await cos?.close();
	await oss?.close();
});

describe("COS and OSS calls reuse their connection across clients", () => {
	it.each([
		["COS", "CosBucket", "ap-guangzhou"],
		["OSS", "OssBucket", "cn-hangzhou"],
	] as const)(
		"a %s bucket's create, read and delete, one after the other, share a connection",
		async (cloud, resource, region) => {
			const [service, relay, bucket] =
				cloud === "COS"
					? [cos.server, cosRelay, cos.bucket("keepalive")]
					: [oss.server, ossRelay, oss.name("keepalive")];
			const inputs = await checked({
				__resource: resource,
				region,
				bucket,
				versioning: "Enabled",
			});
			const before = service.requests.length;
			const created = await runtime.create(inputs);
			await runtime.read(created.id, created.outs);
			await runtime.delete(created.id, created.outs);
			const requests = service.requests.length - before;
			expect(requests).toBeGreaterThanOrEqual(4);
			expect(relay.connections).toBeLessThan(requests);
		},
	);
});
