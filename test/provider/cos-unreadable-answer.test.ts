import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { type ClientRequest, createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../provider";
import { CloudApiError } from "../../provider/core/errors";
import { checked, failureOf } from "../support/runtime";

/**
 * cos-nodejs-sdk-v5 throws outside its promise on a 2xx body it cannot parse (provider/cos/client.ts
 * `onUncaught`). A proxy answering such a body must fail the call with a CloudApiError that holds no
 * secret, instead of leaving it pending forever (through the CLI: `pulumi up` hung, after the dynamic
 * provider host printed the body with the request's headers: key id and security token in clear).
 */

const secrets = {
	TENCENTCLOUD_SECRET_ID: "AKIDunreadable7f3a9",
	TENCENTCLOUD_SECRET_KEY: "SeCrEt-unreadable-9b1c",
	TENCENTCLOUD_SECURITY_TOKEN: "SeCrEt-Tok+en/unreadable==",
};

/** Each row: what the body looks like, the body (each echoes the request's headers, as a hostile proxy may). */
const bodies: Array<[string, (headers: string) => string]> = [
	["malformed XML", (h) => `<ReplicationConfiguration><Rule><ID>${h}</Rule`],
	["JSON-looking text", (h) => `{"rules": [${h}`],
];

let server: Server;
let body: (headers: string) => string = () => "";
const saved = { ...process.env };
let otherListeners: NodeJS.UncaughtExceptionListener[] = [];

beforeAll(async () => {
	server = createServer((req, res) => {
		res.writeHead(200, { "content-type": "application/xml" });
		res.end(body(JSON.stringify(req.headers)));
	});
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	Object.assign(process.env, secrets, {
		TENCENTCLOUD_COS_ENDPOINT: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		BUCKET_REPLICATION_MAX_RETRIES: "1",
		BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "1",
	});
	// Vitest's own listener would count the SDK's throw as an unhandled error of the run: the tests
	// below stand in for the process's listeners (none, as in plain Node, or the dynamic host's).
	otherListeners = process.listeners("uncaughtException");
	process.removeAllListeners("uncaughtException");
});
afterAll(async () => {
	for (const listener of otherListeners)
		process.on("uncaughtException", listener);
	process.env = saved;
	await new Promise((resolve) => server.close(resolve));
});

/** A refresh of a COS bucket: its first request gets the unreadable answer. */
const readBucket = async () =>
	runtime.read(
		"odd-1250000000",
		await checked({
			__resource: "CosBucket",
			bucket: "odd-1250000000",
			region: "ap-guangzhou",
		}),
	);

describe("COS: an answer the SDK cannot read", () => {
	it.each(bodies)(
		"%s fails the call, with no secret, in plain Node",
		async (_name, b) => {
			body = b;
			const error = await failureOf(readBucket());
			expect(error).toBeInstanceOf(CloudApiError);
			expect(error.message).toMatch(
				/^COS bucket "odd-1250000000": .* failed: the answer could not be read \(cos-nodejs-sdk-v5 could not read an answer \(\w+\)\); it may not come from COS\. Check the endpoint setting/,
			);
			for (const secret of Object.values(secrets))
				expect(error.message).not.toContain(secret);
			// The provider's own listener, which stays: the SDK's other requests may still throw.
			expect(process.listenerCount("uncaughtException")).toBe(1);
		},
	);

	it.each(bodies)(
		"%s: what the dynamic provider host prints has no secret",
		async (_name, b) => {
			body = b;
			// As @pulumi/pulumi cmd/dynamic-provider's handler: console.error(err.stack || err.message).
			const printed: string[] = [];
			const host = (err: Error) => printed.push(err.stack || err.message);
			process.on("uncaughtException", host);
			try {
				const error = await failureOf(readBucket());
				expect(error).toBeInstanceOf(CloudApiError);
				expect(printed).toHaveLength(1);
				expect(printed[0]).toMatch(
					/^cos-nodejs-sdk-v5 could not read an answer \(\w+\)$/,
				);
			} finally {
				process.removeListener("uncaughtException", host);
			}
		},
	);

	it("two calls at once, each answered so, both fail and the process lives on", async () => {
		body = bodies[0][1];
		const inputs = (bucket: string) =>
			checked({ __resource: "CosBucket", bucket, region: "ap-guangzhou" });
		const errors = await Promise.all(
			["one-1250000000", "two-1250000000"].map(async (bucket) =>
				failureOf(runtime.read(bucket, await inputs(bucket))),
			),
		);
		for (const error of errors) expect(error).toBeInstanceOf(CloudApiError);
		// A third call after both: the listener is still there for any late throw.
		const third = await failureOf(
			runtime.read("three-1250000000", await inputs("three-1250000000")),
		);
		expect(third).toBeInstanceOf(CloudApiError);
	});
});

/**
 * Each row: what is thrown from the call's callbacks, outside its promise. cos-nodejs-sdk-v5 3.0.0
 * itself throws only Errors; a string or a plain object (from a dependency, or a later SDK version)
 * was ignored by the listener, which knew COS throws by their Error stack: the call never settled.
 */
const thrown: Array<[string, (headers: string) => unknown]> = [
	["a string", (h) => `unreadable: ${h}`],
	["a plain object", (h) => ({ message: `unreadable: ${h}`, code: "Odd" })],
];

describe("COS: a value that is not an Error thrown from a call's callbacks", () => {
	/**
	 * Throws `what` from the start of each request to a bucket named `thrower-...`, as Node's
	 * diagnostics channel does with a subscriber's exception: on the next tick, uncaught, in the
	 * request's async context (where the SDK's own callbacks run).
	 */
	const throwing = (what: (headers: string) => unknown) => {
		const onStart = (message: unknown) => {
			const request = (message as { request: ClientRequest }).request;
			if (!String(request.getHeader("host")).startsWith("thrower-")) return;
			throw what(JSON.stringify(request.getHeaders()));
		};
		subscribe("http.client.request.start", onStart);
		return () => unsubscribe("http.client.request.start", onStart);
	};

	it.each(thrown)(
		"%s fails that one call, with no secret",
		async (_name, what) => {
			body = () => "<ListBucketResult><Name>x</Name></ListBucketResult>";
			const stop = throwing(what);
			try {
				const inputs = (bucket: string) =>
					checked({ __resource: "CosBucket", bucket, region: "ap-guangzhou" });
				const [odd, plain] = await Promise.all([
					failureOf(
						runtime.read(
							"thrower-1250000000",
							await inputs("thrower-1250000000"),
						),
					),
					// At the same time, a call answered normally: only the call that threw fails.
					runtime
						.read("plain-1250000000", await inputs("plain-1250000000"))
						.then(
							() => undefined,
							(error: Error) => error,
						),
				]);
				expect(odd).toBeInstanceOf(CloudApiError);
				expect(odd.message).toMatch(
					/^COS bucket "thrower-1250000000": .* failed: the answer could not be read \(cos-nodejs-sdk-v5 threw (a string|a value that is not an Error)\); it may not come from COS\. Check the endpoint setting/,
				);
				for (const secret of Object.values(secrets))
					expect(odd.message).not.toContain(secret);
				expect(plain?.message ?? "").not.toMatch(/could not be read/);
			} finally {
				stop();
			}
		},
	);

	it("a plain object: what the dynamic provider host prints has no secret", async () => {
		body = () => "<ListBucketResult><Name>x</Name></ListBucketResult>";
		const printed: string[] = [];
		// As @pulumi/pulumi cmd/dynamic-provider's handler.
		const host = (err: Error) =>
			printed.push(err.stack || err.message || `${err}`);
		process.on("uncaughtException", host);
		const stop = throwing(thrown[1][1]);
		try {
			const error = await failureOf(
				runtime.read(
					"thrower-1250000000",
					await checked({
						__resource: "CosBucket",
						bucket: "thrower-1250000000",
						region: "ap-guangzhou",
					}),
				),
			);
			expect(error).toBeInstanceOf(CloudApiError);
			expect(printed).toEqual([
				"cos-nodejs-sdk-v5 threw a value that is not an Error",
			]);
		} finally {
			stop();
			process.removeListener("uncaughtException", host);
		}
	});
});
