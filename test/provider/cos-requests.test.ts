/**
 * docs/cos.md "HTTP requests per operation", cell by cell: each row of `cells` names a cell of that
 * table, what the cell says of the case, and the requests the emulator answers for it, in order.
 * A no-op `up` is the engine's check and diff; `refresh` is `read` (the refresh's preview, which reads
 * as much again, is counted through the CLI in test/e2e/automation.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../provider";
import type { Props } from "../../provider/core/types";
import {
	type CosEmulator,
	makeBucket,
	putReplicationRaw,
	role,
	startCosEmulator,
	summary,
} from "../support/cos";
import {
	expectRequests,
	itProvesEachCell,
	type RequestsCell,
} from "../support/requests";
import { checked, created, noOp, useForProvider } from "../support/runtime";

const region = "ap-guangzhou";
const dstRegion = "ap-beijing";
let cos: CosEmulator;

beforeAll(async () => {
	cos = await startCosEmulator();
	useForProvider(cos.env);
	// Every write waits this long for its read-back: short, so that the table runs fast (the counts
	// do not depend on it: no two cases run at once).
	process.env.BUCKET_REPLICATION_COS_SETTLE_MS = "30";
});
afterAll(async () => cos?.close());

let n = 0;
/** A fresh versioned bucket, made out of band (the provider has checked nothing of it yet). */
async function bucket(name: string, where = dstRegion): Promise<string> {
	const full = cos.bucket(`${name}${++n}`);
	await makeBucket(cos.client(), full, where);
	return full;
}

const bucketInputs = (name: string, versioning = "Enabled"): Props => ({
	__resource: "CosBucket",
	bucket: name,
	region,
	versioning,
});

const documentInputs = (src: string, dst: string, prefix = "logs/"): Props => ({
	__resource: "CosBucketReplication",
	bucket: src,
	region,
	role,
	rules: [
		{ id: "logs", prefix, destination: { bucket: dst, region: dstRegion } },
	],
});

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

/** A source and a destination bucket, and a document or rule already on the source. */
async function withRule(...ids: string[]) {
	const src = await bucket("src", region);
	const dst = await bucket("dst");
	const rules = [];
	for (const id of ids) rules.push(await created(ruleInputs(src, dst, id)));
	return { src, dst, rules };
}

type Operation = "create" | "no-op `up`" | "update" | "`refresh`" | "destroy";

type Cell = RequestsCell<
	Operation,
	"`Bucket`" | "`BucketReplication`" | "`BucketReplicationRule`"
>;

const versioningOfBoth = ["GET versioning", "GET versioning"];
const readModifyWrite = [
	"GET replication",
	"PUT replication",
	"GET replication",
];

const cells: Cell[] = [
	{
		resource: "`Bucket`",
		operation: "create",
		case: "a new bucket",
		says: "2 (PUT bucket, PUT versioning)",
		arrange: async () => () =>
			runtime.create(bucketInputs(cos.bucket(`new${++n}`))),
		expected: ["PUT", "PUT versioning"],
	},
	{
		resource: "`Bucket`",
		operation: "no-op `up`",
		case: "nothing changed",
		says: "0",
		arrange: () => noOp(bucketInputs(cos.bucket(`new${++n}`))),
		expected: [],
	},
	{
		resource: "`Bucket`",
		operation: "update",
		case: "versioning Enabled to Suspended",
		says: "1 (PUT versioning)",
		async arrange() {
			const inputs = bucketInputs(cos.bucket(`new${++n}`));
			const { id, outs } = await created(inputs);
			return async () =>
				runtime.update(
					id,
					outs,
					await checked({ ...inputs, versioning: "Suspended" }, outs),
				);
		},
		expected: ["PUT versioning"],
	},
	{
		resource: "`Bucket`",
		operation: "`refresh`",
		case: "the bucket exists",
		says: "1 (GET versioning)",
		async arrange() {
			const { id, outs } = await created(bucketInputs(cos.bucket(`new${++n}`)));
			return () => runtime.read(id, outs);
		},
		expected: ["GET versioning"],
	},
	{
		resource: "`Bucket`",
		operation: "destroy",
		case: "an empty bucket",
		says: "1",
		async arrange() {
			const { id, outs } = await created(bucketInputs(cos.bucket(`new${++n}`)));
			return () => runtime.delete(id, outs);
		},
		expected: ["DELETE"],
	},
	{
		resource: "`BucketReplication`",
		operation: "create",
		case: "a bucket without a document",
		says: "6 (GET replication, GET versioning of source and destination",
		async arrange() {
			const inputs = documentInputs(
				await bucket("src", region),
				await bucket("dst"),
			);
			return () => created(inputs);
		},
		expected: ["GET replication", versioningOfBoth, ...readModifyWrite],
	},
	{
		resource: "`BucketReplication`",
		operation: "create",
		case: "to a destination already checked in this run",
		says: "once per bucket per `up`",
		async arrange() {
			const dst = await bucket("dst");
			await created(documentInputs(await bucket("src", region), dst));
			const inputs = documentInputs(await bucket("src", region), dst);
			return () => created(inputs);
		},
		expected: ["GET replication", "GET versioning", ...readModifyWrite],
	},
	{
		resource: "`BucketReplication`",
		operation: "create",
		case: "an identical document already on the bucket",
		says: "1 when an identical document exists",
		async arrange() {
			const src = await bucket("src", region);
			const dst = await bucket("dst");
			await putReplicationRaw(cos.client(), src, region, [
				{
					ID: "logs",
					Status: "Enabled",
					Prefix: "logs/",
					Destination: { Bucket: `qcs::cos:${dstRegion}::${dst}` },
				},
			]);
			return () => created(documentInputs(src, dst));
		},
		expected: ["GET replication"],
	},
	{
		resource: "`BucketReplication`",
		operation: "no-op `up`",
		case: "nothing changed",
		says: "0",
		arrange: async () =>
			noOp(documentInputs(await bucket("src", region), await bucket("dst"))),
		expected: [],
	},
	{
		resource: "`BucketReplication`",
		operation: "update",
		case: "a rule's prefix, same destination",
		says: "3 (GET, PUT, GET read-back)",
		async arrange() {
			const src = await bucket("src", region);
			const dst = await bucket("dst");
			const { id, outs } = await created(documentInputs(src, dst));
			return async () =>
				runtime.update(
					id,
					outs,
					await checked(documentInputs(src, dst, "z/"), outs),
				);
		},
		expected: readModifyWrite,
	},
	{
		resource: "`BucketReplication`",
		operation: "update",
		case: "another destination bucket",
		says: "+1 GET versioning per new destination bucket",
		async arrange() {
			const src = await bucket("src", region);
			const { id, outs } = await created(
				documentInputs(src, await bucket("dst")),
			);
			const other = await bucket("dst");
			return async () =>
				runtime.update(
					id,
					outs,
					await checked(documentInputs(src, other), outs),
				);
		},
		expected: ["GET versioning", ...readModifyWrite],
	},
	{
		resource: "`BucketReplication`",
		operation: "`refresh`",
		case: "the document exists",
		says: "1",
		async arrange() {
			const { id, outs } = await created(
				documentInputs(await bucket("src", region), await bucket("dst")),
			);
			return () => runtime.read(id, outs);
		},
		expected: ["GET replication"],
	},
	{
		resource: "`BucketReplication`",
		operation: "destroy",
		case: "the document exists",
		says: "1 (DELETE)",
		async arrange() {
			const { id, outs } = await created(
				documentInputs(await bucket("src", region), await bucket("dst")),
			);
			return () => runtime.delete(id, outs);
		},
		expected: ["DELETE replication"],
	},
	{
		resource: "`BucketReplicationRule`",
		operation: "create",
		case: "the first rule of a bucket in this run",
		says: "5 (GET versioning ×2",
		async arrange() {
			const inputs = ruleInputs(
				await bucket("src", region),
				await bucket("dst"),
				"a",
			);
			return () => created(inputs);
		},
		expected: [versioningOfBoth, ...readModifyWrite],
	},
	{
		resource: "`BucketReplicationRule`",
		operation: "create",
		case: "another rule of the same buckets in the same run",
		says: "GET versioning ×2 once per bucket per `up`",
		async arrange() {
			const { src, dst } = await withRule("a");
			return () => created(ruleInputs(src, dst, "b"));
		},
		expected: readModifyWrite,
	},
	{
		resource: "`BucketReplicationRule`",
		operation: "create",
		case: "an identical rule with this id already on the bucket",
		says: "3 when the bucket has this rule already, identical (no write)",
		async arrange() {
			const src = await bucket("src", region);
			const dst = await bucket("dst");
			await putReplicationRaw(cos.client(), src, region, [
				{
					ID: "a",
					Status: "Enabled",
					Prefix: "a/",
					Destination: { Bucket: `qcs::cos:${dstRegion}::${dst}` },
				},
			]);
			return () => created(ruleInputs(src, dst, "a"));
		},
		expected: [versioningOfBoth, "GET replication"],
	},
	{
		resource: "`BucketReplicationRule`",
		operation: "no-op `up`",
		case: "nothing changed",
		says: "0",
		arrange: async () =>
			noOp(ruleInputs(await bucket("src", region), await bucket("dst"), "a")),
		expected: [],
	},
	{
		resource: "`BucketReplicationRule`",
		operation: "update",
		case: "the prefix, same destination",
		says: "3 (GET, PUT, GET read-back)",
		async arrange() {
			const { src, dst, rules } = await withRule("a");
			const [{ id, outs }] = rules;
			return async () =>
				runtime.update(
					id,
					outs,
					await checked(ruleInputs(src, dst, "a", { prefix: "z/" }), outs),
				);
		},
		expected: readModifyWrite,
	},
	{
		resource: "`BucketReplicationRule`",
		operation: "update",
		case: "another destination bucket, not yet checked in this run",
		says: "+1 GET versioning if the destination changed",
		async arrange() {
			const { src, rules } = await withRule("a");
			const [{ id, outs }] = rules;
			const other = await bucket("dst");
			return async () =>
				runtime.update(
					id,
					outs,
					await checked(ruleInputs(src, other, "a"), outs),
				);
		},
		expected: ["GET versioning", ...readModifyWrite],
	},
	{
		resource: "`BucketReplicationRule`",
		operation: "update",
		case: "another destination bucket, already checked in this run",
		says: "if the destination changed (once per bucket per `up`)",
		async arrange() {
			const { src, rules } = await withRule("a");
			const [{ id, outs }] = rules;
			const other = await bucket("dst");
			await created(ruleInputs(await bucket("src", region), other, "x"));
			return async () =>
				runtime.update(
					id,
					outs,
					await checked(ruleInputs(src, other, "a"), outs),
				);
		},
		expected: readModifyWrite,
	},
	{
		resource: "`BucketReplicationRule`",
		operation: "`refresh`",
		case: "the rule exists",
		says: "1",
		async arrange() {
			const [{ id, outs }] = (await withRule("a")).rules;
			return () => runtime.read(id, outs);
		},
		expected: ["GET replication"],
	},
	{
		resource: "`BucketReplicationRule`",
		operation: "destroy",
		case: "beside another rule",
		says: "3 (GET, then PUT",
		async arrange() {
			const [{ id, outs }] = (await withRule("a", "b")).rules;
			return () => runtime.delete(id, outs);
		},
		expected: readModifyWrite,
	},
	{
		resource: "`BucketReplicationRule`",
		operation: "destroy",
		case: "the bucket's last rule",
		says: "or DELETE for the last rule, then GET read-back",
		async arrange() {
			const [{ id, outs }] = (await withRule("a")).rules;
			return () => runtime.delete(id, outs);
		},
		expected: ["GET replication", "DELETE replication", "GET replication"],
	},
	{
		resource: "`BucketReplicationRule`",
		operation: "destroy",
		case: "the rule already gone",
		says: "1 if already gone",
		async arrange() {
			const { src, dst, rules } = await withRule("a", "b");
			const [{ id, outs }] = rules;
			await putReplicationRaw(cos.client(), src, region, [
				{
					ID: "b",
					Status: "Enabled",
					Prefix: "b/",
					Destination: { Bucket: `qcs::cos:${dstRegion}::${dst}` },
				},
			]);
			return () => runtime.delete(id, outs);
		},
		expected: ["GET replication"],
	},
];

describe('docs/cos.md "HTTP requests per operation", counted at the emulator', () => {
	itProvesEachCell(
		"docs/cos.md",
		"HTTP requests per operation",
		"resource",
		cells,
		async (act) => {
			const mark = cos.mark();
			await act();
			return summary(cos.since(mark));
		},
	);

	it("rules of one bucket created at once share one GET, one PUT and one read-back (Several rules on one bucket)", async () => {
		const src = await bucket("src", region);
		const dst = await bucket("dst");
		const ids = Array.from({ length: 10 }, (_, i) => `r${i}`);
		const inputs = await Promise.all(
			ids.map((id) => checked(ruleInputs(src, dst, id))),
		);
		const mark = cos.mark();
		await Promise.all(inputs.map((i) => runtime.create(i)));
		expectRequests(summary(cos.since(mark)), [
			versioningOfBoth,
			...readModifyWrite,
		]);
	});

	it("the same 10 rules created one at a time take 32 requests (Several rules on one bucket)", async () => {
		const src = await bucket("src", region);
		const dst = await bucket("dst");
		const mark = cos.mark();
		for (let i = 0; i < 10; i++)
			await runtime.create(await checked(ruleInputs(src, dst, `r${i}`)));
		// The versioning of both buckets once in the run, then GET, PUT, read-back per rule.
		expect(summary(cos.since(mark))).toEqual([
			...versioningOfBoth,
			...Array.from({ length: 10 }, () => readModifyWrite).flat(),
		]);
	});

	it("a refresh: reads of a bucket's rules in flight at once share one GET of the document", async () => {
		const { rules } = await withRule("a", "b", "c");
		const mark = cos.mark();
		await Promise.all(rules.map((r) => runtime.read(r.id, r.outs)));
		expect(summary(cos.since(mark))).toEqual(["GET replication"]);
	});
});
