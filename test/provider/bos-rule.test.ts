import type { BosReplicationRule } from "@baiducloud/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../provider";
import type { Props } from "../../provider/core/types";
import {
	getRule,
	progressOf,
	putRule,
	type RuleBody,
	startBos,
	useBosForProvider,
} from "../emulator/bos-helpers";
import { checked, failureOf } from "../support/runtime";

let bos: Awaited<ReturnType<typeof startBos>>;

const reuseVar = "BUCKET_REPLICATION_BOS_LIST_REUSE_MS";
const savedReuse = process.env[reuseVar];

beforeAll(async () => {
	bos = await startBos();
	useBosForProvider(bos);
	// A batch reuses the bucket's last LIST only when it was queued behind the batch that made it, so
	// that the requests counted here do not depend on how fast the machine is (the time window has
	// its own test).
	process.env[reuseVar] = "0";
});
afterAll(async () => {
	if (savedReuse === undefined) delete process.env[reuseVar];
	else process.env[reuseVar] = savedReuse;
	await bos?.close();
});

/** The requests `fn` sends, as "METHOD query" lines (bucket omitted). */
async function requestsOf(fn: () => Promise<unknown>): Promise<string[]> {
	const start = bos.server.requests.length;
	await fn();
	return bos.server.requests
		.slice(start)
		.map((r) => `${r.method} ${decodeURIComponent(r.rawQuery)}`);
}

const writes = (requests: string[]) =>
	requests.filter((r) => !r.startsWith("GET") && !r.startsWith("HEAD"));

let n = 0;
async function buckets() {
	n++;
	const src = `src-${n}-bucket`;
	const dst = `dst-${n}-bucket`;
	await bos.client.createBucket(src);
	await bos.client.createBucket(dst);
	return { src, dst };
}

const ruleInputs = (
	src: string,
	dst: string,
	ruleId: string,
	extra: Props = {},
): Props => ({
	__resource: "BosBucketReplicationRule",
	region: "bj",
	bucket: src,
	ruleId,
	resource: [`${src}/${ruleId}/*`],
	destination: { bucket: dst },
	...extra,
});

const rule = async (src: string, id: string): Promise<BosReplicationRule> =>
	(await getRule(bos.client, src, id)).body;

describe("bos.BucketReplicationRule against the BOS emulator", () => {
	it("creates every field (exclusions and destination prefix survive), reads it back, deletes only itself", async () => {
		const { src, dst } = await buckets();
		const inputs = await checked(
			ruleInputs(src, dst, "full", {
				resource: [`${src}/logs/*`, `${src}/img*`],
				notIncludeResource: [
					`${src}/logs/tmp*`,
					`${src}/*.jpeg`,
					`${src}/*test*`,
				],
				destination: {
					bucket: dst,
					storageClass: "standard_ia",
					prefix: "copy/",
				},
				replicateHistory: { storageClass: "COLD" },
				replicateDeletes: "enabled",
			}),
		);
		let created: Awaited<ReturnType<typeof runtime.create>> | undefined;
		const sent = await requestsOf(async () => {
			created = await runtime.create(inputs);
		});
		expect(sent).toEqual([
			"GET replication=&list=",
			"PUT replication=&id=full",
			"GET replication=&list=",
			"GET replicationProgress=&id=full",
		]);
		if (!created) throw new Error("no result");
		expect(created.id).toBe(`${src}/full`);
		const onBos = await rule(src, "full");
		expect(onBos).toMatchObject({
			id: "full",
			status: "enabled",
			notIncludeResource: [
				`${src}/*.jpeg`,
				`${src}/*test*`,
				`${src}/logs/tmp*`,
			],
			destination: {
				bucket: dst,
				storageClass: "STANDARD_IA",
				prefix: "copy/",
			},
			replicateHistory: { storageClass: "COLD" },
			replicateDeletes: "enabled",
		});
		expect(created.outs).toMatchObject({
			__resource: "BosBucketReplicationRule",
			schemaVersion: 1,
			ruleId: "full",
			createTime: onBos.createTime,
			destRegion: "bj",
			replicationRestarts: 0,
			progress: { status: "enabled" },
		});
		expect(created.outs.live).toBeUndefined();

		// Another rule on the bucket, written out of band, must survive our delete.
		await putRule(bos.client, src, {
			id: "manual",
			status: "enabled",
			resource: [`${src}/manual/*`],
			destination: { bucket: dst },
			replicateDeletes: "disabled",
		});
		const read = await runtime.read(created.id, created.outs);
		expect(read.props?.live).toEqual({
			status: "enabled",
			resource: [`${src}/img*`, `${src}/logs/*`],
			notIncludeResource: [
				`${src}/*.jpeg`,
				`${src}/*test*`,
				`${src}/logs/tmp*`,
			],
			destination: {
				bucket: dst,
				storageClass: "STANDARD_IA",
				prefix: "copy/",
			},
			replicateHistory: { storageClass: "COLD" },
			replicateDeletes: "enabled",
		});
		// After a refresh with no drift, the diff is empty.
		expect(await runtime.diff(created.id, read.props ?? {}, inputs)).toEqual({
			changes: false,
		});

		const deleted = await requestsOf(() =>
			runtime.delete(created?.id ?? "", created?.outs ?? {}),
		);
		expect(deleted).toEqual(["DELETE replication=&id=full"]);
		const { body } = await bos.client.listBucketReplication(src);
		expect(body.rules.map((r) => r.id)).toEqual(["manual"]);
		// Already gone: delete is a no-op, read says gone.
		await runtime.delete(created.id, created.outs);
		expect(await runtime.read(created.id, created.outs)).toEqual({});
	});

	it("destRegion is the region the destination bucket was declared in, through an IP endpoint", async () => {
		// bos.Bucket in gz: the requests to the emulator's IP carry `Host: gz.bcebos.com`, as BOS is reached.
		n++;
		const src = `src-${n}-bucket`;
		const dst = `dst-${n}-bucket`;
		for (const [bucket, region] of [
			[src, "bj"],
			[dst, "gz"],
		])
			await runtime.create(
				await checked({ __resource: "BosBucket", region, bucket }),
			);
		const created = await runtime.create(
			await checked(ruleInputs(src, dst, "to-gz")),
		);
		expect(created.outs.destRegion).toBe("gz");
		expect((await rule(src, "to-gz")).destRegion).toBe("gz");
		const read = await runtime.read(created.id, created.outs);
		expect(read.props?.destRegion).toBe("gz");
		await runtime.delete(created.id, created.outs);
	});

	it("updates in place only when the configuration changed, and counts restarts in check", async () => {
		const { src, dst } = await buckets();
		const v1 = await checked(
			ruleInputs(src, dst, "upd", { replicateHistory: {} }),
		);
		const created = await runtime.create(v1);

		const v2 = await checked(
			ruleInputs(src, dst, "upd", {
				replicateHistory: {},
				destination: { bucket: dst, storageClass: "COLD" },
			}),
			v1,
		);
		expect(v2.replicationRestarts).toBe(1);
		expect(await runtime.diff(created.id, created.outs, v2)).toEqual({
			changes: undefined,
		});
		let outs: Props = {};
		const sent = await requestsOf(async () => {
			({ outs } = await runtime.update(created.id, created.outs, v2));
		});
		expect(writes(sent)).toEqual(["PUT replication=&id=upd"]);
		expect(sent).toHaveLength(4);
		expect((await rule(src, "upd")).destination.storageClass).toBe("COLD");
		expect(outs).toMatchObject({
			replicationRestarts: 1,
			createTime: created.outs.createTime,
		});

		// Nothing changed: check gives the same inputs, diff says no change, so nothing is sent.
		const same = await checked(
			ruleInputs(src, dst, "upd", {
				replicateHistory: {},
				destination: { bucket: dst, storageClass: "COLD" },
			}),
			v2,
		);
		expect(same).toEqual(v2);
		expect(await runtime.diff(created.id, outs, same)).toEqual({
			changes: false,
		});

		// An update whose configuration BOS already has writes nothing (no restart).
		const noWrite = await requestsOf(() =>
			runtime.update(created.id, outs, v2),
		);
		// docs/bos.md "Requests per operation": no PUT and no read-back, so LIST and GET progress only.
		expect(noWrite).toEqual([
			"GET replication=&list=",
			"GET replicationProgress=&id=upd",
		]);
		await runtime.delete(created.id, outs);
	});

	it("keeps the user's order of resource and notIncludeResource in outputs and through read", async () => {
		const { src, dst } = await buckets();
		const resource = [`${src}/z/*`, `${src}/a`, `${src}/m*`];
		const notIncludeResource = [`${src}/z/tmp*`, `${src}/m/tmp*`];
		const inputs = await checked(
			ruleInputs(src, dst, "order", { resource, notIncludeResource }),
		);
		const created = await runtime.create(inputs);
		expect(created.outs.resource).toEqual(resource);
		expect(created.outs.notIncludeResource).toEqual(notIncludeResource);
		const read = await runtime.read(created.id, created.outs);
		// The refreshed inputs and outputs: the user's order, though BOS lists them sorted.
		expect(read.inputs?.resource).toEqual(resource);
		expect(read.inputs?.notIncludeResource).toEqual(notIncludeResource);
		expect(read.props?.resource).toEqual(resource);
		expect(await runtime.diff(created.id, read.props ?? {}, inputs)).toEqual({
			changes: false,
		});
		// An update keeps the new inputs' order too.
		const appended = await checked(
			ruleInputs(src, dst, "order", {
				resource: [...resource, `${src}/b`],
				notIncludeResource,
			}),
			read.inputs,
		);
		const updated = await runtime.update(
			created.id,
			read.props ?? {},
			appended,
		);
		expect(updated.outs?.resource).toEqual([...resource, `${src}/b`]);
		// Entries changed out of band: read returns them as BOS lists them.
		await putRule(bos.client, src, {
			id: "order",
			status: "enabled",
			resource: [`${src}/y`, `${src}/c`],
			destination: { bucket: dst },
			replicateDeletes: "disabled",
		});
		const drifted = await runtime.read(created.id, updated.outs ?? {});
		expect(drifted.inputs?.resource).toEqual([`${src}/c`, `${src}/y`]);
		expect(drifted.inputs?.notIncludeResource).toEqual([]);
	});

	it("shows drift found by read in the next diff, and the update writes the program back", async () => {
		const { src, dst } = await buckets();
		const program = ruleInputs(src, dst, "drift");
		const created = await runtime.create(await checked(program));
		await putRule(bos.client, src, {
			id: "drift",
			status: "enabled",
			resource: [`${src}/drift/*`],
			destination: { bucket: dst, storageClass: "COLD" },
			replicateDeletes: "disabled",
		});
		const read = await runtime.read(created.id, created.outs);
		expect(read.inputs?.destination).toEqual({
			bucket: dst,
			storageClass: "COLD",
		});
		// The engine then checks the program against the refreshed inputs.
		const news = await checked(program, read.inputs);
		expect(news.replicationRestarts).toBe(1);
		expect(await runtime.diff(created.id, read.props ?? {}, news)).toEqual({
			changes: undefined,
		});
		await runtime.update(created.id, read.props ?? {}, news);
		expect((await rule(src, "drift")).destination).toEqual({ bucket: dst });
	});

	it("disables an enabled rule by delete then create; an update never tries it", async () => {
		const { src, dst } = await buckets();
		const enabled = await checked(ruleInputs(src, dst, "dis"));
		const created = await runtime.create(enabled);
		const disabled = await checked(
			ruleInputs(src, dst, "dis", { status: "disabled" }),
			enabled,
		);
		expect(await runtime.diff(created.id, created.outs, disabled)).toEqual({
			changes: undefined,
			replaces: ["status"],
			deleteBeforeReplace: true,
		});
		const refused = await failureOf(
			runtime.update(created.id, created.outs, disabled),
		);
		expect(refused.message).toMatch(
			/BOS bucket "src-\d+-bucket" rule "dis": the rule is enabled on BOS.*pulumi refresh/,
		);

		const sent = await requestsOf(async () => {
			await runtime.delete(created.id, created.outs);
			await runtime.create(disabled);
		});
		expect(sent).toEqual([
			"DELETE replication=&id=dis",
			"GET replication=&list=",
			"PUT replication=&id=dis",
			"GET replication=&list=",
			"GET replicationProgress=&id=dis",
		]);
		expect((await rule(src, "dis")).status).toBe("disabled");
	});

	it("refuses a rule identical to another one but for its id, naming that rule, before writing", async () => {
		const { src, dst } = await buckets();
		const first = await checked(
			ruleInputs(src, dst, "first", { resource: [`${src}/*`] }),
		);
		await runtime.create(first);
		const twin = await checked(
			ruleInputs(src, dst, "twin", { resource: [`${src}/*`] }),
		);
		let error: Error | undefined;
		const sent = await requestsOf(async () => {
			error = await failureOf(runtime.create(twin));
		});
		expect(error?.message).toMatch(
			/rule "twin": BOS refuses this rule: it is identical to rule "first"/,
		);
		expect(writes(sent)).toEqual([]);
	});

	it("takes an identical rule as its own earlier write, and says what differs otherwise", async () => {
		const { src, dst } = await buckets();
		const existing: RuleBody = {
			id: "old",
			status: "enabled",
			resource: [`${src}/old/*`],
			destination: { bucket: dst },
			replicateDeletes: "disabled",
		};
		await putRule(bos.client, src, existing);
		await bos.service.idle();

		const different = await checked(
			ruleInputs(src, dst, "old", { replicateDeletes: "enabled", adopt: true }),
		);
		let differs: Error | undefined;
		const refused = await requestsOf(async () => {
			differs = await failureOf(runtime.create(different));
		});
		// docs/discover.md: a rule that changed since discover fails the up, and nothing is written.
		expect(writes(refused)).toEqual([]);
		expect(differs?.message).toMatch(
			/rule "old": a rule with this id already exists and differs: on BOS replicateDeletes "disabled"; it may belong to another resource of this stack, to another stack, or to a tool outside Pulumi\. If another resource declares the same ruleId, give one of them another ruleId/,
		);

		// Identical: no write, so BOS does not restart its replication.
		const progressBefore = await progressOf(bos.client, src, "old");
		const adopting = await checked(ruleInputs(src, dst, "old"));
		let adopted: Awaited<ReturnType<typeof runtime.create>> | undefined;
		const sent = await requestsOf(async () => {
			adopted = await runtime.create(adopting);
		});
		expect(sent).toEqual([
			"GET replication=&list=",
			"GET replicationProgress=&id=old",
		]);
		expect(adopted?.id).toBe(`${src}/old`);
		expect(await progressOf(bos.client, src, "old")).toEqual(progressBefore);
	});

	it("creates of one bucket at the same time share their LISTs, and each is still checked against the writes before it", async () => {
		const { src, dst } = await buckets();
		// Eleven rules, all identical but for their id except the first two: BOS allows 10 per bucket
		// and refuses twins, so exactly one create must fail, on the twin.
		const inputs = await Promise.all(
			Array.from({ length: 11 }, (_, i) =>
				checked(
					ruleInputs(src, dst, `b${i}`, {
						resource: [`${src}/${i === 1 ? 0 : i}/*`],
					}),
				),
			),
		);
		let results: PromiseSettledResult<
			Awaited<ReturnType<typeof runtime.create>>
		>[] = [];
		const sent = await requestsOf(async () => {
			results = await Promise.allSettled(inputs.map((i) => runtime.create(i)));
		});
		const failed = results.flatMap((r) =>
			r.status === "rejected" ? [(r.reason as Error).message] : [],
		);
		expect(failed).toHaveLength(1);
		expect(failed[0]).toMatch(
			/rule "b1": BOS refuses this rule: it is identical to rule "b0"/,
		);
		const count = (prefix: string) =>
			sent.filter((r) => r.startsWith(prefix)).length;
		expect(count("PUT replication=&id=")).toBe(10);
		expect(count("GET replicationProgress=")).toBe(10);
		expect(count("GET replication=&id=")).toBe(0);
		// One LIST before the first batch, one read-back per batch; the engine's creates (and these)
		// arrive together, so at most two batches.
		expect(count("GET replication=&list=")).toBeLessThanOrEqual(3);
		expect(sent).toHaveLength(count("GET replication=&list=") + 20);

		const body = (await bos.client.listBucketReplication(src)).body;
		for (const r of results)
			if (r.status === "fulfilled") {
				const onBos = body.rules.find((b) => `${src}/${b.id}` === r.value.id);
				expect(r.value.outs).toMatchObject({
					createTime: onBos?.createTime,
					destRegion: "bj",
					progress: { status: "enabled" },
				});
			}

		// A create after the burst lists again (another tool may have written since): the bucket is
		// full, so it is refused before writing.
		const late = await checked(ruleInputs(src, dst, "late"));
		const refused = await requestsOf(async () => {
			await failureOf(runtime.create(late));
		});
		expect(refused).toEqual(["GET replication=&list="]);
	});

	it("reuses the bucket's last LIST within bosListReuseMs, unless a read or a delete ran since", async () => {
		const { src, dst } = await buckets();
		process.env[reuseVar] = "600000";
		try {
			const a = await runtime.create(await checked(ruleInputs(src, dst, "a")));
			const second = await requestsOf(async () => {
				await runtime.create(await checked(ruleInputs(src, dst, "b")));
			});
			expect(second).toEqual([
				"PUT replication=&id=b",
				"GET replication=&list=",
				"GET replicationProgress=&id=b",
			]);

			// Drift read by a refresh (`up --refresh` reads, then updates in the same process): the next
			// write lists again, so it sees the drift.
			await putRule(bos.client, src, {
				id: "a",
				status: "enabled",
				resource: [`${src}/a/*`],
				destination: { bucket: dst, storageClass: "COLD" },
				replicateDeletes: "disabled",
			});
			await runtime.read(a.id, a.outs);
			const afterRead = await requestsOf(() =>
				runtime.update(a.id, a.outs, a.outs),
			);
			expect(writes(afterRead)).toEqual(["PUT replication=&id=a"]);
			expect(afterRead[0]).toBe("GET replication=&list=");
			expect((await rule(src, "a")).destination.storageClass).not.toBe("COLD");

			// A replacement deletes the rule, then creates it again: the create lists after the delete.
			const replaced = await requestsOf(async () => {
				await runtime.delete(a.id, a.outs);
				await runtime.create(a.outs);
			});
			expect(replaced).toEqual([
				"DELETE replication=&id=a",
				"GET replication=&list=",
				"PUT replication=&id=a",
				"GET replication=&list=",
				"GET replicationProgress=&id=a",
			]);
		} finally {
			process.env[reuseVar] = "0";
		}
	});

	it("refuses an 11th rule before writing", async () => {
		const { src, dst } = await buckets();
		for (let i = 0; i < 10; i++) {
			await putRule(bos.client, src, {
				id: `r${i}`,
				status: "enabled",
				resource: [`${src}/r${i}/*`],
				destination: { bucket: dst },
				replicateDeletes: "disabled",
			});
		}
		const eleventh = await checked(ruleInputs(src, dst, "r10"));
		let error: Error | undefined;
		const sent = await requestsOf(async () => {
			error = await failureOf(runtime.create(eleventh));
		});
		expect(error?.message).toMatch(
			/already has 10 replication rules .*BOS allows 10\. Delete a rule first/,
		);
		expect(writes(sent)).toEqual([]);
	});

	it("a rule that takes the bucket's rules past 200 KB fails with the vendor code and the fix (seed 003)", async () => {
		const { src, dst } = await buckets();
		await putRule(bos.client, src, {
			id: "big",
			status: "enabled",
			resource: [`${src}/*`],
			destination: { bucket: dst, prefix: "a".repeat(110_000) },
			replicateDeletes: "disabled",
		});
		const inputs = await checked({
			...ruleInputs(src, dst, "big2"),
			destination: { bucket: dst, prefix: "b".repeat(110_000) },
		});
		const error = await failureOf(runtime.create(inputs));
		expect(error.message).toMatch(
			/BOS code EntityTooLarge, request id [\w-]+\)\. BOS allows 128 KB per rule and 200 KB for all the rules of a bucket together/,
		);
	});

	it("a multi-AZ storage class toward a single-AZ bucket fails with the vendor code and the fix (seed 003)", async () => {
		const { src, dst } = await buckets();
		const inputs = await checked(
			ruleInputs(src, dst, "maz", {
				destination: { bucket: dst, storageClass: "MAZ_STANDARD" },
			}),
		);
		const error = await failureOf(runtime.create(inputs));
		expect(error.message).toMatch(
			/BOS code InappropriateJSON, request id [\w-]+\)\. A MAZ_\* storage class needs a multi-AZ destination bucket/,
		);
	});

	it("turns BOS errors into messages with the code and request id, never an `id` or a secret", async () => {
		const inputs = await checked(
			ruleInputs("missing-bucket", "dst-x-bucket", "r1"),
		);
		const error = await failureOf(runtime.create(inputs));
		expect(error.message).toMatch(
			/^BOS bucket "missing-bucket" rule "r1": the source bucket "missing-bucket" does not exist in \w+ \(ListBucketReplication: BOS code NoSuchBucket, request id [\w-]+\)\. Create it first/,
		);
		expect(error).not.toHaveProperty("id");

		const secret = process.env.BAIDUCLOUD_SECRET_KEY;
		process.env.BAIDUCLOUD_SECRET_KEY = `${secret}-wrong`;
		try {
			const denied = await failureOf(runtime.create(inputs));
			expect(denied.message).toMatch(
				/SignatureDoesNotMatch.*Check baiducloud:accessKey/,
			);
			expect(denied.message).not.toContain(String(secret));
		} finally {
			process.env.BAIDUCLOUD_SECRET_KEY = secret;
		}
	});

	it("reads a rule deleted out of band as gone, and throws (not gone) on auth errors", async () => {
		const { src, dst } = await buckets();
		const created = await runtime.create(
			await checked(ruleInputs(src, dst, "oob")),
		);
		// docs/bos.md "Requests per operation": a refresh is a GET and a GET progress.
		const read = await requestsOf(() => runtime.read(created.id, created.outs));
		expect(read).toEqual([
			"GET replication=&id=oob",
			"GET replicationProgress=&id=oob",
		]);
		const key = process.env.BAIDUCLOUD_ACCESS_KEY;
		process.env.BAIDUCLOUD_ACCESS_KEY = "not-a-key";
		try {
			const error = await failureOf(runtime.read(created.id, created.outs));
			expect(error.message).toMatch(/InvalidAccessKeyId/);
		} finally {
			process.env.BAIDUCLOUD_ACCESS_KEY = key;
		}
		await bos.client.sendRequest("DELETE", {
			bucketName: src,
			params: { replication: "", id: "oob" },
		});
		// docs/bos.md "Requests per operation": a refresh of a rule gone is 1 request.
		const gone = await requestsOf(async () => {
			expect(await runtime.read(created.id, created.outs)).toEqual({});
		});
		expect(gone).toHaveLength(1);
	});

	it("asks for credentials when there are none", async () => {
		const inputs = await checked(ruleInputs("a-bucket", "b-bucket", "r1"));
		const saved = process.env.BAIDUCLOUD_ACCESS_KEY;
		delete process.env.BAIDUCLOUD_ACCESS_KEY;
		try {
			const error = await failureOf(runtime.create(inputs));
			expect(error.message).toMatch(
				/no credentials\. Run `pulumi config set baiducloud:accessKey/,
			);
		} finally {
			process.env.BAIDUCLOUD_ACCESS_KEY = saved;
		}
	});
});
