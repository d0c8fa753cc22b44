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

let n = 0;
async function buckets() {
	n++;
	const src = cos.bucket(`rsrc${n}`);
	const dst = cos.bucket(`rdst${n}`);
	await makeBucket(cos.client(), src, region);
	await makeBucket(cos.client(), dst, dstRegion);
	return { src, dst };
}

const ruleInputs = (
	src: string,
	dst: string,
	ruleId: string,
	extra: Props = {},
): Props => ({
	__resource: "CosBucketReplicationRule",
	bucket: src,
	region,
	role,
	ruleId,
	prefix: `${ruleId}/`,
	destination: { bucket: `qcs::cos:${dstRegion}::${dst}` },
	...extra,
});

const outOfBand = (dst: string) => ({
	ID: "manual",
	Status: "Enabled",
	Prefix: "manual/",
	Destination: { Bucket: `qcs::cos:${dstRegion}::${dst}` },
});

describe("BucketReplicationRule against the COS emulator", () => {
	it("two rules and an out-of-band rule survive each other's concurrent create, update and delete", async () => {
		const { src, dst } = await buckets();
		await putReplicationRaw(cos.client(), src, region, [outOfBand(dst)]);
		const a = await checked(ruleInputs(src, dst, "a"));
		const b = await checked(ruleInputs(src, dst, "b"));

		const [ca, cb] = await Promise.all([runtime.create(a), runtime.create(b)]);
		expect(await ruleIds(cos.client(), src, region)).toEqual([
			"a",
			"b",
			"manual",
		]);

		const a2 = await checked(ruleInputs(src, dst, "a", { prefix: "a2/" }));
		const b2 = await checked(ruleInputs(src, dst, "b", { status: "Disabled" }));
		const [ua, ub] = await Promise.all([
			runtime.update(ca.id, ca.outs, a2),
			runtime.update(cb.id, cb.outs, b2),
		]);
		const live = await runtime.read(ca.id, ua.outs);
		expect(live.inputs?.prefix).toBe("a2/");
		expect((await runtime.read(cb.id, ub.outs)).inputs?.status).toBe(
			"Disabled",
		);
		expect(await ruleIds(cos.client(), src, region)).toEqual([
			"a",
			"b",
			"manual",
		]);

		await Promise.all([
			runtime.delete(ca.id, ua.outs),
			runtime.delete(cb.id, ub.outs),
		]);
		expect(await ruleIds(cos.client(), src, region)).toEqual(["manual"]);
	});

	it("a writer in another process that overwrites the document is caught by the read-back, and the rule is written again", async () => {
		const { src, dst } = await buckets();
		// The other writer read the document before our PUT (it was empty) and writes after it.
		const mark = cos.mark();
		const created = runtime.create(await checked(ruleInputs(src, dst, "a")));
		while (!summary(cos.since(mark)).includes("PUT replication"))
			await new Promise((r) => setTimeout(r, 5));
		await putReplicationRaw(cos.client(), src, region, [outOfBand(dst)]);
		await created;
		expect(await ruleIds(cos.client(), src, region)).toEqual(["a", "manual"]);
		expect(
			summary(writes(cos.since(mark))).filter((w) => w === "PUT replication"),
		).toHaveLength(3);
	});

	it("a delete whose rule another writer puts back is caught by the read-back, and the delete is written again", async () => {
		const { src, dst } = await buckets();
		const created = await runtime.create(
			await checked(ruleInputs(src, dst, "a")),
		);
		// The other writer read the document before our delete (rule "a" in it) and writes after it.
		const theirs = [
			{
				ID: "a",
				Status: "Enabled",
				Prefix: "a/",
				Destination: { Bucket: `qcs::cos:${dstRegion}::${dst}` },
			},
			outOfBand(dst),
		];
		const mark = cos.mark();
		const deleted = runtime.delete(created.id, created.outs);
		while (
			!summary(cos.since(mark)).some(
				(w) => w === "PUT replication" || w === "DELETE replication",
			)
		)
			await new Promise((r) => setTimeout(r, 5));
		await putReplicationRaw(cos.client(), src, region, theirs);
		await deleted;
		expect(await ruleIds(cos.client(), src, region)).toEqual(["manual"]);
	});

	it("fails loudly, naming the bucket and rules, when another writer keeps winning", async () => {
		const { src, dst } = await buckets();
		const saved = process.env.BUCKET_REPLICATION_COS_WRITE_ATTEMPTS;
		process.env.BUCKET_REPLICATION_COS_WRITE_ATTEMPTS = "2";
		let stop = false;
		const mark = cos.mark();
		// A stubborn writer that puts its own document back after every PUT of ours.
		const stubborn = (async () => {
			let seen = 0;
			while (!stop) {
				const puts = summary(cos.since(mark)).filter(
					(w) => w === "PUT replication",
				).length;
				if (puts > seen) {
					seen = puts + 1;
					await putReplicationRaw(cos.client(), src, region, [outOfBand(dst)]);
				}
				await new Promise((r) => setTimeout(r, 2));
			}
		})();
		try {
			const error = await failureOf(
				runtime.create(await checked(ruleInputs(src, dst, "a"))),
			);
			expect(error.message).toContain(`COS bucket "${src}" rule "a"`);
			expect(error.message).toContain('rules "manual"');
			expect(error.message).toContain("another writer");
			expect(error.message).toContain("one stack only");
		} finally {
			stop = true;
			await stubborn;
			if (saved === undefined)
				delete process.env.BUCKET_REPLICATION_COS_WRITE_ATTEMPTS;
			else process.env.BUCKET_REPLICATION_COS_WRITE_ATTEMPTS = saved;
		}
	});

	it("rules of one bucket changed at once share reads and writes, and each reports its own outcome", async () => {
		const { src, dst } = await buckets();
		const ids = Array.from({ length: 10 }, (_, i) => `r${i}`);
		const mark = cos.mark();
		const results = await Promise.allSettled([
			...ids.map(async (id) =>
				runtime.create(await checked(ruleInputs(src, dst, id))),
			),
			// Overlaps r0's prefix: refused alone, the others are written.
			checked(ruleInputs(src, dst, "bad", { prefix: "r0/x" })).then(
				runtime.create,
			),
		]);
		expect(results.slice(0, 10).every((r) => r.status === "fulfilled")).toBe(
			true,
		);
		expect(results[10].status).toBe("rejected");
		expect(await ruleIds(cos.client(), src, region)).toEqual(ids);
		const sent = summary(cos.since(mark));
		// Versioning of each bucket once; far fewer than 10 PUTs (the engine's calls arrive together).
		expect(sent.filter((r) => r === "GET versioning")).toHaveLength(2);
		expect(sent.filter((r) => r === "PUT replication").length).toBeLessThan(5);
	});

	/** The replication requests sent while `run` runs, once `first` has sent its PUT. */
	async function afterFirstPut(
		first: () => Promise<unknown>,
		then: () => Promise<unknown>,
	): Promise<string[]> {
		// A settle time far longer than it takes the second call to arrive, so it starts while the first
		// write settles.
		process.env.BUCKET_REPLICATION_COS_SETTLE_MS = "2000";
		try {
			const mark = cos.mark();
			const running = first();
			while (!summary(cos.since(mark)).includes("PUT replication"))
				await new Promise((resolve) => setTimeout(resolve, 5));
			await Promise.all([running, then()]);
			return summary(cos.since(mark)).filter((r) => r.endsWith(" replication"));
		} finally {
			delete process.env.BUCKET_REPLICATION_COS_SETTLE_MS;
		}
	}

	it("a rule written while the bucket's last write settles is written on top of it at once; one read-back serves both", async () => {
		const { src, dst } = await buckets();
		const a = await checked(ruleInputs(src, dst, "a"));
		const b = await checked(ruleInputs(src, dst, "b"));
		expect(
			await afterFirstPut(
				() => runtime.create(a),
				() => runtime.create(b),
			),
		).toEqual([
			"GET replication",
			"PUT replication", // a
			"PUT replication", // b, on top of a's document
			"GET replication", // the read-back of both
		]);
		expect(await ruleIds(cos.client(), src, region)).toEqual(["a", "b"]);
	});

	it("a change that would undo a write still settling waits for its read-back and reads from it", async () => {
		const { src, dst } = await buckets();
		const a = await checked(ruleInputs(src, dst, "a"));
		// Another resource taking rule "a" over: it would undo a's write before a's read-back.
		const taker = await checked(
			ruleInputs(src, dst, "a", { prefix: "x/", adopt: true }),
		);
		expect(
			await afterFirstPut(
				() => runtime.create(a),
				() => runtime.create(taker),
			),
		).toEqual([
			"GET replication",
			"PUT replication", // a
			"GET replication", // a's read-back, and the taker's read
			"PUT replication",
			"GET replication", // the taker's read-back
		]);
		const { ReplicationConfiguration } = await cos
			.client()
			.getBucketReplication({ Bucket: src, Region: region });
		expect(
			(
				(ReplicationConfiguration?.Rules ?? []) as Array<{ Prefix?: string }>
			).map((r) => r.Prefix),
		).toEqual(["x/"]);
	});

	it("deleting the last rule deletes the document", async () => {
		const { src, dst } = await buckets();
		const created = await runtime.create(
			await checked(ruleInputs(src, dst, "only")),
		);
		const mark = cos.mark();
		await runtime.delete(created.id, created.outs);
		expect(summary(cos.since(mark))).toEqual([
			"GET replication",
			"DELETE replication",
			"GET replication",
		]);
		expect(await runtime.read(created.id, created.outs)).toEqual({});
	});

	it("refuses an existing rule with its id unless adopt: true, then rewrites it", async () => {
		const { src, dst } = await buckets();
		await putReplicationRaw(cos.client(), src, region, [outOfBand(dst)]);
		const inputs = ruleInputs(src, dst, "manual", { prefix: "taken-over/" });
		const mark = cos.mark();
		const error = await failureOf(runtime.create(await checked(inputs)));
		expect(error.message).toContain('rule "manual"');
		// The words the README's troubleshooting table shows for a rule that belongs to someone else.
		expect(error.message).toMatch(
			/differs.*; it may belong to another resource of this stack, to another stack, or to a tool outside Pulumi/,
		);
		expect(error.message).toContain("differs from this resource's in prefix;");
		expect(error.message).toContain("adopt: true");
		expect(writes(cos.since(mark))).toEqual([]);

		const adopted = await runtime.create(
			await checked({ ...inputs, adopt: true }),
		);
		expect((await runtime.read(adopted.id, adopted.outs)).inputs?.prefix).toBe(
			"taken-over/",
		);
	});

	it("takes an existing rule that differs only in its prefix form (<Filter><Prefix>), writing nothing", async () => {
		const { src, dst } = await buckets();
		const { Prefix, ...rest } = outOfBand(dst);
		await putReplicationRaw(cos.client(), src, region, [
			{ ...rest, Filter: { Prefix } },
		]);
		const mark = cos.mark();
		const taken = await runtime.create(
			await checked(ruleInputs(src, dst, "manual", { prefix: "manual/" })),
		);
		expect(writes(cos.since(mark))).toEqual([]);
		const read = await runtime.read(taken.id, taken.outs);
		expect(
			await runtime.diff(
				taken.id,
				read.props ?? {},
				await checked(ruleInputs(src, dst, "manual", { prefix: "manual/" })),
			),
		).toEqual({ changes: false });
	});

	it("never overwrites the bucket's role", async () => {
		const { src, dst } = await buckets();
		await putReplicationRaw(
			cos.client(),
			src,
			region,
			[outOfBand(dst)],
			"qcs::cam::uin/1:uin/2",
		);
		const mark = cos.mark();
		const error = await failureOf(
			runtime.create(await checked(ruleInputs(src, dst, "a"))),
		);
		// The wording docs/cos.md "Troubleshooting" quotes.
		expect(error.message).toContain(
			`the bucket's replication role is "qcs::cam::uin/1:uin/2"`,
		);
		expect(error.message).toContain('"manual"');
		// adopt: true takes a rule over, never the bucket's role (docs/cos.md, Adoption).
		const adopting = await failureOf(
			runtime.create(
				await checked(ruleInputs(src, dst, "manual", { adopt: true })),
			),
		);
		expect(adopting.message).toContain(
			`the bucket's replication role is "qcs::cam::uin/1:uin/2"`,
		);
		expect(writes(cos.since(mark))).toEqual([]);
	});

	it("a rule that overlaps another rule's prefix fails naming that rule, before writing", async () => {
		const { src, dst } = await buckets();
		await putReplicationRaw(cos.client(), src, region, [outOfBand(dst)]);
		const mark = cos.mark();
		const error = await failureOf(
			runtime.create(
				await checked(ruleInputs(src, dst, "x", { prefix: "manual/sub/" })),
			),
		);
		expect(error.message).toContain('"manual"');
		expect(error.message).toContain("overlapping");
		expect(writes(cos.since(mark))).toEqual([]);
	});

	it("a rule to another destination bucket than the bucket's other rules fails naming them, before writing", async () => {
		const { src, dst } = await buckets();
		const other = cos.bucket(`rother${n}`);
		await makeBucket(cos.client(), other, dstRegion);
		await putReplicationRaw(cos.client(), src, region, [outOfBand(dst)]);
		const mark = cos.mark();
		const error = await failureOf(
			runtime.create(await checked(ruleInputs(src, other, "x"))),
		);
		expect(error.message).toContain(
			'does not fit beside the bucket\'s other rules ("manual")',
		);
		expect(error.message).toContain("the same destination bucket");
		expect(error.message).toContain(
			"Change this rule's prefix, priority or destination",
		);
		expect(writes(cos.since(mark))).toEqual([]);
	});

	it("a destination of another account (its APPID) fails naming the destination and the permission, before writing", async () => {
		const { src } = await buckets();
		const mark = cos.mark();
		const error = await failureOf(
			runtime.create(await checked(ruleInputs(src, "theirs-1259999999", "x"))),
		);
		expect(error.message).toMatch(
			/the destination bucket "theirs-1259999999" refused GET Bucket versioning to these keys \(COS code AccessDenied, request id \S+\)/,
		);
		expect(error.message).toContain("cos:GetBucketVersioning");
		expect(writes(cos.since(mark))).toEqual([]);
	});

	it("refresh keeps the user's order of filter tags; other tags read as COS lists them", async () => {
		const { src, dst } = await buckets();
		const tags = [
			{ key: "team", value: "data" },
			{ key: "env", value: "prod" },
		];
		const inputs = await checked(
			ruleInputs(src, dst, "t", {
				prefix: undefined,
				filter: { prefix: "t/", tags },
			}),
		);
		const created = await runtime.create(inputs);
		expect(created.outs.filter).toEqual({ and: { prefix: "t/", tags } });
		const read = await runtime.read(created.id, created.outs);
		expect(read.inputs?.filter).toEqual({ and: { prefix: "t/", tags } });
		expect(await runtime.diff(created.id, read.props ?? {}, inputs)).toEqual({
			changes: false,
		});
		// Stored tags that differ (an out-of-band change): COS's order.
		const other = await runtime.read(created.id, {
			...created.outs,
			filter: { and: { prefix: "t/", tags: [tags[0]] } },
		});
		expect(other.inputs?.filter).toEqual({
			and: { prefix: "t/", tags: [tags[1], tags[0]] },
		});
	});

	it("refresh: drift shows and is repaired; a rule deleted out of band is gone", async () => {
		const { src, dst } = await buckets();
		const inputs = await checked(ruleInputs(src, dst, "a"));
		const created = await runtime.create(inputs);
		await putReplicationRaw(cos.client(), src, region, [
			{
				ID: "a",
				Status: "Disabled",
				Prefix: "a/",
				Destination: { Bucket: `qcs::cos:${dstRegion}::${dst}` },
			},
		]);
		const read = await runtime.read(created.id, created.outs);
		expect(read.inputs?.status).toBe("Disabled");
		expect(await runtime.diff(created.id, read.props ?? {}, inputs)).toEqual({
			changes: true,
		});
		await runtime.update(created.id, read.props ?? {}, inputs);
		expect((await runtime.read(created.id, created.outs)).inputs?.status).toBe(
			"Enabled",
		);

		await cos.client().deleteBucketReplication({ Bucket: src, Region: region });
		expect(await runtime.read(created.id, created.outs)).toEqual({});
	});

	it("docs/cos.md: refresh then update repair a role changed outside Pulumi on the bucket's only rule; beside other rules a different role fails, writing nothing", async () => {
		const { src, dst } = await buckets();
		const inputs = await checked(ruleInputs(src, dst, "a"));
		const created = await runtime.create(inputs);
		const ruleA = {
			ID: "a",
			Status: "Enabled",
			Prefix: "a/",
			Destination: { Bucket: `qcs::cos:${dstRegion}::${dst}` },
		};
		const other = "qcs::cam::uin/1:uin/2";
		const roleOnCos = async () =>
			(await cos.client().getBucketReplication({ Bucket: src, Region: region }))
				.ReplicationConfiguration?.Role;

		// The only rule: refresh shows the role, the diff is an update, the update writes the role back.
		await putReplicationRaw(cos.client(), src, region, [ruleA], other);
		const read = await runtime.read(created.id, created.outs);
		expect(read.inputs?.role).toBe(other);
		const diff = await runtime.diff(created.id, read.props ?? {}, inputs);
		expect(diff.changes).toBe(true);
		expect(diff.replaces ?? []).toEqual([]);
		await runtime.update(created.id, read.props ?? {}, inputs);
		expect(await roleOnCos()).toBe(role);

		// Beside a rule made elsewhere: the bucket's role is never overwritten.
		await putReplicationRaw(
			cos.client(),
			src,
			region,
			[ruleA, outOfBand(dst)],
			other,
		);
		const stale = await runtime.read(created.id, created.outs);
		const mark = cos.mark();
		const error = await failureOf(
			runtime.update(created.id, stale.props ?? {}, inputs),
		);
		expect(error.message).toContain(
			`the bucket's replication role is "${other}"`,
		);
		expect(writes(cos.since(mark))).toEqual([]);
		expect(await roleOnCos()).toBe(other);
	});
});
