import { describe, expect, it } from "vitest";
import { UNKNOWN } from "../../provider/core/diff";
import type { DiffResult, Props } from "../../provider/core/types";
import { handlers } from "../../provider/oss";
import { normalizeRule } from "../../provider/oss/normalize";

const rule = handlers.OssBucketReplicationRule;
const bucket = handlers.OssBucket;

/** Checked inputs of a rule (what check returns and the engine passes to diff as news). */
async function checked(change: Props = {}): Promise<Props> {
	const result = await rule.check(
		{},
		{
			__resource: "OssBucketReplicationRule",
			bucket: "src-bucket",
			region: "oss-cn-hangzhou",
			ruleId: "r1",
			prefixes: ["logs/"],
			destination: { bucket: "dst-bucket", location: "oss-cn-beijing" },
			...change,
		},
	);
	return result.inputs ?? {};
}

/** Stored outputs after a create with these inputs, optionally with a live snapshot from `read`. */
async function outputs(change: Props = {}, live?: Props): Promise<Props> {
	const applied = await checked(change);
	const {
		bucket: _b,
		region: _r,
		adopt: _a,
		deleteTimeoutSeconds: _d,
		__resource,
		...config
	} = applied;
	return {
		...applied,
		__provider: "stub text",
		schemaVersion: 1,
		status: "doing",
		progress: { historicalObjectPercent: 40 },
		...(live ? { live: { ...config, ...live } } : {}),
	};
}

const replace = (...replaces: string[]): DiffResult => ({
	changes: undefined,
	replaces,
	deleteBeforeReplace: true,
});

const cases: Array<[string, () => Promise<[Props, Props]>, DiffResult]> = [
	[
		"nothing changed",
		async () => [await outputs(), await checked()],
		{ changes: false },
	],
	[
		"nothing changed, only the case of an enum or the order of prefixes",
		async () => [
			await outputs({ prefixes: ["a/", "b/"] }),
			await checked({ prefixes: ["b/", "a/"], action: "all" }),
		],
		{ changes: false },
	],
	[
		"status and progress moved on by themselves",
		async () => [
			{ ...(await outputs()), status: "starting", progress: {} },
			await checked(),
		],
		{ changes: false },
	],
	[
		"a prefix changed: replace, delete first",
		async () => [await outputs(), await checked({ prefixes: ["video/"] })],
		replace("prefixes"),
	],
	[
		"the destination changed: replace",
		async () => [
			await outputs(),
			await checked({
				destination: { bucket: "other-bucket", location: "oss-cn-beijing" },
			}),
		],
		replace("destination"),
	],
	[
		"tags added: replace",
		async () => [
			await outputs(),
			await checked({
				userTaggings: {
					filterType: "OR",
					userTagging: [{ key: "a", value: "b" }],
				},
			}),
		],
		replace("userTaggings"),
	],
	[
		"prefixes unset (every object): replace",
		async () => [await outputs(), await checked({ prefixes: undefined })],
		replace("prefixes"),
	],
	[
		"action PUT: replace",
		async () => [await outputs(), await checked({ action: "PUT" })],
		replace("action"),
	],
	[
		"historical replication disabled: replace",
		async () => [
			await outputs(),
			await checked({ historicalObjectReplication: "disabled" }),
		],
		replace("historicalObjectReplication"),
	],
	[
		"SSE-KMS objects with a key and a role: replace, naming the three",
		async () => [
			await outputs(),
			await checked({
				syncRole: "role-a",
				sseKmsEncryptedObjects: "Enabled",
				replicaKmsKeyId: "kms-1",
			}),
		],
		replace("sseKmsEncryptedObjects", "syncRole", "replicaKmsKeyId"),
	],
	[
		"transfer type oss_acc: replace",
		async () => [
			await outputs(),
			await checked({
				destination: {
					bucket: "dst-bucket",
					location: "oss-cn-beijing",
					transferType: "oss_acc",
				},
			}),
		],
		replace("destination"),
	],
	[
		"rule id changed: replace",
		async () => [await outputs(), await checked({ ruleId: "r2" })],
		replace("ruleId"),
	],
	[
		"rule id removed from the program: it keeps its id, no change (docs/oss.md, Rule ids)",
		async () => {
			const olds = await outputs();
			const { ruleId: _, ...declared } = await checked();
			const news = (await rule.check(olds, declared)).inputs ?? {};
			expect(news.ruleId).toBe("r1");
			return [olds, news];
		},
		{ changes: false },
	],
	[
		"RTC toggled: update in place",
		async () => [await outputs(), await checked({ rtc: "enabled" })],
		{ changes: undefined },
	],
	[
		"delete timeout changed: update, no replace",
		async () => [await outputs(), await checked({ deleteTimeoutSeconds: 60 })],
		{ changes: undefined },
	],
	[
		"adopt set (accepted for 0.1 programs): no change",
		async () => [await outputs(), await checked({ adopt: true })],
		{ changes: false },
	],
	[
		"an unknown destination in a preview: replace",
		async () => [await outputs(), await checked({ destination: UNKNOWN })],
		replace("destination"),
	],
	[
		"an unknown bucket in a preview: replace",
		async () => [await outputs(), await checked({ bucket: UNKNOWN })],
		replace("bucket"),
	],
	[
		"live equal to the program (refresh saw no drift)",
		async () => [await outputs({}, {}), await checked()],
		{ changes: false },
	],
	[
		"live RTC drifted: update repairs it",
		async () => [await outputs({}, { rtc: "enabled" }), await checked()],
		{ changes: true },
	],
	[
		"live prefixes drifted: replace",
		async () => [await outputs({}, { prefixes: ["x/"] }), await checked()],
		{ changes: true, replaces: ["prefixes"], deleteBeforeReplace: true },
	],
	[
		"live lost its sync role: replace",
		async () => [
			await outputs({ syncRole: "role" }, { syncRole: undefined }),
			await checked({ syncRole: "role" }),
		],
		{ changes: true, replaces: ["syncRole"], deleteBeforeReplace: true },
	],
];

describe("diff of oss.BucketReplicationRule", () => {
	it.each(cases)("%s", async (_name, make, expected) => {
		const [olds, news] = await make();
		expect(await rule.diff("src-bucket:r1", olds, news)).toEqual(expected);
	});
});

describe("diff of oss.Bucket", () => {
	const stored = (change: Props = {}) => ({
		__resource: "OssBucket",
		schemaVersion: 1,
		bucket: "b-1",
		region: "oss-cn-hangzhou",
		versioning: "Enabled",
		...change,
	});
	const news = (change: Props = {}) => ({
		__resource: "OssBucket",
		bucket: "b-1",
		region: "oss-cn-hangzhou",
		versioning: "Enabled",
		...change,
	});
	const bucketCases: Array<[string, Props, Props, DiffResult]> = [
		["same", stored(), news(), { changes: false }],
		[
			"versioning suspended: update",
			stored(),
			news({ versioning: "Suspended" }),
			{ changes: undefined },
		],
		[
			"region changed: replace",
			stored(),
			news({ region: "oss-cn-beijing" }),
			{ changes: undefined, replaces: ["region"], deleteBeforeReplace: true },
		],
		[
			"renamed: replace, create first (a taken name fails before the old bucket is gone)",
			stored(),
			news({ bucket: "b-2" }),
			{ changes: undefined, replaces: ["bucket"] },
		],
		[
			"renamed to a name unknown at preview: replace, delete first (it may be the same)",
			stored(),
			news({ bucket: UNKNOWN }),
			{ changes: undefined, replaces: ["bucket"], deleteBeforeReplace: true },
		],
		[
			"region spelled without oss-: same",
			stored(),
			news({ region: "cn-hangzhou" }),
			{ changes: false },
		],
		[
			"versioning drifted",
			stored({ live: { versioning: "Suspended" } }),
			news(),
			{ changes: true },
		],
	];
	it.each(bucketCases)("%s", async (_name, olds, n, expected) => {
		expect(await bucket.diff("b-1", olds, n)).toEqual(expected);
	});
});

describe("OSS lists: the user's order in state, compared as sets in diff", () => {
	const tagged = (userTagging: Props[]) => ({
		userTaggings: { filterType: "OR", userTagging },
	});
	/** Outputs as the current version stores them: prefixes and tags sorted. */
	async function storedToday(change: Props): Promise<Props> {
		return {
			...(await outputs(change)),
			...normalizeRule(await checked(change)),
		};
	}

	it("check keeps the program's order", async () => {
		const inputs = await checked({
			prefixes: ["video/", "audio/"],
			...tagged([{ key: "z" }, { key: "a", value: "1" }]),
		});
		expect(inputs.prefixes).toEqual(["video/", "audio/"]);
		expect(inputs.userTaggings).toEqual({
			filterType: "OR",
			userTagging: [
				{ key: "z", value: "" },
				{ key: "a", value: "1" },
			],
		});
	});

	it.each([
		[
			"state written sorted by the current version, program in its own order: no diff",
			{
				prefixes: ["video/", "audio/"],
				...tagged([{ key: "z" }, { key: "a" }]),
			},
			{
				prefixes: ["video/", "audio/"],
				...tagged([{ key: "z" }, { key: "a" }]),
			},
			{ changes: false },
		],
		[
			"the program reorders prefixes and tags: no change",
			{
				prefixes: ["audio/", "video/"],
				...tagged([{ key: "a" }, { key: "z" }]),
			},
			{
				prefixes: ["video/", "audio/"],
				...tagged([{ key: "z" }, { key: "a" }]),
			},
			{ changes: false },
		],
		[
			"the program appends a prefix: a replacement of prefixes",
			{ prefixes: ["video/"] },
			{ prefixes: ["video/", "audio/"] },
			replace("prefixes"),
		],
	])("%s", async (_name, before, after, expected) => {
		expect(
			await rule.diff(
				"src-bucket:r1",
				await storedToday(before),
				await checked(after),
			),
		).toEqual(expected);
	});
});
