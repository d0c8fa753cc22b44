import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../provider";
import type { Props } from "../../provider/core/types";
import { checked, failureOf } from "../support/runtime";

/**
 * README (Credentials): "request timeout in ms (default 30000)", `bucket-replication:requestTimeoutMs` /
 * BUCKET_REPLICATION_REQUEST_TIMEOUT_MS, on every cloud. An endpoint that accepts connections and never
 * answers must end in a NetworkError once our retries are spent, not hang `pulumi up`. (BOS has the same
 * check in bos-bucket.test.ts.)
 */

let silent: Server;
let endpoint: string;
let requests = 0;
const saved = { ...process.env };

beforeAll(async () => {
	silent = createServer(() => {
		requests++; // and never answers
	});
	await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
	endpoint = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
});
afterAll(async () => {
	process.env = saved;
	silent.closeAllConnections();
	await new Promise((resolve) => silent.close(resolve));
});

/**
 * Requests the silent endpoint receives with `maxRetries` 1: COS sends each 4 times itself (the SDK
 * retries network errors, base.js `submitRequest`), so the provider does not retry a COS timeout again
 * (docs/cos.md); OSS and BOS SDKs do not retry, so the provider's one retry makes 2.
 */
const cases: Array<[string, Record<string, string>, Props, string, number]> = [
	[
		"COS",
		{
			TENCENTCLOUD_SECRET_ID: "AKIDtimeout",
			TENCENTCLOUD_SECRET_KEY: "timeout-secret",
			TENCENTCLOUD_COS_ENDPOINT: "",
		},
		{
			__resource: "CosBucket",
			bucket: "slow-1250000000",
			region: "ap-guangzhou",
		},
		'COS bucket "slow-1250000000": ',
		4,
	],
	[
		"OSS",
		{
			ALICLOUD_ACCESS_KEY: "LTAItimeout",
			ALICLOUD_SECRET_KEY: "timeout-secret",
			ALICLOUD_OSS_ENDPOINT: "",
		},
		{ __resource: "OssBucket", bucket: "slow-bucket", region: "cn-hangzhou" },
		'OSS bucket "slow-bucket": ',
		2,
	],
];

describe("requestTimeoutMs: a request with no answer ends as a NetworkError", () => {
	it.each(cases)("%s", async (_cloud, keys, inputs, where, sent) => {
		const endpointVar = Object.keys(keys).find((k) => k.endsWith("_ENDPOINT"));
		Object.assign(process.env, keys, {
			[endpointVar ?? ""]: endpoint,
			BUCKET_REPLICATION_REQUEST_TIMEOUT_MS: "200",
			BUCKET_REPLICATION_MAX_RETRIES: "1",
			BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "1",
		});
		requests = 0;
		const error = await failureOf(
			runtime.read(String(inputs.bucket), await checked(inputs)),
		);
		expect(requests).toBe(sent);
		expect(error.name).toBe("NetworkError");
		expect(error.message.startsWith(where)).toBe(true);
		expect(error.message).toMatch(/failed: no answer from the service \(/);
		// The fix names where the endpoint is set, the endpoint tried, and the timeout to raise.
		expect(error.message).toContain(`/ ${endpointVar}, now ${endpoint})`);
		expect(error.message).toContain(
			"raise bucket-replication:requestTimeoutMs",
		);
		expect(error.message).not.toContain("timeout-secret");
	});
});
