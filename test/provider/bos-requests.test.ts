/**
 * docs/bos.md "Requests per operation", cell by cell: each row of `cells` names a cell of that table,
 * what the cell says of the case, and the requests the emulator answers for it, in order. A no-op `up`
 * is the engine's check and diff; `refresh` is `read`; a replacement is the engine's delete, then create.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../provider";
import type { Props } from "../../provider/core/types";
import { putRule, startBos, useBosForProvider } from "../emulator/bos-helpers";
import {
	expectRequests,
	itProvesEachCell,
	type RequestsCell,
} from "../support/requests";
import { checked, created, noOp } from "../support/runtime";

let bos: Awaited<ReturnType<typeof startBos>>;

const reuseVar = "BUCKET_REPLICATION_BOS_LIST_REUSE_MS";
const savedReuse = process.env[reuseVar];

beforeAll(async () => {
	bos = await startBos();
	useBosForProvider(bos);
	// A batch reuses the bucket's last LIST within this window (docs/bos.md): off, so that each count
	// does not depend on how fast the machine is; the case of the reuse sets its own.
	process.env[reuseVar] = "0";
});
afterAll(async () => {
	if (savedReuse === undefined) delete process.env[reuseVar];
	else process.env[reuseVar] = savedReuse;
	await bos?.close();
});

/** "METHOD query" of each request since `mark` (the bucket is in the path, left out). */
const sentSince = (mark: number) =>
	bos.server.requests
		.slice(mark)
		.map((r) => `${r.method} ${decodeURIComponent(r.rawQuery)}`.trim());

let n = 0;
/** A fresh pair of buckets, made out of band. */
async function buckets() {
	n++;
	const src = `req-src-${n}`;
	const dst = `req-dst-${n}`;
	await bos.client.createBucket(src);
	await bos.client.createBucket(dst);
	return { src, dst };
}

const bucketInputs = (bucket: string, extra: Props = {}): Props => ({
	__resource: "BosBucket",
	region: "bj",
	bucket,
	...extra,
});

const ruleInputs = (
	src: string,
	dst: string,
	ruleId = "r",
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

/** A rule on a fresh pair of buckets. */
async function rule(extra: Props = {}) {
	const { src, dst } = await buckets();
	const inputs = ruleInputs(src, dst, "r", extra);
	return { src, dst, inputs, ...(await created(inputs)) };
}

type Operation =
	| "create"
	| "no-op `up`"
	| "update"
	| "replace (enabled -> disabled)"
	| "`refresh`"
	| "destroy";

type Cell = RequestsCell<Operation, "`BucketReplicationRule`" | "`Bucket`">;

const list = "GET replication=&list=";
const put = "PUT replication=&id=r";
const progress = "GET replicationProgress=&id=r";

const cells: Cell[] = [
	{
		operation: "create",
		resource: "`BucketReplicationRule`",
		case: "a new rule",
		says: "4: LIST rules, PUT, LIST (the read-back), GET progress",
		async arrange() {
			const { src, dst } = await buckets();
			return () => created(ruleInputs(src, dst));
		},
		expected: [list, put, list, progress],
	},
	{
		operation: "create",
		resource: "`BucketReplicationRule`",
		case: "right after another create of the bucket (its read-back reused)",
		says: "3 when the LIST is reused",
		async arrange() {
			const { src, dst } = await buckets();
			process.env[reuseVar] = "600000";
			await created(ruleInputs(src, dst, "first"));
			return async () => {
				try {
					await created(ruleInputs(src, dst));
				} finally {
					process.env[reuseVar] = "0";
				}
			};
		},
		expected: [put, list, progress],
	},
	{
		operation: "create",
		resource: "`BucketReplicationRule`",
		case: "an identical rule already on the bucket",
		says: "(adopting: LIST, GET progress)",
		async arrange() {
			const { src, dst } = await buckets();
			await putRule(bos.client, src, {
				id: "r",
				status: "enabled",
				resource: [`${src}/r/*`],
				destination: { bucket: dst },
				replicateDeletes: "disabled",
			});
			return () => created(ruleInputs(src, dst));
		},
		expected: [list, progress],
	},
	{
		operation: "no-op `up`",
		resource: "`BucketReplicationRule`",
		case: "nothing changed",
		says: "0",
		async arrange() {
			const { src, dst } = await buckets();
			return noOp(ruleInputs(src, dst));
		},
		expected: [],
	},
	{
		operation: "update",
		resource: "`BucketReplicationRule`",
		case: "another resource list",
		says: "as create",
		async arrange() {
			const { id, outs, inputs, src } = await rule();
			return async () =>
				runtime.update(
					id,
					outs,
					await checked({ ...inputs, resource: [`${src}/z/*`] }, outs),
				);
		},
		expected: [list, put, list, progress],
	},
	{
		operation: "update",
		resource: "`BucketReplicationRule`",
		case: "BOS already has the new configuration",
		says: "no PUT (so no restart) and no read-back when BOS already has the configuration",
		async arrange() {
			const { id, outs, inputs, src, dst } = await rule();
			await putRule(bos.client, src, {
				id: "r",
				status: "enabled",
				resource: [`${src}/z/*`],
				destination: { bucket: dst },
				replicateDeletes: "disabled",
			});
			return async () =>
				runtime.update(
					id,
					outs,
					await checked({ ...inputs, resource: [`${src}/z/*`] }, outs),
				);
		},
		expected: [list, progress],
	},
	{
		operation: "replace (enabled -> disabled)",
		resource: "`BucketReplicationRule`",
		case: "status disabled",
		says: "5: DELETE, then LIST, PUT, LIST, GET progress",
		async arrange() {
			const { id, outs, inputs } = await rule();
			const disabled = await checked({ ...inputs, status: "disabled" }, outs);
			expect(await runtime.diff(id, outs, disabled)).toMatchObject({
				replaces: ["status"],
				deleteBeforeReplace: true,
			});
			return async () => {
				await runtime.delete(id, outs);
				await runtime.create(disabled);
			};
		},
		expected: ["DELETE replication=&id=r", list, put, list, progress],
	},
	{
		operation: "`refresh`",
		resource: "`BucketReplicationRule`",
		case: "the rule exists",
		says: "2: GET, GET progress",
		async arrange() {
			const { id, outs } = await rule();
			return () => runtime.read(id, outs);
		},
		expected: ["GET replication=&id=r", progress],
	},
	{
		operation: "`refresh`",
		resource: "`BucketReplicationRule`",
		case: "the rule gone",
		says: "(1 when gone)",
		async arrange() {
			const { id, outs } = await rule();
			await runtime.delete(id, outs);
			return () => runtime.read(id, outs);
		},
		expected: ["GET replication=&id=r"],
	},
	{
		operation: "destroy",
		resource: "`BucketReplicationRule`",
		case: "the rule exists",
		says: "1: DELETE",
		async arrange() {
			const { id, outs } = await rule();
			return () => runtime.delete(id, outs);
		},
		expected: ["DELETE replication=&id=r"],
	},
	{
		operation: "destroy",
		resource: "`BucketReplicationRule`",
		case: "the rule already gone",
		says: "1: DELETE",
		async arrange() {
			const { id, outs } = await rule();
			await runtime.delete(id, outs);
			return () => runtime.delete(id, outs);
		},
		expected: ["DELETE replication=&id=r"],
	},
	{
		operation: "create",
		resource: "`Bucket`",
		case: "versioning enabled",
		says: "1: PUT bucket, +1 PUT versioning unless `notEnabled`",
		arrange: async () => () =>
			created(bucketInputs(`req-new-${++n}`, { versioning: "enabled" })),
		expected: ["PUT", "PUT versioning="],
	},
	{
		operation: "create",
		resource: "`Bucket`",
		case: "versioning notEnabled",
		says: "1: PUT bucket",
		arrange: async () => () => created(bucketInputs(`req-new-${++n}`)),
		expected: ["PUT"],
	},
	{
		operation: "create",
		resource: "`Bucket`",
		case: "its own bucket, already there with the declared versioning",
		says: "(adopting: PUT refused, GET versioning",
		async arrange() {
			const name = `req-new-${++n}`;
			await bos.client.createBucket(name);
			return () => created(bucketInputs(name));
		},
		expected: ["PUT", "GET versioning="],
	},
	{
		operation: "create",
		resource: "`Bucket`",
		case: "its own bucket, already there, versioning never set",
		says: "+1 PUT versioning when it was never set)",
		async arrange() {
			const name = `req-new-${++n}`;
			await bos.client.createBucket(name);
			return () => created(bucketInputs(name, { versioning: "enabled" }));
		},
		expected: ["PUT", "GET versioning=", "PUT versioning="],
	},
	{
		operation: "no-op `up`",
		resource: "`Bucket`",
		case: "nothing changed",
		says: "0",
		arrange: () =>
			noOp(bucketInputs(`req-new-${++n}`, { versioning: "enabled" })),
		expected: [],
	},
	{
		operation: "update",
		resource: "`Bucket`",
		case: "versioning enabled to suspended",
		says: "1: PUT versioning",
		async arrange() {
			const inputs = bucketInputs(`req-new-${++n}`, { versioning: "enabled" });
			const { id, outs } = await created(inputs);
			return async () =>
				runtime.update(
					id,
					outs,
					await checked({ ...inputs, versioning: "suspended" }, outs),
				);
		},
		expected: ["PUT versioning="],
	},
	{
		operation: "`refresh`",
		resource: "`Bucket`",
		case: "the bucket exists",
		says: "1: GET versioning",
		async arrange() {
			const { id, outs } = await created(bucketInputs(`req-new-${++n}`));
			return () => runtime.read(id, outs);
		},
		expected: ["GET versioning="],
	},
	{
		operation: "destroy",
		resource: "`Bucket`",
		case: "an empty bucket",
		says: "1: DELETE bucket",
		async arrange() {
			const { id, outs } = await created(bucketInputs(`req-new-${++n}`));
			return () => runtime.delete(id, outs);
		},
		expected: ["DELETE"],
	},
];

describe('docs/bos.md "Requests per operation", counted at the emulator', () => {
	itProvesEachCell(
		"docs/bos.md",
		"Requests per operation",
		"operation",
		cells,
		async (act) => {
			const mark = bos.server.requests.length;
			await act();
			return sentSince(mark);
		},
	);

	it("creates of one bucket at once share one LIST before their PUTs and one after (the read-back)", async () => {
		const { src, dst } = await buckets();
		const inputs = await Promise.all(
			["a", "b", "c"].map((id) => checked(ruleInputs(src, dst, id))),
		);
		const mark = bos.server.requests.length;
		await Promise.all(inputs.map((i) => runtime.create(i)));
		expectRequests(sentSince(mark), [
			list,
			"PUT replication=&id=a",
			"PUT replication=&id=b",
			"PUT replication=&id=c",
			list,
			["a", "b", "c"].map((id) => `GET replicationProgress=&id=${id}`),
		]);
	});
});
