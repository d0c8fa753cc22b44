import { describe, expect, it } from "vitest";
import { UNKNOWN } from "../../provider/core/diff";
import type { DiffResult, Props } from "../../provider/core/types";
import { handlers } from "../../provider/cos";

const replication = handlers.CosBucketReplication;
const single = handlers.CosBucketReplicationRule;
const bucket = handlers.CosBucket;

const role = "qcs::cam::uin/100000000001:uin/100000000001";
const dst = { bucket: "dst-1250000000", region: "ap-beijing" };

/** Checked inputs, as the engine stores and passes them. */
async function checked(
	handler: typeof replication,
	inputs: Props,
): Promise<Props> {
	const result = await handler.check({}, inputs);
	if (!result.inputs) throw new Error(JSON.stringify(result.failures));
	return result.inputs;
}

const program = (rules: Props[], extra: Props = {}): Props => ({
	__resource: "CosBucketReplication",
	bucket: "src-1250000000",
	region: "ap-guangzhou",
	role,
	rules,
	...extra,
});
const a = { id: "a", prefix: "a/", destination: dst };
const b = { id: "b", prefix: "b/", destination: dst };

/** Outputs as create returns them (applied inputs, no `live`). */
async function outputsOf(inputs: Props, live?: Props): Promise<Props> {
	const applied = await checked(replication, inputs);
	return { ...applied, schemaVersion: 1, ...(live ? { live } : {}) };
}

describe("BucketReplication diff", () => {
	const table: Array<[string, Props, Props, DiffResult, Props?]> = [
		["nothing changed", program([a, b]), program([a, b]), { changes: false }],
		[
			"order alone is not a change",
			program([a, b]),
			program([b, a]),
			{ changes: false },
		],
		[
			"adopt alone is not a change",
			program([a]),
			program([a], { adopt: true }),
			{ changes: false },
		],
		["a rule added", program([a]), program([a, b]), { changes: undefined }],
		["a rule removed", program([a, b]), program([a]), { changes: undefined }],
		[
			"a prefix changed",
			program([a]),
			program([{ ...a, prefix: "c/" }]),
			{ changes: undefined },
		],
		[
			"casing of an enum is not a change",
			program([a]),
			program([{ ...a, status: "enabled" }]),
			{ changes: false },
		],
		[
			"the role changed",
			program([a]),
			program([a], { role: "qcs::cam::uin/1:uin/2" }),
			{ changes: undefined },
		],
		[
			"another bucket: replace, create first",
			program([a]),
			program([a], { bucket: "other-1250000000" }),
			{ changes: undefined, replaces: ["bucket"] },
		],
		[
			"the same bucket in another region: replace, delete first",
			program([a]),
			program([a], { region: "ap-shanghai" }),
			{ changes: undefined, replaces: ["region"], deleteBeforeReplace: true },
		],
	];
	it.each(table)("%s", async (_name, before, after, expected) => {
		const result = await replication.diff(
			"src-1250000000",
			await outputsOf(before),
			await checked(replication, after),
		);
		expect(result).toEqual(expected);
	});

	it("unknown rules during preview are a change", async () => {
		const news = await checked(
			replication,
			program(UNKNOWN as unknown as Props[]),
		);
		expect(
			await replication.diff("x", await outputsOf(program([a])), news),
		).toEqual({ changes: undefined });
	});

	it("an unknown bucket is a replacement", async () => {
		const news = await checked(replication, program([a], { bucket: UNKNOWN }));
		const result = await replication.diff(
			"x",
			await outputsOf(program([a])),
			news,
		);
		expect(result.replaces).toEqual(["bucket"]);
	});

	it("drift seen by refresh is an update; a live copy equal to the program is not", async () => {
		const applied = await checked(replication, program([a]));
		const drifted = {
			bucket: applied.bucket,
			region: applied.region,
			role,
			rules: (await checked(replication, program([{ ...a, prefix: "z/" }])))
				.rules,
		};
		const same = {
			bucket: applied.bucket,
			region: applied.region,
			role,
			rules: applied.rules,
		};
		expect(
			await replication.diff(
				"x",
				await outputsOf(program([a]), drifted),
				applied,
			),
		).toEqual({ changes: true });
		expect(
			await replication.diff("x", await outputsOf(program([a]), same), applied),
		).toEqual({ changes: false });
	});
});

describe("BucketReplicationRule diff", () => {
	const ruleProgram = (extra: Props = {}): Props => ({
		__resource: "CosBucketReplicationRule",
		bucket: "src-1250000000",
		region: "ap-guangzhou",
		role,
		ruleId: "r1",
		prefix: "logs/",
		destination: dst,
		...extra,
	});
	const table: Array<[string, Props, DiffResult]> = [
		["nothing", ruleProgram(), { changes: false }],
		[
			"qcs form of the same destination",
			ruleProgram({
				destination: { bucket: "qcs::cos:ap-beijing::dst-1250000000" },
			}),
			{ changes: false },
		],
		["prefix", ruleProgram({ prefix: "x/" }), { changes: undefined }],
		[
			"storage class",
			ruleProgram({ destination: { ...dst, storageClass: "STANDARD_IA" } }),
			{ changes: undefined },
		],
		[
			"storage class set in lower case",
			ruleProgram({ destination: { ...dst, storageClass: "standard" } }),
			{ changes: undefined },
		],
		["status", ruleProgram({ status: "Disabled" }), { changes: undefined }],
		[
			"status spelled in lower case, the default value",
			ruleProgram({ status: "enabled" }),
			{ changes: false },
		],
		["priority set", ruleProgram({ priority: 5 }), { changes: undefined }],
		[
			"prefix unset (every object)",
			ruleProgram({ prefix: undefined }),
			{ changes: undefined },
		],
		[
			"the same prefix as <Filter><Prefix>: no change (COS applies both alike)",
			ruleProgram({ prefix: undefined, filter: { prefix: "logs/" } }),
			{ changes: false },
		],
		[
			"tags added",
			ruleProgram({
				prefix: undefined,
				filter: { prefix: "logs/", tags: [{ key: "k", value: "v" }] },
			}),
			{ changes: undefined },
		],
		[
			"deleteMarkerReplication set",
			ruleProgram({ deleteMarkerReplication: { status: "Disabled" } }),
			{ changes: undefined },
		],
		[
			"deleteMarkerReplication set to its default",
			ruleProgram({ deleteMarkerReplication: { status: "Enabled" } }),
			{ changes: false },
		],
		[
			"sourceSelectionCriteria set",
			ruleProgram({
				sourceSelectionCriteria: {
					sseKmsEncryptedObjects: { status: "Enabled" },
				},
			}),
			{ changes: undefined },
		],
		[
			"encryptionConfiguration set",
			ruleProgram({
				destination: {
					...dst,
					encryptionConfiguration: { replicaKmsKeyId: "kms-1" },
				},
			}),
			{ changes: undefined },
		],
		[
			"role",
			ruleProgram({ role: `${role.slice(0, -1)}2` }),
			{ changes: undefined },
		],
		[
			"adopt: no change (it only steers a create)",
			ruleProgram({ adopt: true }),
			{ changes: false },
		],
		[
			"region with spaces around it: no change",
			ruleProgram({ region: " ap-guangzhou " }),
			{ changes: false },
		],
		[
			"rule id: replace, delete first",
			ruleProgram({ ruleId: "r2" }),
			{ changes: undefined, replaces: ["ruleId"], deleteBeforeReplace: true },
		],
		[
			"bucket: replace",
			ruleProgram({ bucket: "other-1250000000" }),
			{ changes: undefined, replaces: ["bucket"] },
		],
	];
	it.each(table)("%s", async (_name, after, expected) => {
		const olds = {
			...(await checked(single, ruleProgram())),
			schemaVersion: 1,
		};
		expect(await single.diff("x", olds, await checked(single, after))).toEqual(
			expected,
		);
	});
});

describe("Bucket diff", () => {
	const b1 = {
		__resource: "CosBucket",
		bucket: "b-1250000000",
		region: "ap-guangzhou",
	};
	it.each([
		["nothing", {}, { changes: false }],
		["versioning", { versioning: "Suspended" }, { changes: undefined }],
		[
			"region: replace, delete first",
			{ region: "ap-beijing" },
			{ changes: undefined, replaces: ["region"], deleteBeforeReplace: true },
		],
		[
			"renamed: replace, create first",
			{ bucket: "b2-1250000000" },
			{ changes: undefined, replaces: ["bucket"] },
		],
		[
			"versioning set to its default",
			{ versioning: "Enabled" },
			{ changes: false },
		],
	] as Array<[string, Props, DiffResult]>)(
		"%s",
		async (_name, change, expected) => {
			const olds = { ...(await checked(bucket, b1)), appId: "1250000000" };
			expect(
				await bucket.diff(
					"b",
					olds,
					await checked(bucket, { ...b1, ...change }),
				),
			).toEqual(expected);
		},
	);

	it("versioning drift is an update", async () => {
		const applied = await checked(bucket, b1);
		const olds = {
			...applied,
			live: {
				bucket: applied.bucket,
				region: applied.region,
				versioning: "Suspended",
			},
		};
		expect(await bucket.diff("b", olds, applied)).toEqual({ changes: true });
	});
});

describe("the two prefix forms compare equal", () => {
	it("a rule rewritten outside Pulumi as <Filter><Prefix> is no drift, and the program may use either form", async () => {
		const legacy = { ...a };
		const { prefix, ...rest } = a;
		const filtered = { ...rest, filter: { prefix } };
		const applied = await checked(replication, program([legacy]));
		const written = await checked(replication, program([filtered]));
		const live = {
			bucket: applied.bucket,
			region: applied.region,
			role,
			rules: written.rules,
		};
		expect(await replication.diff("id", { ...applied, live }, applied)).toEqual(
			{ changes: false },
		);
		expect(await replication.diff("id", applied, written)).toEqual({
			changes: false,
		});
		// A different prefix in the other form is still a change.
		const other = await checked(
			replication,
			program([{ ...rest, filter: { prefix: "other/" } }]),
		);
		expect((await replication.diff("id", applied, other)).changes).toBe(
			undefined,
		);
	});
});

describe("filter tags: the user's order in state, compared as a set", () => {
	const tagged = (tags: Array<[string, string]>) => ({
		id: "t",
		filter: {
			and: { prefix: "p/", tags: tags.map(([key, value]) => ({ key, value })) },
		},
		destination: dst,
		deleteMarkerReplication: { status: "Disabled" },
	});
	const z: [string, string] = ["z", "1"];
	const y: [string, string] = ["y", "2"];
	const x: [string, string] = ["x", "3"];

	it("check keeps the user's order", async () => {
		const inputs = await checked(replication, program([tagged([z, y])]));
		const rules = inputs.rules as Record<string, Props>;
		expect((rules.t.filter as Props).and).toEqual({
			prefix: "p/",
			tags: [
				{ key: "z", value: "1" },
				{ key: "y", value: "2" },
			],
		});
	});

	const table: Array<[string, Props, Props, DiffResult]> = [
		[
			"reordered: no change",
			program([tagged([z, y])]),
			program([tagged([y, z])]),
			{ changes: false },
		],
		[
			"appended: a change (the engine shows one + line)",
			program([tagged([z, y])]),
			program([tagged([z, y, x])]),
			{ changes: undefined },
		],
	];
	it.each(table)(
		"BucketReplication: %s",
		async (_, before, after, expected) => {
			const olds = await outputsOf(before);
			expect(
				await replication.diff("id", olds, await checked(replication, after)),
			).toEqual(expected);
		},
	);

	it("an empty <And> prefix equals none: a rule another tool wrote without it is no drift", async () => {
		const withEmpty = {
			...tagged([z, y]),
			filter: { and: { prefix: "", tags: tagged([z, y]).filter.and.tags } },
		};
		const applied = await checked(replication, program([withEmpty]));
		const written = (await checked(
			replication,
			program([
				{
					...withEmpty,
					filter: { and: { tags: tagged([y, z]).filter.and.tags } },
				},
			]),
		)) as Props;
		const live = {
			bucket: applied.bucket,
			region: applied.region,
			role,
			rules: written.rules,
		};
		expect(await replication.diff("id", { ...applied, live }, applied)).toEqual(
			{ changes: false },
		);
	});

	it("state stored sorted by 0.1 shows no diff against the user's order", async () => {
		const olds = await outputsOf(program([tagged([y, z])]));
		const news = await checked(replication, program([tagged([z, y])]));
		expect(await replication.diff("id", olds, news)).toEqual({
			changes: false,
		});
	});

	it("BucketReplicationRule: reordered is no change, appended is a change", async () => {
		const rule = (tags: Array<[string, string]>) => ({
			__resource: "CosBucketReplicationRule",
			bucket: "src-1250000000",
			region: "ap-guangzhou",
			role,
			ruleId: "t",
			filter: {
				and: {
					prefix: "p/",
					tags: tags.map(([key, value]) => ({ key, value })),
				},
			},
			destination: dst,
			deleteMarkerReplication: { status: "Disabled" },
		});
		const olds = await checked(single, rule([z, y]));
		expect((olds.filter as Props).and).toMatchObject({
			tags: [{ key: "z" }, { key: "y" }],
		});
		expect(
			await single.diff("id", olds, await checked(single, rule([y, z]))),
		).toEqual({
			changes: false,
		});
		expect(
			(await single.diff("id", olds, await checked(single, rule([z, y, x]))))
				.changes,
		).toBeUndefined();
	});
});
