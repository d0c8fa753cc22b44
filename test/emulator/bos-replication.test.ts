import { Auth } from "@baiducloud/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	deleteRule,
	getRule,
	progressOf,
	putRule,
	type RuleBody,
	rejection,
	startBos,
} from "./bos-helpers";

const rule: RuleBody = {
	id: "rule1",
	status: "enabled",
	resource: ["src-bucket/logs/*", "src-bucket/img*"],
	notIncludeResource: ["src-bucket/logs/tmp/*"],
	destination: {
		bucket: "dst-bucket",
		storageClass: "STANDARD_IA",
		prefix: "copy/",
	},
	replicateHistory: { storageClass: "COLD" },
	replicateDeletes: "enabled",
};

// Replication configuration endpoints (reference §3.5, seed 003) and every refusal they document.
describe("BOS emulator: replication rules", () => {
	let bos: Awaited<ReturnType<typeof startBos>>;
	beforeAll(async () => {
		bos = await startBos();
		for (const name of ["src-bucket", "dst-bucket", "other-dst"]) {
			await bos.client.createBucket(name);
		}
		await bos.client.createBucket("maz-bucket", {
			body: { enableMultiAZ: true },
		});
		await bos.clientFor(bos.accounts[1]).createBucket("bobs-bucket");
	});
	afterAll(() => bos.close());

	it("puts a rule (every field) and gets it back with createTime and destRegion", async () => {
		const before = Math.floor(Date.now() / 1000);
		const put = await putRule(bos.client, "src-bucket", rule);
		expect(put.body).toEqual({});
		const { body } = await getRule(bos.client, "src-bucket", "rule1");
		expect(body).toEqual({
			...rule,
			createTime: body.createTime,
			destRegion: "bj",
		});
		expect(body.createTime).toBeGreaterThanOrEqual(before);
	});

	it("lists rules with the SDK's listBucketReplication", async () => {
		const { body } = await bos.client.listBucketReplication("src-bucket");
		expect(body.rules.map((r) => r.id)).toEqual(["rule1"]);
	});

	it("answers the SDK's getBucketReplication without id (id=) with the first rule", async () => {
		const { body } = await bos.client.getBucketReplication("src-bucket");
		expect(body.id).toBe("rule1");
	});

	it("accepts ?replication&list without '=' (signed by hand with the SDK's Auth)", async () => {
		const { accessKey, secretKey } = bos.accounts[0].bos;
		const host = new URL(bos.server.endpoint).host;
		const date = new Date().toISOString().replace(/\.\d+Z$/, "Z");
		const authorization = new Auth(accessKey, secretKey).generateAuthorization(
			"GET",
			"/src-bucket",
			{ replication: "", list: "" },
			{ host, "x-bce-date": date },
		);
		const response = await fetch(
			`${bos.server.endpoint}/src-bucket?replication&list`,
			{ headers: { authorization, "x-bce-date": date } },
		);
		expect(response.status).toBe(200);
		expect(await response.json()).toMatchObject({ rules: [{ id: "rule1" }] });
	});

	it("keeps createTime when a rule is overwritten", async () => {
		const first = (await getRule(bos.client, "src-bucket", "rule1")).body;
		await putRule(bos.client, "src-bucket", {
			...rule,
			replicateDeletes: "disabled",
		});
		const second = (await getRule(bos.client, "src-bucket", "rule1")).body;
		expect(second.replicateDeletes).toBe("disabled");
		expect(second.createTime).toBe(first.createTime);
		await putRule(bos.client, "src-bucket", rule);
	});

	it("answers progress for a rule", async () => {
		const progress = await progressOf(bos.client, "src-bucket", "rule1");
		expect(progress.status).toBe("enabled");
		expect(typeof progress.latestReplicationTime).toBe("number");
		expect(progress.historyReplicationPercent).toBeGreaterThanOrEqual(0);
	});

	it("refuses enabled -> disabled, and allows it after delete", async () => {
		const error = await rejection(
			putRule(bos.client, "src-bucket", { ...rule, status: "disabled" }),
		);
		expect(error).toMatchObject({ status_code: 400, code: "InvalidArgument" });
		await deleteRule(bos.client, "src-bucket", "rule1");
		await putRule(bos.client, "src-bucket", { ...rule, status: "disabled" });
		const progress = await progressOf(bos.client, "src-bucket", "rule1");
		expect(progress).toEqual({
			status: "disabled",
			historyReplicationPercent: 0,
			latestReplicationTime: 0,
		});
		// disabled -> enabled is allowed.
		await putRule(bos.client, "src-bucket", rule);
	});

	it("refuses two rules identical except their id", async () => {
		const error = await rejection(
			putRule(bos.client, "src-bucket", {
				...rule,
				id: "twin",
				resource: [...rule.resource].reverse(),
			}),
		);
		expect(error).toMatchObject({ status_code: 400, code: "InvalidArgument" });
	});

	it("refuses an 11th rule", async () => {
		await bos.client.createBucket("many-rules");
		for (let i = 0; i < 10; i++) {
			await putRule(bos.client, "many-rules", {
				...rule,
				id: `r${i}`,
				resource: [`many-rules/p${i}/*`],
				notIncludeResource: undefined,
			});
		}
		const error = await rejection(
			putRule(bos.client, "many-rules", {
				...rule,
				id: "r10",
				resource: ["many-rules/p10/*"],
				notIncludeResource: undefined,
			}),
		);
		expect(error).toMatchObject({ status_code: 400, code: "InvalidArgument" });
		// Overwriting one of the ten is still fine.
		await putRule(bos.client, "many-rules", {
			...rule,
			id: "r0",
			resource: ["many-rules/p0/*"],
			notIncludeResource: undefined,
		});
		const rejected = await rejection(bos.client.deleteBucket("many-rules"));
		expect(rejected).toMatchObject({
			status_code: 409,
			code: "ReplicationStatusNotEmpty",
		});
	});

	const invalid: Array<[string, Record<string, unknown>]> = [
		["an id over 20 characters", { ...rule, id: "a".repeat(21) }],
		["an id with a dot", { ...rule, id: "rule.1" }],
		// Seed 003:26: id is required.
		["a missing id (seed 003)", { ...rule, id: undefined }],
		["a missing status", { ...rule, status: undefined }],
		["status 'on'", { ...rule, status: "on" }],
		["an empty resource", { ...rule, resource: [] }],
		["a resource of another bucket", { ...rule, resource: ["dst-bucket/*"] }],
		["a resource with an inner *", { ...rule, resource: ["src-bucket/a*b"] }],
		[
			"21 resources",
			{
				...rule,
				resource: Array.from({ length: 21 }, (_, i) => `src-bucket/p${i}`),
			},
		],
		[
			"21 exclusions",
			{
				...rule,
				notIncludeResource: Array.from(
					{ length: 21 },
					(_, i) => `src-bucket/p${i}*`,
				),
			},
		],
		[
			"an exclusion without *",
			{ ...rule, notIncludeResource: ["src-bucket/tmp/"] },
		],
		[
			"an exclusion of another bucket",
			{ ...rule, notIncludeResource: ["dst-bucket/*.tmp"] },
		],
		[
			"an exclusion that is only *",
			{ ...rule, notIncludeResource: ["src-bucket/*"] },
		],
		["a missing destination", { ...rule, destination: undefined }],
		[
			"ARCHIVE as destination class",
			{
				...rule,
				destination: { bucket: "dst-bucket", storageClass: "ARCHIVE" },
			},
		],
		[
			"a MAZ class in a single-AZ bucket",
			{
				...rule,
				destination: { bucket: "dst-bucket", storageClass: "MAZ_STANDARD" },
			},
		],
		[
			"STANDARD in a multi-AZ bucket",
			{
				...rule,
				destination: { bucket: "maz-bucket", storageClass: "STANDARD" },
			},
		],
		[
			// Seed 003:35: replicateHistory.storageClass is STANDARD, STANDARD_IA or COLD (MAZ_* in a multi-AZ bucket).
			"ARCHIVE as replicateHistory class (seed 003)",
			{ ...rule, replicateHistory: { storageClass: "ARCHIVE" } },
		],
		[
			"a MAZ replicateHistory class to a single-AZ bucket (seed 003)",
			{ ...rule, replicateHistory: { storageClass: "MAZ_STANDARD_IA" } },
		],
		[
			"replicateHistory.bucket not the destination",
			{ ...rule, replicateHistory: { bucket: "other-dst" } },
		],
		["a missing replicateDeletes", { ...rule, replicateDeletes: undefined }],
		["an id differing from the URI's", { ...rule, id: "rule9" }],
	];
	it.each(invalid)(
		"refuses %s with InappropriateJSON 400",
		async (_name, body) => {
			const error = await rejection(
				putRule(bos.client, "src-bucket", body, "rule1"),
			);
			expect(error).toMatchObject({
				status_code: 400,
				code: "InappropriateJSON",
			});
		},
	);

	it.each(["MAZ_STANDARD", "MAZ_STANDARD_IA"])(
		"accepts %s to a multi-AZ bucket, live and historical (seed 003)",
		async (storageClass) => {
			const id = `maz-${storageClass.length}`;
			await putRule(bos.client, "src-bucket", {
				...rule,
				id,
				resource: [`src-bucket/${id}/`],
				notIncludeResource: undefined,
				destination: { bucket: "maz-bucket", storageClass },
				replicateHistory: { storageClass },
			});
			const { body } = await getRule(bos.client, "src-bucket", id);
			expect(body.destination.storageClass).toBe(storageClass);
			expect(body.replicateHistory?.storageClass).toBe(storageClass);
			await deleteRule(bos.client, "src-bucket", id);
		},
	);

	it.each([
		["prefix", "src-bucket/tmp/*"],
		["suffix", "src-bucket/*.tmp"],
		["infix", "src-bucket/*test*"],
	])("accepts a %s exclusion", async (_form, exclusion) => {
		await putRule(bos.client, "src-bucket", {
			...rule,
			notIncludeResource: [exclusion],
		});
	});

	it("refuses a missing destination bucket with NoSuchBucket 404", async () => {
		const error = await rejection(
			putRule(bos.client, "src-bucket", {
				...rule,
				destination: { bucket: "gone-bucket" },
			}),
		);
		expect(error).toMatchObject({ status_code: 404, code: "NoSuchBucket" });
	});

	it("refuses a rule on a source bucket the caller does not own with AccessDenied 403 (seed 003: FULL_CONTROL on the source)", async () => {
		const error = await rejection(
			putRule(bos.clientFor(bos.accounts[1]), "src-bucket", {
				...rule,
				id: "bobs-rule",
				destination: { bucket: "bobs-bucket" },
			}),
		);
		expect(error).toMatchObject({ status_code: 403, code: "AccessDenied" });
	});

	it("refuses another account's destination with AccessDenied 403", async () => {
		const error = await rejection(
			putRule(bos.client, "src-bucket", {
				...rule,
				destination: { bucket: "bobs-bucket" },
			}),
		);
		expect(error).toMatchObject({ status_code: 403, code: "AccessDenied" });
	});

	it("refuses malformed JSON with MalformedJSON 400", async () => {
		const error = await rejection(
			bos.client.sendRequest("PUT", {
				bucketName: "src-bucket",
				params: { replication: "", id: "rule1" },
				body: '{"id":"rule1",',
			}),
		);
		expect(error).toMatchObject({ status_code: 400, code: "MalformedJSON" });
	});

	it("refuses a rule over 128 KB and rules over 200 KB in all with EntityTooLarge", async () => {
		await bos.client.createBucket("big-rules");
		const long = (n: number, tag: string) =>
			Array.from(
				{ length: 20 },
				(_, i) => `big-rules/${tag}${i}-${"x".repeat(n)}`,
			);
		const tooBig = await rejection(
			putRule(bos.client, "big-rules", {
				...rule,
				notIncludeResource: undefined,
				resource: long(7000, "a"),
			}),
		);
		expect(tooBig).toMatchObject({ status_code: 400, code: "EntityTooLarge" });
		await putRule(bos.client, "big-rules", {
			...rule,
			id: "b1",
			notIncludeResource: undefined,
			resource: long(4500, "b"),
		});
		await putRule(bos.client, "big-rules", {
			...rule,
			id: "b2",
			notIncludeResource: undefined,
			resource: long(4500, "c"),
		});
		const tooMuch = await rejection(
			putRule(bos.client, "big-rules", {
				...rule,
				id: "b3",
				notIncludeResource: undefined,
				resource: long(4500, "d"),
			}),
		);
		expect(tooMuch).toMatchObject({ status_code: 400, code: "EntityTooLarge" });
	});

	it("deletes a rule; then get, progress and delete answer NoReplicationConfiguration 404", async () => {
		await putRule(bos.client, "src-bucket", {
			...rule,
			id: "to-delete",
			resource: ["src-bucket/del/"],
		});
		const deleted = await deleteRule(bos.client, "src-bucket", "to-delete");
		expect(deleted.body).toEqual({});
		for (const call of [
			() => getRule(bos.client, "src-bucket", "to-delete"),
			() => progressOf(bos.client, "src-bucket", "to-delete"),
			() => deleteRule(bos.client, "src-bucket", "to-delete"),
		]) {
			expect(await rejection(call())).toMatchObject({
				status_code: 404,
				code: "NoReplicationConfiguration",
			});
		}
	});

	it("lists no rules as {rules: []}", async () => {
		const { body } = await bos.client.listBucketReplication("dst-bucket");
		expect(body).toEqual({ rules: [] });
	});
});
