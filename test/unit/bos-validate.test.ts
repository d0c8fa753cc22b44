import { describe, expect, it } from "vitest";
import * as runtime from "../../provider";
import { normalizeBucket, normalizeRule } from "../../provider/bos/normalize";
import { validateBucket, validateRule } from "../../provider/bos/validate";
import { UNKNOWN } from "../../provider/core/diff";

const base = {
	region: "bj",
	bucket: "src-bucket",
	ruleId: "rule1",
	destination: { bucket: "dst-bucket" },
};

const failuresOf = (input: Record<string, unknown>) =>
	validateRule(normalizeRule(input));

describe("BOS rule validation (check, offline)", () => {
	it.each([
		["the minimal rule", base],
		[
			"every field",
			{
				...base,
				ruleId: "Rule_2-b",
				status: "disabled",
				resource: ["src-bucket/logs/*", "src-bucket/abc", "src-bucket/*"],
				notIncludeResource: [
					"src-bucket/tmp/*",
					"src-bucket/*.jpeg",
					"src-bucket/*test*",
				],
				destination: {
					bucket: "dst-bucket",
					storageClass: "COLD",
					prefix: "copy/",
				},
				replicateHistory: { storageClass: "REMAIN" },
				replicateDeletes: "enabled",
				adopt: true,
			},
		],
		[
			"20 resources",
			{
				...base,
				resource: Array.from({ length: 20 }, (_, i) => `src-bucket/p${i}/*`),
			},
		],
		["a 20-character id", { ...base, ruleId: "a".repeat(20) }],
		[
			"unknowns everywhere (preview)",
			{
				...base,
				bucket: UNKNOWN,
				ruleId: UNKNOWN,
				resource: [UNKNOWN, "src-bucket/x"],
				destination: { bucket: UNKNOWN },
				replicateHistory: UNKNOWN,
			},
		],
	])("accepts %s", (_name, input) => {
		expect(failuresOf(input)).toEqual([]);
	});

	it.each([
		["region", { ...base, region: undefined }, /region is required/],
		[
			"bucket",
			{ ...base, bucket: "Src_Bucket" },
			/bucket "Src_Bucket" is invalid/,
		],
		["ruleId", { ...base, ruleId: undefined }, /ruleId is required/],
		[
			"ruleId",
			{ ...base, ruleId: "a".repeat(21) },
			/1 to 20 letters, digits, - and _/,
		],
		["ruleId", { ...base, ruleId: "rule.1" }, /ruleId "rule.1" is invalid/],
		[
			"ruleId",
			{ ...base, ruleId: 12345 },
			/ruleId must be a string, not the number 12345; in YAML, quote it: "12345"/,
		],
		[
			"status",
			{ ...base, status: "on" },
			/status "on" must be one of "enabled", "disabled"/,
		],
		[
			"resource",
			{ ...base, resource: [] },
			/resource has 0 entries; BOS allows 1 to 20/,
		],
		[
			"resource",
			{
				...base,
				resource: Array.from({ length: 21 }, (_, i) => `src-bucket/p${i}`),
			},
			/resource has 21 entries; BOS allows 1 to 20/,
		],
		[
			"resource",
			{ ...base, resource: ["other/x*"] },
			/resource\[0\] "other\/x\*" must start with the source bucket: "src-bucket\/..."/,
		],
		[
			"resource",
			{ ...base, resource: ["src-bucket/a*b"] },
			/must have one of the forms/,
		],
		[
			"resource",
			{ ...base, resource: ["src-bucket/"] },
			/must have one of the forms/,
		],
		[
			"resource",
			{ ...base, resource: ["src-bucket/a", "src-bucket/a"] },
			/"src-bucket\/a" is listed twice/,
		],
		[
			"resource",
			{ ...base, resource: "src-bucket/*" },
			/resource must be a list of strings/,
		],
		[
			"notIncludeResource",
			{ ...base, notIncludeResource: ["src-bucket/tmp"] },
			/"<bucket>\/<prefix>\*", "<bucket>\/\*<suffix>" or "<bucket>\/\*<infix>\*"/,
		],
		[
			"notIncludeResource",
			{ ...base, notIncludeResource: ["src-bucket/*"] },
			/must have one of the forms/,
		],
		[
			"notIncludeResource",
			{ ...base, notIncludeResource: ["dst-bucket/a*"] },
			/must start with the source bucket/,
		],
		[
			"notIncludeResource",
			{
				...base,
				notIncludeResource: Array.from(
					{ length: 21 },
					(_, i) => `src-bucket/p${i}*`,
				),
			},
			/notIncludeResource has 21 entries; BOS allows 0 to 20/,
		],
		[
			"destination",
			{ ...base, destination: undefined },
			/destination is required/,
		],
		[
			"destination",
			{ ...base, destination: { prefix: "x/" } },
			/destination\.bucket is required: 3 to 63/,
		],
		[
			"destination",
			{ ...base, destination: { bucket: "src-bucket" } },
			/must differ from the source bucket/,
		],
		[
			"destination",
			{
				...base,
				destination: { bucket: "dst-bucket", storageClass: "ARCHIVE" },
			},
			/destination\.storageClass "ARCHIVE" must be one of "STANDARD"/,
		],
		[
			"replicateHistory",
			{ ...base, replicateHistory: { storageClass: "GLACIER" } },
			/"GLACIER" must be one of .*"REMAIN"/,
		],
		[
			"replicateHistory",
			{ ...base, replicateHistory: "yes" },
			/replicateHistory must be an object/,
		],
		[
			"replicateDeletes",
			{ ...base, replicateDeletes: "true" },
			/replicateDeletes "true" must be one of/,
		],
		["adopt", { ...base, adopt: "yes" }, /adopt must be true or false/],
		[
			"resource",
			{
				...base,
				resource: Array.from(
					{ length: 20 },
					(_, i) => `src-bucket/${String(i).padStart(7000, "x")}`,
				),
			},
			/BOS allows 128 KB per rule/,
		],
	])("names %s: %j", (property, input, reason) => {
		const failures = failuresOf(input as Record<string, unknown>);
		expect(failures.map((f) => f.property)).toContain(property);
		expect(failures.map((f) => f.reason).join("\n")).toMatch(reason);
	});
});

describe("BOS bucket validation", () => {
	it.each([
		[{ region: "bj", bucket: "my-bucket" }, {}, []],
		[
			{ region: "bj", bucket: "my-bucket", versioning: "suspended" },
			{ versioning: "enabled", bucket: "my-bucket" },
			[],
		],
		[{ region: "bj", bucket: "-bad" }, {}, ["bucket"]],
		[{ bucket: "my-bucket" }, {}, ["region"]],
		[
			{ region: "bj", bucket: "my-bucket", versioning: "on" },
			{},
			["versioning"],
		],
		[
			{ region: "bj", bucket: "my-bucket", versioning: "notEnabled" },
			{ region: "bj", bucket: "my-bucket", versioning: "enabled" },
			["versioning"],
		],
	])("%j (olds %j) -> %j", (input, olds, properties) => {
		const previous = Object.keys(olds).length ? normalizeBucket(olds) : {};
		expect(
			validateBucket(normalizeBucket(input), previous).map((f) => f.property),
		).toEqual(properties);
	});
});

/**
 * Through the runtime entry (as the provider host calls it): what the engine prints. Each row: the
 * change to a valid rule, the property the failure is on ("" when the engine must not print a huge
 * value), and fragments of its reason.
 */
const previewFailing: Array<
	[string, Record<string, unknown>, string, string[]]
> = [
	["region typo", { region: "bjj" }, "region", ['did you mean "bj"?']],
	[
		"enum typo",
		{ status: "enabeld" },
		"status",
		['status "enabeld" must be one of', 'did you mean "enabled"?'],
	],
	[
		"a blank region (spaces are trimmed): required, as on COS and OSS",
		{ region: "  " },
		"region",
		['region is required: a BOS region id such as "bj"'],
	],
	[
		"a region name instead of its id",
		{ region: "beijing" },
		"region",
		['"beijing" is not a known BOS region'],
	],
	[
		"1 MB destination.prefix: named, quoted short, not printed by the engine",
		{ destination: { bucket: "dst-bucket", prefix: "p".repeat(1_048_576) } },
		"",
		["destination.prefix is 1048578 bytes as JSON", "128 KB per rule"],
	],
	[
		"resource with a lone surrogate",
		{ resource: ["src-bucket/\uD83D*"] },
		"resource",
		["resource[0]", "lone surrogate"],
	],
	[
		"destination.prefix with a lone surrogate",
		{ destination: { bucket: "dst-bucket", prefix: "\uDE00" } },
		"destination",
		["destination.prefix", "lone surrogate"],
	],
	[
		"unknown nested argument",
		{ destination: { bucket: "dst-bucket", storageclass: "COLD" } },
		"destination",
		[
			"destination.storageclass is not an argument",
			'did you mean "storageClass"?',
		],
	],
	[
		"unknown argument",
		{ notIncludeResources: ["src-bucket/*.tmp"] },
		"notIncludeResources",
		['did you mean "notIncludeResource"?'],
	],
];

describe("check through the runtime: what the engine prints", () => {
	it.each(previewFailing)("%s", async (_name, change, property, reasons) => {
		const result = await runtime.check(
			{},
			{ __resource: "BosBucketReplicationRule", ...base, ...change },
		);
		const failure = result.failures?.find((f) => f.property === property);
		expect(failure, JSON.stringify(result.failures)).toBeDefined();
		for (const r of reasons) expect(failure?.reason).toContain(r);
		for (const f of result.failures ?? [])
			expect(f.reason.length).toBeLessThan(1000);
	});

	it("bos.Bucket rejects unknown arguments and unknown regions", async () => {
		const result = await runtime.check(
			{},
			{
				__resource: "BosBucket",
				bucket: "src-bucket",
				region: "gzz",
				versionning: "enabled",
			},
		);
		expect(result.failures?.map((f) => f.property).sort()).toEqual([
			"region",
			"versionning",
		]);
	});
});
