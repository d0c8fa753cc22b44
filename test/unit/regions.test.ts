import { afterEach, describe, expect, it } from "vitest";
import { knownRegions as emulatorCos } from "../../emulator/cos/regions";
import { knownRegions as emulatorOss } from "../../emulator/oss/regions";
import * as runtime from "../../provider";
import { bosRegions } from "../../provider/bos/regions";
import { extraRegionsEnvVar, unknownRegion } from "../../provider/core/regions";
import { closest, editDistance } from "../../provider/core/suggest";
import { isWellFormed, quote } from "../../provider/core/text";
import { cosRegions } from "../../provider/cos/regions";
import { ossRegions } from "../../provider/oss/regions";

describe("region lists", () => {
	it("the emulators know exactly the provider's regions", () => {
		expect([...emulatorCos()].sort()).toEqual([...cosRegions].sort());
		expect([...emulatorOss()].sort()).toEqual([...ossRegions].sort());
	});

	it.each([
		["COS", cosRegions],
		["OSS", ossRegions],
		["BOS", bosRegions],
	])("%s: no duplicates, lower case", (_cloud, list) => {
		expect(new Set(list).size).toBe(list.length);
		for (const r of list) expect(r).toBe(r.toLowerCase());
	});
});

describe("unknownRegion", () => {
	afterEach(() => {
		delete process.env[extraRegionsEnvVar];
	});

	it.each([
		["COS", "ap-guangzho", cosRegions, 'did you mean "ap-guangzhou"?'],
		["COS", "mars-north-1", cosRegions, 'such as "ap-beijing"'],
		["OSS", "oss-cn-hangzou", ossRegions, 'did you mean "oss-cn-hangzhou"?'],
		["OSS", "oss-ap-beijing", ossRegions, "is not a known OSS region"],
		["BOS", "bjj", bosRegions, 'did you mean "bj"?'],
		["BOS", "beijing", bosRegions, "is not a known BOS region"],
		// Not a BOS region: "Region与Endpoint" (cloud.baidu.com/doc/BOS/s/akrqd2wcx) has no Nanjing.
		["BOS", "nj", bosRegions, "is not a known BOS region"],
		["OSS", "oss-na-sout-1", ossRegions, 'did you mean "oss-na-south-1"?'],
	])("%s %s", (vendor, region, list, reason) => {
		expect(unknownRegion(vendor, region, list, list[0])).toContain(reason);
	});

	it.each([
		["cn-shangai", (r: string) => r.slice(4), '"cn-shangai"', '"cn-shanghai"?'],
		[
			"OSS-CN-SHANGAI",
			(r: string) => r,
			'"OSS-CN-SHANGAI"',
			'"oss-cn-shanghai"?',
		],
		[
			"mars-1 ",
			(r: string) => r.slice(4),
			'"mars-1 "',
			'such as "cn-hangzhou"',
		],
	])(
		"OSS %s: quoted and hinted as the user wrote it",
		(written, spell, quoted, hint) => {
			const normalized = `oss-${written.trim().toLowerCase().replace(/^oss-/, "")}`;
			const reason = unknownRegion(
				"OSS",
				normalized,
				ossRegions,
				"oss-cn-hangzhou",
				(r) => r,
				{
					written,
					spell,
				},
			);
			expect(reason?.startsWith(`${quoted} is not a known OSS region`)).toBe(
				true,
			);
			expect(reason).toContain(hint);
		},
	);

	it("accepts every listed region", () => {
		for (const r of cosRegions)
			expect(unknownRegion("COS", r, cosRegions, "x")).toBeUndefined();
	});

	it.each([
		["COS finance", "ap-shenzhen-fsi", cosRegions],
		["COS Beijing zone 1 (old buckets only)", "ap-beijing-1", cosRegions],
		["OSS Wuhan local region", "oss-cn-wuhan-lr", ossRegions],
		["OSS Mexico", "oss-na-south-1", ossRegions],
		["BOS Yangquan", "yq", bosRegions],
		["BOS Shanghai finance", "fsh", bosRegions],
	])("accepts %s (%s), in the vendor's current list", (_name, region, list) => {
		expect(unknownRegion("X", region, list, "x")).toBeUndefined();
	});

	it("accepts a region newer than the package once the setting lists it", () => {
		expect(unknownRegion("BOS", "xm", bosRegions, "bj")).toContain(
			"pulumi config set bucket-replication:extraRegions xm",
		);
		process.env[extraRegionsEnvVar] = "ap-newcity, XM";
		expect(unknownRegion("BOS", "xm", bosRegions, "bj")).toBeUndefined();
		expect(unknownRegion("COS", "ap-newcity", cosRegions, "x")).toBeUndefined();
	});
});

describe("did you mean", () => {
	it.each([
		["prefx", ["prefix", "priority"], "prefix"],
		["prefix", ["prefixes", "action"], "prefixes"],
		["storageclass", ["bucket", "storageClass", "prefix"], "storageClass"],
		["zzz", ["bucket", "region"], undefined],
	])("%s", (name, known, expected) => {
		expect(closest(name, known)).toBe(expected);
	});

	it("edit distance", () => {
		expect(editDistance("bjj", "bj")).toBe(1);
		expect(editDistance("kitten", "sitting")).toBe(3);
	});
});

describe("quote", () => {
	it("quotes a short value whole and a long one by a prefix and its length", () => {
		expect(quote("ap-guangzhou")).toBe('"ap-guangzhou"');
		const long = quote("a".repeat(1_000_000));
		expect(long).toBe(`"${"a".repeat(40)}…" (1000000 characters)`);
	});

	it("finds lone surrogates", () => {
		expect(isWellFormed("logs/😀")).toBe(true);
		expect(isWellFormed("logs/\uD83D")).toBe(false);
		expect(isWellFormed("\uDE00x")).toBe(false);
	});
});

/**
 * Spaces around a region: every cloud trims them (docs/reference.md). Each row: the inputs, with the
 * region written with spaces, and the region `check` stores. COS rejected "ap-guangzhou " while OSS and
 * BOS took it; trimming everywhere keeps programs written for OSS and BOS working.
 */
const spaced: Array<[string, Record<string, unknown>, string]> = [
	[
		"COS bucket",
		{
			__resource: "CosBucket",
			bucket: "b-1250000000",
			region: "ap-guangzhou ",
		},
		"ap-guangzhou",
	],
	[
		"COS rule",
		{
			__resource: "CosBucketReplicationRule",
			bucket: "src-1250000000",
			region: " ap-guangzhou",
			role: "qcs::cam::uin/100000000001:uin/100000000001",
			ruleId: "r1",
			destination: { bucket: "dst-1250000000", region: "ap-beijing\t" },
		},
		"ap-guangzhou",
	],
	[
		"OSS bucket",
		{ __resource: "OssBucket", bucket: "b-1", region: "cn-hangzhou " },
		"oss-cn-hangzhou",
	],
	[
		"BOS bucket",
		{ __resource: "BosBucket", bucket: "b-1", region: "bj " },
		"bj",
	],
];

describe("spaces around a region", () => {
	it.each(spaced)("%s: trimmed", async (_name, inputs, stored) => {
		const result = await runtime.check({}, inputs);
		expect(result.failures).toBeUndefined();
		expect(result.inputs?.region).toBe(stored);
		const destination = result.inputs?.destination as
			| { region?: string }
			| undefined;
		if (destination?.region) expect(destination.region).toBe("ap-beijing");
	});
});
