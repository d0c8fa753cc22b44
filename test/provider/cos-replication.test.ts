import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../provider";
import type { Props } from "../../provider/core/types";
import {
	type CosEmulator,
	makeBucket,
	putReplicationRaw,
	role,
	ruleIds,
	startCosEmulator,
	summary,
	writes,
} from "../support/cos";
import { checked, failureOf, useForProvider } from "../support/runtime";

const region = "ap-guangzhou";
const dstRegion = "ap-beijing";
let cos: CosEmulator;

beforeAll(async () => {
	cos = await startCosEmulator();
	useForProvider(cos.env);
});
afterAll(async () => cos?.close());

/** check, as the engine runs it before create/update; throws on failures. */

let n = 0;
/** A fresh source (versioned) and destination bucket pair. */
async function buckets(destinationVersioning: "Enabled" | null = "Enabled") {
	n++;
	const src = cos.bucket(`src${n}`);
	const dst = cos.bucket(`dst${n}`);
	await makeBucket(cos.client(), src, region);
	await makeBucket(cos.client(), dst, dstRegion, destinationVersioning);
	return { src, dst };
}

const program = (
	src: string,
	dst: string,
	rules: Props[],
	extra: Props = {},
): Props => ({
	__resource: "CosBucketReplication",
	bucket: src,
	region,
	role,
	rules: rules.map((r) => ({
		destination: { bucket: dst, region: dstRegion },
		...r,
	})),
	...extra,
});

describe("BucketReplication against the COS emulator", () => {
	it("create checks versioning, writes once and reads back; read, no-op diff, update, delete", async () => {
		const { src, dst } = await buckets();
		const inputs = await checked(
			program(src, dst, [{ id: "logs", prefix: "logs/" }]),
		);

		let mark = cos.mark();
		const created = await runtime.create(inputs);
		expect(created.id).toBe(src);
		expect(summary(cos.since(mark)).sort()).toEqual(
			[
				"GET replication",
				"GET versioning",
				"GET versioning",
				"GET replication",
				"PUT replication",
				"GET replication",
			].sort(),
		);
		expect(await ruleIds(cos.client(), src, region)).toEqual(["logs"]);

		mark = cos.mark();
		const read = await runtime.read(created.id, created.outs);
		expect(cos.since(mark)).toHaveLength(1);
		expect(read.inputs).toEqual({ ...inputs });
		expect(await runtime.diff(src, read.props ?? {}, inputs)).toEqual({
			changes: false,
		});

		const changed = await checked(
			program(src, dst, [
				{ id: "logs", prefix: "logs/" },
				{ id: "img", prefix: "img/", status: "Disabled" },
			]),
		);
		expect(
			(await runtime.diff(src, created.outs, changed)).changes,
		).toBeUndefined();
		mark = cos.mark();
		await runtime.update(src, created.outs, changed);
		expect(summary(cos.since(mark))).toEqual([
			"GET replication",
			"PUT replication",
			"GET replication",
		]);
		expect(await ruleIds(cos.client(), src, region)).toEqual(["img", "logs"]);

		mark = cos.mark();
		await runtime.delete(src, created.outs);
		expect(summary(cos.since(mark))).toEqual(["DELETE replication"]);
		expect(await ruleIds(cos.client(), src, region)).toEqual([]);
		expect(await runtime.read(src, created.outs)).toEqual({});
	});

	it("fails before any write when the destination is not versioned, and says how to fix it", async () => {
		const { src, dst } = await buckets(null);
		const mark = cos.mark();
		const error = await failureOf(
			runtime.create(await checked(program(src, dst, [{ id: "r" }]))),
		);
		// The wording README.md and docs/cos.md "Troubleshooting" quote.
		expect(error.message).toContain(
			`versioning is not enabled on the destination bucket "${dst}"`,
		);
		expect(error.message).toContain('versioning: "Enabled"');
		expect(writes(cos.since(mark))).toEqual([]);
	});

	it("fails before any write when a destination does not exist in its region, with the vendor code and request id", async () => {
		const { src } = await buckets();
		const missing = cos.bucket("missing");
		const mark = cos.mark();
		const error = await failureOf(
			runtime.create(await checked(program(src, missing, [{ id: "r" }]))),
		);
		expect(error.name).toBe("PreconditionError");
		expect(error.message).toMatch(
			new RegExp(
				`the destination bucket "${missing}" does not exist in region ${dstRegion} \\(GET Bucket versioning: COS code NoSuchBucket, request id \\w+\\)\\. Create it first`,
			),
		);
		expect(writes(cos.since(mark))).toEqual([]);
	});

	it("adopts an identical configuration without writing", async () => {
		const { src, dst } = await buckets();
		const inputs = await checked(
			program(src, dst, [{ id: "a", prefix: "a/" }]),
		);
		await runtime.create(inputs);
		const mark = cos.mark();
		await runtime.create(inputs);
		expect(summary(cos.since(mark))).toEqual(["GET replication"]);
	});

	it("writes a rule's prefix in the form declared, and adopts the same rules in the other form without writing", async () => {
		const declared = [{ id: "f", filter: { prefix: "f/" } }];
		const { src, dst } = await buckets();
		await runtime.create(await checked(program(src, dst, declared)));
		const got = await cos
			.client()
			.getBucketReplication({ Bucket: src, Region: region });
		const [written] = got.ReplicationConfiguration.Rules as unknown as Props[];
		expect(written.Filter).toEqual({ Prefix: "f/" });
		expect(written.Prefix).toBeUndefined();

		// Another tool wrote the same rule with the legacy <Prefix>: COS applies it the same.
		const other = await buckets();
		await putReplicationRaw(cos.client(), other.src, region, [
			{
				...written,
				Filter: undefined,
				Prefix: "f/",
				Destination: { Bucket: `qcs::cos:${dstRegion}::${other.dst}` },
			},
		]);
		const mark = cos.mark();
		await runtime.create(
			await checked(program(other.src, other.dst, declared)),
		);
		expect(writes(cos.since(mark))).toEqual([]);
	});

	it("refuses a different configuration, naming its rules, unless adopt: true", async () => {
		const { src, dst } = await buckets();
		await putReplicationRaw(cos.client(), src, region, [
			{
				ID: "theirs",
				Status: "Enabled",
				Prefix: "x/",
				Destination: { Bucket: `qcs::cos:${dstRegion}::${dst}` },
			},
		]);
		const mark = cos.mark();
		const error = await failureOf(
			runtime.create(await checked(program(src, dst, [{ id: "mine" }]))),
		);
		// The wording docs/cos.md "Troubleshooting" quotes.
		expect(error.message).toContain(
			'the bucket already has a replication configuration that differs from this resource\'s (rules "theirs")',
		);
		expect(error.message).toContain("adopt: true");
		expect(writes(cos.since(mark))).toEqual([]);

		await runtime.create(
			await checked(program(src, dst, [{ id: "mine" }], { adopt: true })),
		);
		expect(await ruleIds(cos.client(), src, region)).toEqual(["mine"]);
	});

	it("refresh keeps the user's order of each rule's filter tags", async () => {
		const { src, dst } = await buckets();
		const tags = [
			{ key: "team", value: "data" },
			{ key: "env", value: "prod" },
		];
		const inputs = await checked(
			program(src, dst, [
				{ id: "a", filter: { prefix: "a/", tags } },
				{ id: "b", prefix: "b/" },
			]),
		);
		const created = await runtime.create(inputs);
		expect((created.outs.rules as Props).a).toMatchObject({
			filter: { and: { prefix: "a/", tags } },
		});
		const read = await runtime.read(created.id, created.outs);
		expect((read.inputs?.rules as Props | undefined)?.a).toMatchObject({
			filter: { and: { prefix: "a/", tags } },
		});
		expect(read.inputs?.rules).toEqual(inputs.rules);
		expect(await runtime.diff(created.id, read.props ?? {}, inputs)).toEqual({
			changes: false,
		});
	});

	it("refresh shows out-of-band drift and the next update repairs it", async () => {
		const { src, dst } = await buckets();
		const inputs = await checked(
			program(src, dst, [{ id: "a", prefix: "a/" }]),
		);
		const created = await runtime.create(inputs);
		await putReplicationRaw(cos.client(), src, region, [
			{
				ID: "a",
				Status: "Enabled",
				Prefix: "changed/",
				Destination: { Bucket: `qcs::cos:${dstRegion}::${dst}` },
			},
		]);
		const read = await runtime.read(src, created.outs);
		expect(
			(read.inputs?.rules as Record<string, Props> | undefined)?.a.prefix,
		).toBe("changed/");
		expect(await runtime.diff(src, read.props ?? {}, inputs)).toEqual({
			changes: true,
		});
		const updated = await runtime.update(src, read.props ?? {}, inputs);
		expect(await runtime.diff(src, updated.outs, inputs)).toEqual({
			changes: false,
		});
		const again = await runtime.read(src, updated.outs);
		expect(await runtime.diff(src, again.props ?? {}, inputs)).toEqual({
			changes: false,
		});
	});

	it("read removes the resource only when the configuration or bucket is gone", async () => {
		const { src, dst } = await buckets();
		const created = await runtime.create(
			await checked(program(src, dst, [{ id: "a" }])),
		);
		await cos.client().deleteBucketReplication({ Bucket: src, Region: region });
		expect(await runtime.read(src, created.outs)).toEqual({});
		const gone = { ...created.outs, bucket: cos.bucket("never-made") };
		expect(await runtime.read(src, gone)).toEqual({});
	});
});

describe("errors", () => {
	it("wrong keys: throws naming cloud, bucket, COS code and request id, never the secret", async () => {
		const { src, dst } = await buckets();
		const created = await runtime.create(
			await checked(program(src, dst, [{ id: "a" }])),
		);
		const secret = "not-the-right-secret-key-1234";
		process.env.TENCENTCLOUD_SECRET_KEY = secret;
		try {
			const error = await failureOf(runtime.read(src, created.outs));
			expect(error.message).toMatch(
				/^COS bucket ".*": GET Bucket replication failed/,
			);
			expect(error.message).toContain("SignatureDoesNotMatch");
			expect(error.message).toMatch(/request id \S+/);
			expect(error.message).not.toContain(secret);
			expect(error).not.toHaveProperty("id");
		} finally {
			process.env.TENCENTCLOUD_SECRET_KEY = cos.account.cos.secretKey;
		}
	});

	it("no credentials: says which settings to set", async () => {
		const saved = process.env.TENCENTCLOUD_SECRET_ID;
		delete process.env.TENCENTCLOUD_SECRET_ID;
		try {
			const error = await failureOf(
				runtime.read("x", {
					__resource: "CosBucketReplication",
					bucket: "a-1",
					region,
				}),
			);
			expect(error.message).toContain("tencentcloud:secretId");
			expect(error.message).toContain("TENCENTCLOUD_SECRET_ID");
		} finally {
			process.env.TENCENTCLOUD_SECRET_ID = saved;
		}
	});

	it("stack config wins over the environment", async () => {
		runtime.configure({
			config: {
				get: (k: string) =>
					k === "tencentcloud:secretKey" ? "from-config-wrong-key" : undefined,
			},
		});
		try {
			const error = await failureOf(
				runtime.read("x", {
					__resource: "CosBucketReplication",
					bucket: cos.bucket("src1"),
					region,
				}),
			);
			expect(error.message).toContain("SignatureDoesNotMatch");
			expect(error.message).not.toContain("from-config-wrong-key");
		} finally {
			runtime.configure({});
		}
	});

	it("no answer: a network error after bounded retries, and read throws rather than forgetting", async () => {
		const endpoint = process.env.TENCENTCLOUD_COS_ENDPOINT;
		process.env.TENCENTCLOUD_COS_ENDPOINT = "http://127.0.0.1:1";
		process.env.BUCKET_REPLICATION_MAX_RETRIES = "1";
		try {
			const error = await failureOf(
				runtime.read("x", {
					__resource: "CosBucketReplication",
					bucket: cos.bucket("src1"),
					region,
				}),
			);
			expect(error.name).toBe("NetworkError");
			expect(error.message).toContain("ECONNREFUSED");
		} finally {
			process.env.TENCENTCLOUD_COS_ENDPOINT = endpoint;
			delete process.env.BUCKET_REPLICATION_MAX_RETRIES;
		}
	});
});

describe("retries", () => {
	it("converges through throttling, 5xx and resets", async () => {
		const flaky = await startCosEmulator({ rate: 0.3, seed: 7 });
		const saved = { ...process.env };
		Object.assign(process.env, flaky.env, {
			BUCKET_REPLICATION_MAX_RETRIES: "8",
		});
		try {
			const src = flaky.bucket("src");
			const dst = flaky.bucket("dst");
			const b1 = await checked({
				__resource: "CosBucket",
				bucket: src,
				region,
			});
			const b2 = await checked({
				__resource: "CosBucket",
				bucket: dst,
				region: dstRegion,
			});
			await runtime.create(b1);
			await runtime.create(b2);
			const created = await runtime.create(
				await checked(program(src, dst, [{ id: "a" }])),
			);
			const read = await runtime.read(src, created.outs);
			expect(Object.keys(read.inputs?.rules ?? {})).toEqual(["a"]);
			expect(flaky.server.requests.some((r) => r.status >= 500)).toBe(true);
		} finally {
			process.env = saved;
			await flaky.close();
		}
	});
});

describe("Bucket against the COS emulator", () => {
	it("create, read, update versioning, delete; one request each except create", async () => {
		const name = cos.bucket("made-by-provider");
		const inputs = await checked({
			__resource: "CosBucket",
			bucket: name,
			region,
		});
		let mark = cos.mark();
		const created = await runtime.create(inputs);
		expect(summary(cos.since(mark))).toEqual(["PUT", "PUT versioning"]);
		expect(created.outs).toMatchObject({
			bucket: name,
			region,
			versioning: "Enabled",
			appId: cos.account.cos.appId,
		});

		mark = cos.mark();
		const read = await runtime.read(name, created.outs);
		expect(summary(cos.since(mark))).toEqual(["GET versioning"]);
		expect(await runtime.diff(name, read.props ?? {}, inputs)).toEqual({
			changes: false,
		});

		const suspended = await checked({ ...inputs, versioning: "Suspended" });
		mark = cos.mark();
		const updated = await runtime.update(name, created.outs, suspended);
		expect(summary(cos.since(mark))).toEqual(["PUT versioning"]);

		mark = cos.mark();
		await runtime.delete(name, updated.outs);
		expect(summary(cos.since(mark))).toEqual(["DELETE"]);
		expect(await runtime.read(name, updated.outs)).toEqual({});
	});

	it("explains a bucket that already exists and a bucket that is not empty", async () => {
		const name = cos.bucket("taken");
		await makeBucket(cos.client(), name, region, "Suspended");
		const inputs = await checked({
			__resource: "CosBucket",
			bucket: name,
			region,
		});
		const mark = cos.mark();
		const error = await failureOf(runtime.create(inputs));
		expect(error.message).toContain("already exists with versioning Suspended");
		expect(error.message).toContain("creates new buckets only");
		expect(summary(writes(cos.since(mark)))).toEqual(["PUT"]);

		await cos
			.client()
			.putObject({ Bucket: name, Region: region, Key: "k", Body: "v" });
		const notEmpty = await failureOf(runtime.delete(name, inputs));
		expect(notEmpty.message).toMatch(
			new RegExp(
				`^COS bucket "${name}": DELETE Bucket failed: the bucket still holds objects \\(or object versions\\) \\(HTTP 409, COS code BucketNotEmpty, request id [^)]+\\)\\. \`cos.Bucket\` never deletes data`,
			),
		);
		expect(notEmpty.message).toContain("run the command again");
	});

	it("a create that finds the bucket its own earlier attempt made takes it and finishes", async () => {
		// An interrupted create: the bucket exists, versioning was never set.
		const name = cos.bucket("interrupted");
		await makeBucket(cos.client(), name, region, null);
		const inputs = await checked({
			__resource: "CosBucket",
			bucket: name,
			region,
		});
		const mark = cos.mark();
		const created = await runtime.create(inputs);
		expect(created.id).toBe(name);
		expect(summary(cos.since(mark))).toEqual([
			"PUT",
			"GET versioning",
			"PUT versioning",
		]);
		// Run again (the answer of the first run was lost): same bucket, nothing written.
		const again = cos.mark();
		expect((await runtime.create(inputs)).id).toBe(name);
		expect(summary(writes(cos.since(again)))).toEqual(["PUT"]);
	});

	it("suspending versioning under an enabled replication rule is explained", async () => {
		const { src, dst } = await buckets();
		await runtime.create(await checked(program(src, dst, [{ id: "a" }])));
		const inputs = await checked({
			__resource: "CosBucket",
			bucket: src,
			region,
			versioning: "Suspended",
		});
		const error = await failureOf(runtime.update(src, inputs, inputs));
		expect(error.message).toContain(
			"Disable or delete the bucket's replication first",
		);
		// The vendor's facts, as in every error (README).
		expect(error.message).toMatch(
			/\(HTTP 409, COS code InvalidBucketState, request id [^)]+\)/,
		);
	});
});
