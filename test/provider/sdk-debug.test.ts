import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../provider";
import { checked, failureOf } from "../support/runtime";

/**
 * With `DEBUG=*`, ali-oss printed the security token and Authorization header of each request and
 * @baiducloud/sdk its `credentials: { ak, sk }` (and `sessionToken`) on stderr (provider/core/sdkDebug.ts). Each row: the
 * cloud's resource, the SDK whose `debug` copy must be switched off.
 */
const secrets = {
	ALICLOUD_ACCESS_KEY: "LTAIdebug7f3a9",
	ALICLOUD_SECRET_KEY: "SeCrEt-debug-oss",
	ALICLOUD_SECURITY_TOKEN: "SeCrEt-debug-token",
	BAIDUCLOUD_ACCESS_KEY: "bceakdebug7f3a9",
	BAIDUCLOUD_SECRET_KEY: "SeCrEt-debug-bos",
	BAIDUCLOUD_SECURITY_TOKEN: "SeCrEt-debug-bos-token",
};
const cases: Array<[string, string, Record<string, string>]> = [
	[
		"OSS",
		"ali-oss",
		{ __resource: "OssBucket", bucket: "dbg-bucket", region: "cn-hangzhou" },
	],
	[
		"BOS",
		"@baiducloud/sdk",
		{ __resource: "BosBucket", bucket: "dbg-bucket", region: "bj" },
	],
];

let server: Server;
const saved = { ...process.env };
beforeAll(async () => {
	server = createServer((_req, res) => {
		res.writeHead(403, { "content-type": "application/xml" });
		res.end("<Error><Code>AccessDenied</Code><Message>no</Message></Error>");
	});
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	Object.assign(process.env, secrets, {
		ALICLOUD_OSS_ENDPOINT: endpoint,
		BAIDUCLOUD_BOS_ENDPOINT: endpoint,
		BUCKET_REPLICATION_MAX_RETRIES: "0",
		DEBUG: "*",
	});
});
afterAll(async () => {
	process.env = saved;
	await new Promise((resolve) => server.close(resolve));
});

describe("DEBUG=* prints no key of the SDKs", () => {
	it.each(cases)("%s", async (_cloud, sdk, inputs) => {
		// As `debug` does when it loads in a process started with DEBUG=*.
		const debug = require(
			require.resolve("debug", { paths: [require.resolve(sdk)] }),
		) as { enable(ns: string): void; enabled(name: string): boolean };
		debug.enable("*");
		const printed: string[] = [];
		const write = process.stderr.write;
		process.stderr.write = ((chunk: string | Uint8Array) => {
			printed.push(String(chunk));
			return true;
		}) as typeof process.stderr.write;
		try {
			await failureOf(runtime.read(inputs.bucket, await checked(inputs)));
		} finally {
			process.stderr.write = write;
		}
		const all = printed.join("");
		for (const value of Object.values(secrets))
			expect(all).not.toContain(value);
		expect(debug.enabled("some-other-module")).toBe(true);
	});
});
