import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../provider";
import { checked, failureOf } from "../support/runtime";

/**
 * @baiducloud/sdk hands back a 2xx body that is not JSON as raw bytes, and a rule list read from it had
 * no rules: a captive portal or a proxy's page made `refresh` drop the bucket's rules from the state
 * (found by sending BOS calls to a server answering HTML). Such an answer fails the call instead.
 */

let server: Server;
const saved = { ...process.env };

beforeAll(async () => {
	server = createServer((_req, res) => {
		res.writeHead(200, {
			"content-type": "text/html",
			"x-bce-request-id": "portal-1",
		});
		res.end("<html><body>Please sign in to the network</body></html>");
	});
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	Object.assign(process.env, {
		BAIDUCLOUD_ACCESS_KEY: "portal-ak",
		BAIDUCLOUD_SECRET_KEY: "portal-secret-sk",
		BAIDUCLOUD_BOS_ENDPOINT: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		BUCKET_REPLICATION_MAX_RETRIES: "0",
	});
});
afterAll(async () => {
	process.env = saved;
	await new Promise((resolve) => server.close(resolve));
});

describe("BOS: a 200 answer that is not JSON", () => {
	it("fails a refresh of a rule instead of reporting it gone", async () => {
		const inputs = await checked({
			__resource: "BosBucketReplicationRule",
			region: "bj",
			bucket: "src-bucket",
			ruleId: "r1",
			resource: ["src-bucket/*"],
			destination: { bucket: "dst-bucket" },
		});
		const error = await failureOf(runtime.read("src-bucket/r1", inputs));
		expect(error.name).toBe("CloudApiError");
		expect(error.message).toMatch(
			/^BOS bucket "src-bucket" rule "r1": \w+ failed: the answer is not JSON \(content-type text\/html\), so it may not come from BOS \(HTTP 200, request id portal-1\)\. Check the endpoint setting/,
		);
		expect(error.message).not.toContain("portal-secret-sk");
	});
});
