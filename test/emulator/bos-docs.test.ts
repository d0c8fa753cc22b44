import { Auth } from "@baiducloud/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rejection, startBos } from "./bos-helpers";

/**
 * The vendor documents' own requests, sent as written (signed bce-auth-v1 by the SDK's `Auth`),
 * answered as documented. PutBucketReplication: seed 003 (= https://intl.cloud.baidu.com/en/doc/BOS/s/fkc4evoy4-intl-en);
 * Get/List/Delete/Progress: reference §3.5; errors: https://cloud.baidu.com/doc/BOS/s/Ajwvysfpl and the
 * common codes https://cloud.baidu.com/doc/Reference/s/Bjz3uz3qj (reference §3.6). Choices: README.md.
 */
let bos: Awaited<ReturnType<typeof startBos>>;

interface Raw {
	status: number;
	headers: Headers;
	body: string;
}

/** One request signed as the SDK signs it (host, content-type, x-bce-date), answered whatever the status. */
async function send(
	method: string,
	path: string,
	params: Record<string, string>,
	body?: string,
	keys = bos.accounts[0].bos,
): Promise<Raw> {
	const host = new URL(bos.server.endpoint).host;
	const date = new Date().toISOString().replace(/\.\d+Z$/, "Z");
	const headers: Record<string, string> = { host, "x-bce-date": date };
	if (body !== undefined)
		headers["content-type"] = "application/json; charset=utf-8";
	const authorization = new Auth(
		keys.accessKey,
		keys.secretKey,
	).generateAuthorization(method, path, params, headers);
	const query = Object.entries(params)
		.map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
		.join("&");
	const { host: _host, ...sent } = headers;
	const response = await fetch(
		`${bos.server.endpoint}${path}${query ? `?${query}` : ""}`,
		{ method, headers: { ...sent, authorization }, body },
	);
	return {
		status: response.status,
		headers: response.headers,
		body: await response.text(),
	};
}

/** The documented error answer: JSON `{code, message, requestId}`, requestId = `x-bce-request-id`. */
function expectError(raw: Raw, status: number, code: string, message?: string) {
	expect(raw.status).toBe(status);
	expect(raw.headers.get("content-type")).toBe(
		"application/json; charset=utf-8",
	);
	expect(raw.headers.get("server")).toBe("BceBos");
	const body = JSON.parse(raw.body) as Record<string, string>;
	expect(Object.keys(body).sort()).toEqual(["code", "message", "requestId"]);
	expect(body.code).toBe(code);
	expect(body.requestId).toBe(raw.headers.get("x-bce-request-id"));
	if (message !== undefined) expect(body.message).toBe(message);
}

beforeAll(async () => {
	bos = await startBos();
	for (const name of ["src-bucket-name", "dst-bucket-name", "other-src"])
		await bos.client.createBucket(name);
});
afterAll(() => bos.close());

// Seed 003 "Request syntax", with the notIncludeResource strings quoted (the page prints them bare,
// which is not JSON).
const syntaxSample = {
	status: "enabled",
	resource: ["src-bucket-name/abc", "src-bucket-name/cd*"],
	notIncludeResource: [
		"src-bucket-name/prefix/*",
		"src-bucket-name/*.jpeg",
		"src-bucket-name/*test*",
	],
	destination: { bucket: "dst-bucket-name", storageClass: "COLD" },
	replicateHistory: { storageClass: "COLD" },
	replicateDeletes: "enabled",
	id: "sample-bucket",
};

describe("BOS emulator: the vendor documents' samples", () => {
	it("answers seed 003's request syntax sample with 200, no body, x-bce-request-id, Date, Server: BceBos", async () => {
		const raw = await send(
			"PUT",
			"/src-bucket-name",
			{ replication: "", id: "sample-bucket" },
			JSON.stringify(syntaxSample),
		);
		expect(raw.status).toBe(200);
		expect(raw.body).toBe("");
		expect(raw.headers.get("x-bce-request-id")).toMatch(/\S/);
		expect(raw.headers.get("date")).toMatch(/GMT$/);
		expect(raw.headers.get("server")).toBe("BceBos");
	});

	it("refuses seed 003's request example as written: its body id is 32 characters and not the URI's (InappropriateJSON 400)", async () => {
		const example = {
			...syntaxSample,
			destination: { ...syntaxSample.destination, prefix: "dst-file-name/" },
			id: "sample-bucket-replication-config",
		};
		const raw = await send(
			"PUT",
			"/src-bucket-name",
			{ replication: "", id: "sample-bucket" },
			JSON.stringify(example),
		);
		expectError(raw, 400, "InappropriateJSON");
		// The same rule under a 20-character id of its own is accepted, prefix included.
		const fixed = { ...example, id: "sample-bucket-config" };
		const accepted = await send(
			"PUT",
			"/src-bucket-name",
			{ replication: "", id: fixed.id },
			JSON.stringify({ ...fixed, resource: ["src-bucket-name/other/"] }),
		);
		expect(accepted.status).toBe(200);
	});

	it("gets the rule in the documented shape: the PUT fields, createTime (epoch seconds), destRegion", async () => {
		const raw = await send("GET", "/src-bucket-name", {
			replication: "",
			id: "sample-bucket",
		});
		expect(raw.status).toBe(200);
		expect(raw.headers.get("content-type")).toBe(
			"application/json; charset=utf-8",
		);
		const body = JSON.parse(raw.body);
		expect(body).toEqual({
			...syntaxSample,
			createTime: body.createTime,
			destRegion: "bj",
		});
		expect(Number.isInteger(body.createTime)).toBe(true);
		expect(body.createTime).toBeLessThanOrEqual(Date.now() / 1000);
	});

	it("lists the rules as {rules: [...]} with the GET shape", async () => {
		const raw = await send("GET", "/src-bucket-name", {
			replication: "",
			list: "",
		});
		expect(raw.status).toBe(200);
		const { rules } = JSON.parse(raw.body);
		expect(rules.map((r: { id: string }) => r.id)).toEqual([
			"sample-bucket",
			"sample-bucket-config",
		]);
		expect(Object.keys(rules[0]).sort()).toEqual(
			[...Object.keys(syntaxSample), "createTime", "destRegion"].sort(),
		);
	});

	it("reports progress as {status, historyReplicationPercent (number), latestReplicationTime (number)}", async () => {
		const raw = await send("GET", "/src-bucket-name", {
			replicationProgress: "",
			id: "sample-bucket",
		});
		expect(raw.status).toBe(200);
		const body = JSON.parse(raw.body);
		expect(Object.keys(body).sort()).toEqual([
			"historyReplicationPercent",
			"latestReplicationTime",
			"status",
		]);
		expect(body.status).toBe("enabled");
		expect(typeof body.historyReplicationPercent).toBe("number");
		expect(Number.isInteger(body.latestReplicationTime)).toBe(true);
	});

	it("deletes a rule with 204 and no body; then GET answers NoReplicationConfiguration 404", async () => {
		const raw = await send("DELETE", "/src-bucket-name", {
			replication: "",
			id: "sample-bucket-config",
		});
		expect(raw.status).toBe(204);
		expect(raw.body).toBe("");
		const gone = await send("GET", "/src-bucket-name", {
			replication: "",
			id: "sample-bucket-config",
		});
		expectError(
			gone,
			404,
			"NoReplicationConfiguration",
			"The specified replication configuration does not exist.",
		);
	});
});

describe("BOS emulator: documented values", () => {
	it.each([
		["STANDARD", "REMAIN"],
		["STANDARD_IA", "STANDARD"],
		["COLD", "COLD"],
		[undefined, undefined],
	])(
		"accepts destination.storageClass %s with replicateHistory.storageClass %s",
		async (live, history) => {
			const id = `classes-${live ?? "none"}`.replace("_", "-");
			const rule = {
				...syntaxSample,
				id,
				resource: [`other-src/${id}/`],
				notIncludeResource: undefined,
				destination: { bucket: "dst-bucket-name", storageClass: live },
				replicateHistory: { storageClass: history },
				replicateDeletes: "disabled",
			};
			const put = await send(
				"PUT",
				"/other-src",
				{ replication: "", id },
				JSON.stringify(rule),
			);
			expect(put.status).toBe(200);
			const got = JSON.parse(
				(await send("GET", "/other-src", { replication: "", id })).body,
			);
			expect(got.destination.storageClass).toBe(live);
			expect(got.replicateHistory.storageClass).toBe(history);
			await send("DELETE", "/other-src", { replication: "", id });
		},
	);

	it("answers PutBucketVersioning's sample ({status: enabled}) with 200 and no body, GET with the status", async () => {
		const put = await send(
			"PUT",
			"/other-src",
			{ versioning: "" },
			JSON.stringify({ status: "enabled" }),
		);
		expect(put.status).toBe(200);
		expect(put.body).toBe("");
		const got = await send("GET", "/other-src", { versioning: "" });
		expect(JSON.parse(got.body)).toEqual({ status: "enabled" });
	});
});

describe("BOS emulator: documented errors", () => {
	const missing = "/no-such-bucket";
	it.each([
		["PUT", { replication: "", id: "r1" }, JSON.stringify(syntaxSample)],
		["GET", { replication: "", id: "r1" }, undefined],
		["GET", { replication: "", list: "" }, undefined],
		["GET", { replicationProgress: "", id: "r1" }, undefined],
		["DELETE", { replication: "", id: "r1" }, undefined],
		["GET", { versioning: "" }, undefined],
		["DELETE", {}, undefined],
	])(
		"answers %s %o of a missing bucket with NoSuchBucket 404",
		async (method, params, body) => {
			const raw = await send(method, missing, params, body);
			expectError(
				raw,
				404,
				"NoSuchBucket",
				"The specified bucket does not exist.",
			);
		},
	);

	it("answers HEAD of a missing bucket with 404 and no body", async () => {
		const raw = await send("HEAD", missing, {});
		expect(raw.status).toBe(404);
		expect(raw.body).toBe("");
		expect(raw.headers.get("x-bce-request-id")).toMatch(/\S/);
	});

	it("creates a bucket with 200, HEAD 200, deletes it with 204", async () => {
		expect((await send("PUT", "/doc-bucket", {}, "{}")).status).toBe(200);
		expect((await send("HEAD", "/doc-bucket", {})).status).toBe(200);
		const deleted = await send("DELETE", "/doc-bucket", {});
		expect(deleted.status).toBe(204);
		expect(deleted.body).toBe("");
	});

	it("refuses a taken bucket name with BucketAlreadyExists 409 and the table's message", async () => {
		const raw = await send("PUT", "/other-src", {}, "{}");
		expectError(
			raw,
			409,
			"BucketAlreadyExists",
			"The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.",
		);
	});

	it("refuses to delete a bucket with objects: BucketNotEmpty 409", async () => {
		await bos.client.putObjectFromString("other-src", "a.txt", "a");
		const raw = await send("DELETE", "/other-src", {});
		expectError(
			raw,
			409,
			"BucketNotEmpty",
			"The bucket you tried to delete is not empty.",
		);
		await bos.client.deleteObject("other-src", "a.txt");
	});

	it("refuses malformed JSON with MalformedJSON 400", async () => {
		const raw = await send(
			"PUT",
			"/src-bucket-name",
			{ replication: "", id: "bad" },
			'{"status": "enabled", "resource": [src-bucket-name/prefix/*]}',
		);
		expectError(
			raw,
			400,
			"MalformedJSON",
			"The JSON you provided was not well-formed.",
		);
	});

	it.each([
		["an id of 21 characters", { id: "a".repeat(21) }],
		["an id with a dot", { id: "rule.1" }],
		["status 'enable'", { status: "enable" }],
		["replicateDeletes 'true'", { replicateDeletes: "true" }],
		["a resource of another bucket", { resource: ["other-src/abc"] }],
		["21 resources", { resource: Array(21).fill("src-bucket-name/a") }],
		[
			"21 notIncludeResource",
			{ notIncludeResource: Array(21).fill("src-bucket-name/a*") },
		],
		[
			"storage class ARCHIVE",
			{ destination: { bucket: "dst-bucket-name", storageClass: "ARCHIVE" } },
		],
		[
			"a multi-AZ class in a single-AZ bucket",
			{
				destination: {
					bucket: "dst-bucket-name",
					storageClass: "MAZ_STANDARD",
				},
			},
		],
	])("refuses %s with InappropriateJSON 400", async (_name, change) => {
		const rule = { ...syntaxSample, id: "check", ...change };
		const raw = await send(
			"PUT",
			"/src-bucket-name",
			{ replication: "", id: rule.id },
			JSON.stringify(rule),
		);
		expectError(raw, 400, "InappropriateJSON");
		// A refusal with a known cause says it; only the code is the table's.
		expect(JSON.parse(raw.body).message).toMatch(/\S/);
	});

	it("accepts an id of exactly 20 characters of letters, digits, - and _", async () => {
		const id = "Ab0-_".repeat(4);
		const raw = await send(
			"PUT",
			"/other-src",
			{ replication: "", id },
			JSON.stringify({
				...syntaxSample,
				id,
				resource: ["other-src/x"],
				notIncludeResource: undefined,
			}),
		);
		expect(raw.status).toBe(200);
		await send("DELETE", "/other-src", { replication: "", id });
	});

	it.each([
		[
			"no Authorization",
			async () =>
				fetch(`${bos.server.endpoint}/src-bucket-name?replication&list`),
			403,
			"AccessDenied",
			"Access denied.",
		],
		[
			"an unknown access key",
			() =>
				send(
					"GET",
					"/src-bucket-name",
					{ replication: "", list: "" },
					undefined,
					{
						accessKey: "unknown-ak",
						secretKey: "x",
					},
				),
			403,
			"InvalidAccessKeyId",
			"The Access Key ID you provided does not exist in our records.",
		],
		[
			"a wrong secret",
			() =>
				send(
					"GET",
					"/src-bucket-name",
					{ replication: "", list: "" },
					undefined,
					{
						accessKey: bos.accounts[0].bos.accessKey,
						secretKey: "wrong",
					},
				),
			400,
			"SignatureDoesNotMatch",
			undefined,
		],
		[
			"a malformed Authorization",
			async () =>
				fetch(`${bos.server.endpoint}/src-bucket-name?replication&list`, {
					headers: { authorization: "bce-auth-v1/only/three" },
				}),
			400,
			"InvalidHTTPAuthHeader",
			"The HTTP authorization header is invalid. Consult the service documentation for details.",
		],
	] as const)(
		"refuses %s: %i %s with the table's message",
		async (_name, call, status, code, message) => {
			const result = await call();
			const raw =
				result instanceof Response
					? {
							status: result.status,
							headers: result.headers,
							body: await result.text(),
						}
					: result;
			expectError(raw, status, code, message);
		},
	);

	it("refuses an expired signature with RequestExpired 400", async () => {
		const { accessKey, secretKey } = bos.accounts[0].bos;
		const host = new URL(bos.server.endpoint).host;
		const old = new Date(Date.now() - 3600_000)
			.toISOString()
			.replace(/\.\d+Z$/, "Z");
		const authorization = new Auth(accessKey, secretKey).generateAuthorization(
			"GET",
			"/src-bucket-name",
			{ replication: "", list: "" },
			{ host, "x-bce-date": old },
			Date.parse(old) / 1000,
			60,
		);
		const response = await fetch(
			`${bos.server.endpoint}/src-bucket-name?replication=&list=`,
			{ headers: { authorization, "x-bce-date": old } },
		);
		expectError(
			{
				status: response.status,
				headers: response.headers,
				body: await response.text(),
			},
			400,
			"RequestExpired",
		);
	});

	it("refuses through the SDK with the same code and status (BceError)", async () => {
		const error = await rejection(
			bos.client.listBucketReplication("no-such-bucket"),
		);
		expect(error).toMatchObject({ status_code: 404, code: "NoSuchBucket" });
	});
});
