import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../provider";
import { CloudApiError } from "../../provider/core/errors";
import { checked, failureOf } from "../support/runtime";

/**
 * ali-oss rejects a 2xx body xml2js cannot parse with the parser's bare error (no status), which was
 * reported as a network failure ("no answer"); and a page that parses (XHTML) read as a bucket with no
 * rules, so `refresh` reported the rule gone. Both fail as an unreadable answer naming the endpoint,
 * the status and the request id (as BOS, test/provider/bos-unreadable-answer.test.ts).
 */

const secrets = {
	ALICLOUD_ACCESS_KEY: "LTAIunreadable7f3a9",
	ALICLOUD_SECRET_KEY: "SeCrEt-unreadable-9b1c",
	ALICLOUD_SECURITY_TOKEN: "SeCrEt-Tok+en/unreadable==",
};

/** Each row: what the body looks like, the body (each echoes the request's headers, as a hostile proxy may). */
const bodies: Array<[string, (headers: string) => string]> = [
	["malformed XML", (h) => `<ReplicationConfiguration><Rule><ID>${h}</Rule`],
	[
		"an HTML page",
		(h) =>
			`<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>${h}</body></html>`,
	],
	[
		"an XHTML page, which parses",
		() => "<html><body><p>Please sign in to the network</p></body></html>",
	],
	["an empty body", () => ""],
];

let server: Server;
let body: (headers: string) => string = () => "";
let endpoint = "";
const saved = { ...process.env };

beforeAll(async () => {
	server = createServer((req, res) => {
		res.writeHead(200, {
			"content-type": "text/html",
			"x-oss-request-id": "portal-1",
		});
		res.end(body(JSON.stringify(req.headers)));
	});
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	Object.assign(process.env, secrets, {
		ALICLOUD_OSS_ENDPOINT: endpoint,
		BUCKET_REPLICATION_MAX_RETRIES: "0",
	});
});
afterAll(async () => {
	process.env = saved;
	await new Promise((resolve) => server.close(resolve));
});

let n = 0;

/** Checks what every unreadable answer must say, and that no secret is in it. */
function expectUnreadable(error: Error, prefix: string): void {
	expect(error).toBeInstanceOf(CloudApiError);
	expect(error.message.startsWith(prefix)).toBe(true);
	expect(error.message).toMatch(
		/: \w+ failed: the answer from http:\/\/127\.0\.0\.1:\d+ is not (readable XML|a <\w+> document), so it may not come from OSS \(HTTP 200, request id portal-1\)\. Check the endpoint setting \(bucket-replication:ossEndpoint \/ ALICLOUD_OSS_ENDPOINT\)/,
	);
	expect(error.message).toContain(endpoint);
	for (const secret of Object.values(secrets))
		expect(error.message).not.toContain(secret);
}

describe("OSS: a 200 answer that is not the XML document asked for", () => {
	it.each(bodies)("%s fails a refresh of a rule", async (_name, b) => {
		body = b;
		const bucket = `odd-src-${++n}`;
		const inputs = await checked({
			__resource: "OssBucketReplicationRule",
			bucket,
			region: "cn-hangzhou",
			ruleId: "r1",
			destination: { bucket: "odd-dst", location: "oss-cn-beijing" },
		});
		const error = await failureOf(runtime.read(`${bucket}/r1`, inputs));
		expectUnreadable(error, `OSS bucket "${bucket}" rule "r1": `);
	});

	it.each(bodies)("%s fails a refresh of a bucket", async (_name, b) => {
		body = b;
		const bucket = `odd-bucket-${++n}`;
		const inputs = await checked({
			__resource: "OssBucket",
			bucket,
			region: "cn-hangzhou",
		});
		const error = await failureOf(runtime.read(bucket, inputs));
		expectUnreadable(error, `OSS bucket "${bucket}": `);
	});
});
