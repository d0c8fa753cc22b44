import { describe, expect, it } from "vitest";
import * as runtime from "../../provider";
import { UNKNOWN } from "../../provider/core/diff";
import type { Props } from "../../provider/core/types";
import { handlers } from "../../provider/oss";

const rule = handlers.OssBucketReplicationRule;
const bucket = handlers.OssBucket;

const valid = {
	__resource: "OssBucketReplicationRule",
	bucket: "src-bucket",
	region: "oss-cn-hangzhou",
	ruleId: "r1",
	destination: { bucket: "dst-bucket", location: "oss-cn-beijing" },
};

const tags = (n: number) =>
	Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: "v" }));

const ruleArgs = [
	"bucket",
	"region",
	"ruleId",
	"prefixes",
	"action",
	"destination",
	"historicalObjectReplication",
	"syncRole",
	"sseKmsEncryptedObjects",
	"replicaKmsKeyId",
	"rtc",
	"userTaggings",
	"adopt",
	"deleteTimeoutSeconds",
];

/** The path a failure is about: its reason starts with it when it is below the top level. */
const path = (f: { property: string; reason: string }) => {
	const named = /^([\w.[\]]+):? /.exec(f.reason)?.[1];
	return named?.startsWith(f.property) ? named : f.property;
};

/** Each row: what is changed from a valid rule, and the paths check must name. */
const cases: Array<[string, Props, string[]]> = [
	["a valid rule", {}, []],
	[
		"every option set and valid",
		{
			prefixes: ["logs/", "video/"],
			action: "PUT",
			destination: {
				bucket: "dst-bucket",
				location: "cn-beijing",
				transferType: "oss_acc",
			},
			historicalObjectReplication: "disabled",
			syncRole: "aliyunramrole",
			sseKmsEncryptedObjects: "Enabled",
			replicaKmsKeyId: "key-1",
			rtc: "enabled",
			userTaggings: { filterType: "AND", userTagging: tags(10) },
			adopt: true,
			deleteTimeoutSeconds: 30,
		},
		[],
	],
	["bucket name with upper case", { bucket: "Src" }, ["bucket"]],
	["bucket name too short", { bucket: "ab" }, ["bucket"]],
	["region that is no region", { region: "hangzhou" }, ["region"]],
	["rule id with a space", { ruleId: "my rule" }, ["ruleId"]],
	["rule id as a YAML number", { ruleId: 12345 }, ["ruleId"]],
	["a prefix as a YAML number", { prefixes: [2024] }, ["prefixes[0]"]],
	[
		"a tag value as a YAML number",
		{
			userTaggings: {
				filterType: "OR",
				userTagging: [{ key: "env", value: 1 }],
			},
		},
		["userTaggings.userTagging[0].value"],
	],
	["rule id too long", { ruleId: "r".repeat(256) }, ["ruleId"]],
	[
		"11 prefixes",
		{ prefixes: Array.from({ length: 11 }, (_, i) => `p${i}/`) },
		["prefixes"],
	],
	[
		"a prefix of 1024 characters",
		{ prefixes: ["x".repeat(1024)] },
		["prefixes[0]"],
	],
	["an empty prefix", { prefixes: [""] }, ["prefixes[0]"]],
	["a prefix listed twice", { prefixes: ["a/", "a/"] }, ["prefixes[1]"]],
	[
		"overlapping prefixes",
		{ prefixes: ["source", "source/video"] },
		["prefixes[1]"],
	],
	["prefixes not a list", { prefixes: "logs/" }, ["prefixes"]],
	["action not in the enum", { action: "DELETE" }, ["action"]],
	[
		"transfer type not in the enum",
		{
			destination: {
				bucket: "dst-bucket",
				location: "oss-cn-beijing",
				transferType: "fast",
			},
		},
		["destination.transferType"],
	],
	[
		"historical replication not in the enum",
		{ historicalObjectReplication: "yes" },
		["historicalObjectReplication"],
	],
	["rtc not in the enum", { rtc: "on" }, ["rtc"]],
	[
		"destination equal to the source",
		{ destination: { bucket: "src-bucket", location: "oss-cn-beijing" } },
		["destination.bucket"],
	],
	["destination missing", { destination: undefined }, ["destination"]],
	[
		"destination location invalid",
		{ destination: { bucket: "dst-bucket", location: "beijing" } },
		["destination.location"],
	],
	[
		"SSE-KMS on without a KMS key or role",
		{ sseKmsEncryptedObjects: "Enabled" },
		["replicaKmsKeyId", "syncRole"],
	],
	[
		"spaces around the role or KMS key (they would come back trimmed: a replacement on every refresh)",
		{
			sseKmsEncryptedObjects: "Enabled",
			syncRole: " aliyunramrole",
			replicaKmsKeyId: "key-1 ",
		},
		["syncRole", "replicaKmsKeyId"],
	],
	["a blank role", { syncRole: " " }, ["syncRole"]],
	[
		"a KMS key with SSE-KMS off",
		{ replicaKmsKeyId: "key-1" },
		["replicaKmsKeyId"],
	],
	[
		"RTC on same-region replication",
		{
			rtc: "enabled",
			destination: { bucket: "dst-bucket", location: "oss-cn-hangzhou" },
		},
		["rtc"],
	],
	[
		"oss_acc on same-region replication",
		{
			destination: {
				bucket: "dst-bucket",
				location: "oss-cn-hangzhou",
				transferType: "oss_acc",
			},
		},
		["destination.transferType"],
	],
	[
		"11 tags",
		{ userTaggings: { filterType: "OR", userTagging: tags(11) } },
		["userTaggings.userTagging"],
	],
	[
		"no tags",
		{ userTaggings: { filterType: "OR", userTagging: [] } },
		["userTaggings.userTagging"],
	],
	[
		"filter type not in the enum",
		{ userTaggings: { filterType: "XOR", userTagging: tags(1) } },
		["userTaggings.filterType"],
	],
	[
		// Seed 002:70: "If you configure UserTaggings, you must specify both FilterType and UserTagging."
		"tags without a filter type (seed 002)",
		{ userTaggings: { userTagging: tags(1) } },
		["userTaggings.filterType"],
	],
	[
		// Seed 002:71 says FilterType is case-sensitive on the wire: the provider takes any case and
		// sends "AND" (docs/oss.md, enums; oss-normalize.test.ts), so "and" is no error here.
		"filter type in lower case (sent upper case, seed 002: case-sensitive)",
		{ userTaggings: { filterType: "and", userTagging: tags(1) } },
		[],
	],
	[
		"the same tag twice",
		{
			userTaggings: {
				filterType: "OR",
				userTagging: [
					{ key: "env", value: "prod" },
					{ key: "env", value: "prod" },
				],
			},
		},
		["userTaggings.userTagging[1]"],
	],
	[
		"the same key twice under AND",
		{
			userTaggings: {
				filterType: "AND",
				userTagging: [
					{ key: "env", value: "prod" },
					{ key: "env", value: "test" },
				],
			},
		},
		["userTaggings.userTagging[1]"],
	],
	[
		"the same key twice under OR is fine",
		{
			userTaggings: {
				filterType: "OR",
				userTagging: [
					{ key: "env", value: "prod" },
					{ key: "env", value: "test" },
				],
			},
		},
		[],
	],
	[
		"a tag key with a forbidden character and one too long",
		{
			userTaggings: {
				filterType: "OR",
				userTagging: [
					{ key: "a*b", value: "v" },
					{ key: "k".repeat(129), value: "v" },
				],
			},
		},
		["userTaggings.userTagging[0].key", "userTaggings.userTagging[1].key"],
	],
	[
		"a tag value too long or with a forbidden character",
		{
			userTaggings: {
				filterType: "OR",
				userTagging: [
					{ key: "a", value: "v".repeat(257) },
					{ key: "b", value: "x&y" },
				],
			},
		},
		["userTaggings.userTagging[0].value", "userTaggings.userTagging[1].value"],
	],
	[
		"a tag filter on a source in Zhangjiakou (seed 002: no tag filtering there)",
		{
			region: "oss-cn-zhangjiakou",
			userTaggings: { filterType: "OR", userTagging: tags(1) },
		},
		["userTaggings"],
	],
	[
		"a tag filter on a source in Mexico (seed 002: no tag filtering there)",
		{
			region: "na-south-1",
			userTaggings: { filterType: "OR", userTagging: tags(1) },
		},
		["userTaggings"],
	],
	[
		"a tag filter from elsewhere to Zhangjiakou",
		{
			destination: { bucket: "dst-bucket", location: "oss-cn-zhangjiakou" },
			userTaggings: { filterType: "OR", userTagging: tags(1) },
		},
		[],
	],
	[
		"a source in Zhangjiakou without a tag filter",
		{ region: "oss-cn-zhangjiakou" },
		[],
	],
	["adopt not a boolean", { adopt: "yes" }, ["adopt"]],
	[
		"a negative delete timeout",
		{ deleteTimeoutSeconds: -1 },
		["deleteTimeoutSeconds"],
	],
	[
		"unknown values are not judged in a preview",
		{
			bucket: UNKNOWN,
			destination: { bucket: UNKNOWN, location: UNKNOWN },
			prefixes: [UNKNOWN],
			userTaggings: UNKNOWN,
			rtc: "enabled",
		},
		[],
	],
];

describe("check of oss.BucketReplicationRule", () => {
	it.each(cases)("%s", async (_name, change, properties) => {
		const result = await rule.check({}, { ...valid, ...change });
		expect((result.failures ?? []).map(path).sort()).toEqual(
			[...properties].sort(),
		);
		for (const f of result.failures ?? []) {
			expect(f.reason).not.toBe("");
			// A top-level input, so that the engine can print its value.
			expect(ruleArgs).toContain(f.property);
		}
	});

	it("refuses a tag filter on a source in a finance region allowed by extraRegions (newer copy of seed 002)", async () => {
		process.env.BUCKET_REPLICATION_EXTRA_REGIONS = "oss-cn-shanghai-finance-1";
		try {
			const result = await rule.check(
				{},
				{
					...valid,
					region: "oss-cn-shanghai-finance-1",
					userTaggings: { filterType: "AND", userTagging: tags(2) },
				},
			);
			expect((result.failures ?? []).map(path)).toEqual(["userTaggings"]);
		} finally {
			delete process.env.BUCKET_REPLICATION_EXTRA_REGIONS;
		}
	});

	it("keeps a given rule id, else the old one while its pair is unchanged, else derives one from the pair", async () => {
		const { ruleId: _, ...noId } = valid;
		const given = await rule.check({ ...valid, ruleId: "old" }, valid);
		expect(given.inputs?.ruleId).toBe("r1");
		// State written by 0.1 with a random id keeps it: no replacement on upgrade.
		const kept = await rule.check({ ...valid, ruleId: "old" }, noId);
		expect(kept.inputs?.ruleId).toBe("old");
		// A create or replacement (no olds) derives it: the same in preview and up, on every re-run.
		const fresh = await rule.check({}, noId);
		expect(fresh.inputs?.ruleId).toBe("to-dst-bucket-oss-cn-beijing");
		expect((await rule.check(fresh.inputs ?? {}, noId)).inputs?.ruleId).toBe(
			"to-dst-bucket-oss-cn-beijing",
		);
		// What it is derived from changes: the id changes (and the diff shows it).
		const moved = await rule.check(
			{ ...valid, ruleId: "old" },
			{ ...noId, destination: { bucket: "other", location: "cn-beijing" } },
		);
		expect(moved.inputs?.ruleId).toBe("to-other-oss-cn-beijing");
		// Unknown destination at preview: the id is unknown too.
		const unknown = await rule.check(
			{},
			{ ...noId, destination: { bucket: UNKNOWN, location: "cn-beijing" } },
		);
		expect(unknown.inputs?.ruleId).toBe(UNKNOWN);
	});

	it("returns the normalized inputs with the resource type", async () => {
		const result = await rule.check({}, { ...valid, region: "cn-hangzhou " });
		expect(result.inputs).toMatchObject({
			__resource: "OssBucketReplicationRule",
			region: "oss-cn-hangzhou",
			action: "ALL",
		});
	});
});

describe("check of oss.Bucket", () => {
	const base = {
		__resource: "OssBucket",
		bucket: "b-1",
		region: "cn-hangzhou",
	};
	const bucketCases: Array<[string, Props, Props, string[]]> = [
		["valid", {}, {}, []],
		["versioning Enabled", {}, { versioning: "Enabled" }, []],
		["versioning not in the enum", {}, { versioning: "Off" }, ["versioning"]],
		[
			"versioning cannot go back to off",
			{ versioning: "Enabled" },
			{},
			["versioning"],
		],
		["bad name", {}, { bucket: "B_1" }, ["bucket"]],
		["bad region", {}, { region: "" }, ["region"]],
	];
	it.each(bucketCases)("%s", async (_name, olds, change, properties) => {
		const result = await bucket.check(
			{ ...base, ...olds },
			{ ...base, ...change },
		);
		expect((result.failures ?? []).map((f) => f.property)).toEqual(properties);
	});

	it("numbers where strings go (YAML's unquoted 2024) say to quote them", async () => {
		const reasons = async (change: Props) =>
			((await rule.check({}, { ...valid, ...change })).failures ?? []).map(
				(f) => f.reason,
			);
		expect(await reasons({ ruleId: 12345 })).toEqual([
			'ruleId must be a string, not the number 12345; in YAML, quote it: "12345"',
		]);
		expect(await reasons({ prefixes: [2024] })).toEqual([
			'prefixes[0]: must be a string, not the number 2024; in YAML, quote it: "2024"',
		]);
		expect(
			await reasons({
				userTaggings: {
					filterType: "OR",
					userTagging: [{ key: "env", value: 1 }],
				},
			}),
		).toEqual([
			'userTaggings.userTagging[0].value: must be a string, not the number 1; in YAML, quote it: "1"',
		]);
	});

	it("versioning enabled outside Pulumi, then refreshed: keeping it is offered, not only suspending it", async () => {
		const result = await bucket.check({ ...base, versioning: "Enabled" }, base);
		expect(result.failures?.[0].reason).toBe(
			`versioning cannot return to off: the bucket's versioning is Enabled; set it to "Enabled" or "Suspended"`,
		);
	});
});

/**
 * Through the runtime entry (as the provider host calls it): what the engine prints. Each row: the
 * change to a valid rule, the property the failure is on ("" when the engine must not print a huge
 * value), and fragments of its reason.
 */
const previewFailing: Array<[string, Props, string, string[]]> = [
	[
		"enum typo",
		{ historicalObjectReplication: "enable" },
		"historicalObjectReplication",
		['did you mean "enabled"?'],
	],
	[
		"region typo",
		{ region: "oss-cn-hangzou" },
		"region",
		['did you mean "oss-cn-hangzhou"?'],
	],
	[
		"region typo without oss-: quoted and hinted as written",
		{ region: "cn-shangai" },
		"region",
		[
			'region "cn-shangai" is not a known OSS region; did you mean "cn-shanghai"?',
		],
	],
	[
		"region typo in upper case with spaces: quoted as written",
		{ region: " CN-Hangzou " },
		"region",
		[
			'region " CN-Hangzou " is not a known OSS region; did you mean "cn-hangzhou"?',
		],
	],
	[
		"a COS region as an OSS location: quoted as written",
		{ destination: { bucket: "dst-bucket", location: "ap-beijing" } },
		"destination",
		[
			'destination.location "ap-beijing" is not a known OSS region; did you mean "cn-beijing"?',
		],
	],
	[
		"a malformed region: quoted as written",
		{ region: "cn_hangzhou" },
		"region",
		['; got "cn_hangzhou"'],
	],
	[
		"destination bucket missing: required, and its path named once",
		{ destination: { location: "oss-cn-beijing" } },
		"destination",
		["destination.bucket is required: an OSS bucket name is 3 to 63"],
	],
	[
		'an empty region is required, not "oss-"',
		{ region: "" },
		"region",
		['region is required: an OSS region such as "oss-cn-hangzhou"'],
	],
	[
		"a bad bucket name is quoted",
		{ bucket: "My_Bucket" },
		"bucket",
		['bucket "My_Bucket" is not valid: an OSS bucket name is 3 to 63'],
	],
	[
		"1 MB region: quoted short, and not printed by the engine",
		{ region: "a".repeat(1_048_576) },
		"",
		["region", "(1048576 characters)"],
	],
	[
		"prefix with a lone surrogate (Node would send U+FFFD)",
		{ prefixes: ["logs/", "img/\uD83D"] },
		"prefixes",
		["prefixes[1]:", "lone surrogate"],
	],
	[
		"prefix with a control character",
		{ prefixes: ["logs/\u0000"] },
		"prefixes",
		["control character"],
	],
	[
		"prefix instead of prefixes (would widen the rule to the whole bucket)",
		{ prefix: "logs/" },
		"prefix",
		[
			'prefix is not an argument of oss.BucketReplicationRule; did you mean "prefixes"?',
		],
	],
	[
		"unknown nested argument",
		{
			destination: {
				bucket: "dst-bucket",
				location: "oss-cn-beijing",
				transfertype: "internal",
			},
		},
		"destination",
		["destination.transfertype is not an argument", '"transferType"?'],
	],
	[
		"unknown tag argument",
		{
			userTaggings: {
				filterType: "OR",
				userTagging: [{ key: "k", vaule: "v" }],
			},
		},
		"userTaggings",
		["userTaggings.userTagging[0].vaule", 'did you mean "value"?'],
	],
];

describe("check through the runtime: what the engine prints", () => {
	it.each(previewFailing)("%s", async (_name, change, property, reasons) => {
		const result = await runtime.check({}, { ...valid, ...change });
		const failure = result.failures?.find((f) => f.property === property);
		expect(failure, JSON.stringify(result.failures)).toBeDefined();
		for (const r of reasons) expect(failure?.reason).toContain(r);
		for (const f of result.failures ?? [])
			expect(f.reason.length).toBeLessThan(1000);
	});

	it("oss.Bucket rejects unknown arguments and unknown regions", async () => {
		const result = await runtime.check(
			{},
			{
				__resource: "OssBucket",
				bucket: "src-bucket",
				region: "oss-cn-hangzou",
				versoning: "Enabled",
			},
		);
		expect(result.failures?.map((f) => f.property).sort()).toEqual([
			"region",
			"versoning",
		]);
	});
});
