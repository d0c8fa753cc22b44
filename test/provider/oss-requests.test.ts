/**
 * docs/oss.md "Requests per operation", cell by cell: each row of `cells` names a cell of that table,
 * what the cell says of the case, and the requests the emulator answers for it, in order. A no-op `up`
 * is the engine's check and diff; `refresh` is `read`; a replacement is the engine's delete and create, in
 * the order the diff asks, in a new run (the provider process of the `up` that replaces has read no bucket
 * yet).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../provider";
import type { Props } from "../../provider/core/types";
import { forgetBucketInfo } from "../../provider/oss/bucketInfo";
import { type OssEmulator, startOssEmulator, summary } from "../support/oss";
import {
	expectRequests,
	itProvesEachCell,
	type RequestsCell,
} from "../support/requests";
import {
	checked,
	created,
	failureOf,
	noOp,
	useForProvider,
} from "../support/runtime";

const src = "oss-cn-hangzhou";
const dstRegion = "oss-cn-beijing";
let oss: OssEmulator;

beforeAll(async () => {
	// A new rule stays `starting` until the test flushes the emulator; a deleted one is gone at once, so
	// that a delete polls exactly once.
	oss = await startOssEmulator({
		startingDelayMs: 3_600_000,
		closingDelayMs: 0,
	});
	useForProvider(oss.env);
});
afterAll(async () => oss?.close());

const bucketInputs = (
	bucket: string,
	region = src,
	versioning?: string,
): Props => ({
	__resource: "OssBucket",
	bucket,
	region,
	versioning,
});

/** A fresh versioned bucket, through the provider (as a program's `oss.Bucket`). */
async function bucket(prefix: string, region: string): Promise<string> {
	const name = oss.name(prefix);
	await runtime.create(await checked(bucketInputs(name, region, "Enabled")));
	return name;
}

async function pair() {
	return {
		source: await bucket("src", src),
		target: await bucket("dst", dstRegion),
	};
}

const ruleInputs = (
	source: string,
	target: string,
	extra: Props = {},
): Props => ({
	__resource: "OssBucketReplicationRule",
	bucket: source,
	region: src,
	ruleId: "r1",
	prefixes: ["logs/"],
	destination: { bucket: target, location: dstRegion },
	...extra,
});

/** A rule from a fresh pair of buckets. */
async function rule(extra: Props = {}) {
	const { source, target } = await pair();
	const inputs = ruleInputs(source, target, extra);
	return { source, target, inputs, ...(await created(inputs)) };
}

/**
 * The engine's replacement, in a new run: delete the old resource, then create the new one, or the other
 * way round, as the diff's `deleteBeforeReplace` says.
 */
async function replacement(
	old: { id: string; outs: Props },
	news: Props,
	buckets: Array<[string, string]>,
) {
	for (const [name, region] of buckets) forgetBucketInfo(name, region);
	const inputs = await checked(news, old.outs);
	const plan = await runtime.diff(old.id, old.outs, inputs);
	expect(plan.replaces).not.toEqual([]);
	const remove = () => runtime.delete(old.id, old.outs);
	const create = () => runtime.create(inputs);
	return async () => {
		await (plan.deleteBeforeReplace ? remove : create)();
		await (plan.deleteBeforeReplace ? create : remove)();
	};
}

type Operation =
	| "create"
	| "`up` with no change"
	| "update"
	| "replace"
	| "`refresh`"
	| "delete / `destroy`"
	| "adopt";

type Cell = RequestsCell<Operation, "rule" | "bucket">;

const getRules = "GET /?replication=";
const getInfo = "GET /?bucketInfo=";
const getLocations = "GET /?replicationLocation=";
const addRule = "POST /?replication=&comp=add";
const deleteRule = "POST /?replication=&comp=delete";

const cells: Cell[] = [
	{
		operation: "create",
		resource: "rule",
		case: "cross-region, buckets not read yet in this run",
		says: "5: GetBucketReplication, GetBucketInfo ×2",
		async arrange() {
			const { source, target } = await pair();
			return () => created(ruleInputs(source, target));
		},
		expected: [getRules, getInfo, getInfo, getLocations, addRule],
	},
	{
		operation: "create",
		resource: "rule",
		case: "same region",
		says: "(cross-region only)",
		async arrange() {
			const source = await bucket("src", src);
			const target = await bucket("dst", src);
			return () =>
				created(
					ruleInputs(source, target, {
						destination: { bucket: target, location: src },
					}),
				);
		},
		expected: [getRules, getInfo, getInfo, addRule],
	},
	{
		operation: "create",
		resource: "rule",
		case: "a second rule of the source in the same run, to another destination",
		says: "once per bucket per `up`",
		async arrange() {
			const { source } = await rule();
			const other = await bucket("dst", dstRegion);
			return () => created(ruleInputs(source, other, { ruleId: "r2" }));
		},
		expected: [getRules, getInfo, addRule],
	},
	{
		operation: "`up` with no change",
		resource: "rule",
		case: "nothing changed",
		says: "**0**",
		async arrange() {
			const { source, target } = await pair();
			return noOp(ruleInputs(source, target));
		},
		expected: [],
	},
	{
		operation: "update",
		resource: "rule",
		case: "RTC turned on",
		says: "1: PutBucketRTC",
		async arrange() {
			const { id, outs, inputs } = await rule();
			return async () =>
				runtime.update(
					id,
					outs,
					await checked({ ...inputs, rtc: "enabled" }, outs),
				);
		},
		expected: ["PUT /?rtc="],
	},
	{
		operation: "replace",
		resource: "rule",
		case: "another prefix",
		says: "delete + create",
		async arrange() {
			const old = await rule();
			return replacement(old, { ...old.inputs, prefixes: ["other/"] }, [
				[old.source, src],
				[old.target, dstRegion],
			]);
		},
		expected: [
			deleteRule,
			getRules,
			getRules,
			getInfo,
			getInfo,
			getLocations,
			addRule,
		],
	},
	{
		operation: "`refresh`",
		resource: "rule",
		case: "a rule replicating (doing)",
		says: "2: GetBucketReplication, GetBucketReplicationProgress",
		async arrange() {
			const { id, outs } = await rule();
			oss.service.flush();
			return () => runtime.read(id, outs);
		},
		expected: [getRules, "GET /?rule-id=r1&replicationProgress="],
	},
	{
		operation: "`refresh`",
		resource: "rule",
		case: "a rule still starting",
		says: "1 while `starting`",
		async arrange() {
			const { id, outs } = await rule();
			return () => runtime.read(id, outs);
		},
		expected: [getRules],
	},
	{
		operation: "`refresh`",
		resource: "rule",
		case: "a rule gone",
		says: "or gone",
		async arrange() {
			const { id, outs } = await rule();
			await runtime.delete(id, outs);
			return () => runtime.read(id, outs);
		},
		expected: [getRules],
	},
	{
		operation: "delete / `destroy`",
		resource: "rule",
		case: "gone at the first poll",
		says: "1 DeleteBucketReplication + 1 GetBucketReplication per poll",
		async arrange() {
			const { id, outs } = await rule();
			return () => runtime.delete(id, outs);
		},
		expected: [deleteRule, getRules],
	},
	{
		operation: "delete / `destroy`",
		resource: "rule",
		case: "the rule already gone, beside another rule",
		says: "already gone: 1 beside other rules (`NoSuchReplicationRule`)",
		async arrange() {
			const { id, outs, source } = await rule();
			await created(
				ruleInputs(source, await bucket("dst", dstRegion), { ruleId: "r2" }),
			);
			await runtime.delete(id, outs);
			return () => runtime.delete(id, outs);
		},
		expected: [deleteRule],
	},
	{
		operation: "delete / `destroy`",
		resource: "rule",
		case: "the rule already gone, no rule left",
		says: "2 on a bucket with no rule left (OSS answers 200)",
		async arrange() {
			const { id, outs } = await rule();
			await runtime.delete(id, outs);
			return () => runtime.delete(id, outs);
		},
		expected: [deleteRule, getRules],
	},
	{
		operation: "adopt",
		resource: "rule",
		case: "an identical rule already on the source",
		says: "1: GetBucketReplication",
		async arrange() {
			const { inputs } = await rule();
			return () => created(inputs);
		},
		expected: [getRules],
	},
	{
		operation: "create",
		resource: "bucket",
		case: "versioned",
		says: "1–2: PutBucket, PutBucketVersioning",
		arrange: async () => () =>
			created(bucketInputs(oss.name("b"), src, "Enabled")),
		expected: ["PUT /", "PUT /?versioning="],
	},
	{
		operation: "create",
		resource: "bucket",
		case: "never versioned",
		says: "1–2: PutBucket",
		arrange: async () => () => created(bucketInputs(oss.name("b"))),
		expected: ["PUT /"],
	},
	{
		operation: "`up` with no change",
		resource: "bucket",
		case: "nothing changed",
		says: "**0**",
		arrange: () => noOp(bucketInputs(oss.name("b"), src, "Enabled")),
		expected: [],
	},
	{
		operation: "update",
		resource: "bucket",
		case: "versioning Enabled to Suspended",
		says: "1: PutBucketVersioning",
		async arrange() {
			const inputs = bucketInputs(oss.name("b"), src, "Enabled");
			const { id, outs } = await created(inputs);
			return async () =>
				runtime.update(
					id,
					outs,
					await checked({ ...inputs, versioning: "Suspended" }, outs),
				);
		},
		expected: ["PUT /?versioning="],
	},
	{
		operation: "replace",
		resource: "bucket",
		case: "another name (created before the old one is deleted)",
		says: "delete + create",
		async arrange() {
			const inputs = bucketInputs(oss.name("b"), src, "Enabled");
			const old = await created(inputs);
			return replacement(old, { ...inputs, bucket: oss.name("b") }, []);
		},
		expected: ["PUT /", "PUT /?versioning=", "DELETE /"],
	},
	{
		operation: "`refresh`",
		resource: "bucket",
		case: "the bucket exists",
		says: "1: GetBucketInfo",
		async arrange() {
			const { id, outs } = await created(
				bucketInputs(oss.name("b"), src, "Enabled"),
			);
			return () => runtime.read(id, outs);
		},
		expected: [getInfo],
	},
	{
		operation: "delete / `destroy`",
		resource: "bucket",
		case: "an empty bucket",
		says: "1: DeleteBucket",
		async arrange() {
			const { id, outs } = await created(
				bucketInputs(oss.name("b"), src, "Enabled"),
			);
			return () => runtime.delete(id, outs);
		},
		expected: ["DELETE /"],
	},
];

describe('docs/oss.md "Requests per operation", counted at the emulator', () => {
	itProvesEachCell(
		"docs/oss.md",
		"Requests per operation",
		"operation",
		cells,
		async (act) => {
			const mark = oss.server.requests.length;
			await act();
			return summary(oss.since(mark));
		},
	);

	it("rules of one source created at once read each bucket's preconditions once", async () => {
		const source = await bucket("src", src);
		const targets = [
			await bucket("dst", dstRegion),
			await bucket("dst", dstRegion),
		];
		const inputs = await Promise.all(
			targets.map((target, i) =>
				checked(ruleInputs(source, target, { ruleId: `r${i}` })),
			),
		);
		const mark = oss.server.requests.length;
		await Promise.all(inputs.map((i) => runtime.create(i)));
		expect(summary(oss.since(mark)).sort()).toEqual(
			[
				getRules,
				getRules,
				getInfo,
				getInfo,
				getInfo,
				getLocations,
				addRule,
				addRule,
			].sort(),
		);
	});

	it("an oss.Bucket write in the same run makes the next rule read that bucket's preconditions again", async () => {
		const sourceInputs = bucketInputs(oss.name("src"));
		const source = await created(sourceInputs);
		const target = await bucket("dst", dstRegion);
		// Read while the source is unversioned: refused (both versioned, or neither).
		const refused = await failureOf(
			runtime.create(
				await checked(ruleInputs(sourceInputs.bucket as string, target)),
			),
		);
		expect(refused.message).toContain("the source bucket is never versioned");
		await runtime.update(
			source.id,
			source.outs,
			await checked({ ...sourceInputs, versioning: "Enabled" }, source.outs),
		);
		const inputs = await checked(
			ruleInputs(sourceInputs.bucket as string, target, { ruleId: "r2" }),
		);
		const mark = oss.server.requests.length;
		await runtime.create(inputs);
		// GetBucketInfo and GetBucketReplicationLocation of the source again; the target's is kept.
		expect(summary(oss.since(mark)).sort()).toEqual(
			[getRules, getInfo, getLocations, addRule].sort(),
		);
	});

	it("a refresh: reads of a bucket's rules in flight at once share one GetBucketReplication, then each rule in doing reads its progress", async () => {
		const source = await bucket("src", src);
		const rules = [];
		for (const [i, location] of [
			dstRegion,
			"oss-cn-shanghai",
			"oss-cn-shenzhen",
		].entries()) {
			const target = await bucket("dst", location);
			rules.push(
				await created(
					ruleInputs(source, target, {
						ruleId: `r${i}`,
						destination: { bucket: target, location },
					}),
				),
			);
		}
		oss.service.flush();
		const mark = oss.server.requests.length;
		await Promise.all(rules.map((r) => runtime.read(r.id, r.outs)));
		expectRequests(summary(oss.since(mark)), [
			getRules,
			["r0", "r1", "r2"].map(
				(id) => `GET /?rule-id=${id}&replicationProgress=`,
			),
		]);
	});
});
