import { describe, expect, it } from "vitest";
import { normalizeBucket, normalizeRule } from "../../provider/bos/normalize";
import { UNKNOWN } from "../../provider/core/diff";

const base = {
	region: "bj",
	bucket: "src-bucket",
	ruleId: "rule1",
	destination: { bucket: "dst-bucket" },
};

describe("BOS rule normalization", () => {
	it.each([
		[
			"fills every default",
			base,
			{
				region: "bj",
				bucket: "src-bucket",
				ruleId: "rule1",
				status: "enabled",
				resource: ["src-bucket/*"],
				notIncludeResource: [],
				destination: { bucket: "dst-bucket" },
				replicateDeletes: "disabled",
				adopt: false,
				replicationRestarts: 0,
			},
		],
		[
			"canonical casing of enums and storage classes",
			{
				...base,
				region: "BJ",
				status: "Enabled",
				replicateDeletes: "ENABLED",
				destination: { bucket: "dst-bucket", storageClass: "standard_ia" },
				replicateHistory: { storageClass: "cold" },
			},
			{
				region: "bj",
				status: "enabled",
				replicateDeletes: "enabled",
				destination: { bucket: "dst-bucket", storageClass: "STANDARD_IA" },
				replicateHistory: { storageClass: "COLD" },
			},
		],
		[
			"sorted lists (order means nothing to BOS)",
			{
				...base,
				resource: ["src-bucket/logs/*", "src-bucket/img*"],
				notIncludeResource: ["src-bucket/*.tmp", "src-bucket/a*"],
			},
			{
				resource: ["src-bucket/img*", "src-bucket/logs/*"],
				notIncludeResource: ["src-bucket/*.tmp", "src-bucket/a*"],
			},
		],
		[
			'empty optional strings are "not set"',
			{
				...base,
				destination: { bucket: "dst-bucket", storageClass: "", prefix: "" },
			},
			{ destination: { bucket: "dst-bucket" } },
		],
		[
			"replicateHistory: absent, {} and BOS's bucket echo",
			{
				...base,
				replicateHistory: { bucket: "dst-bucket", storageClass: "REMAIN" },
			},
			{ replicateHistory: { storageClass: "REMAIN" } },
		],
		[
			"a rule as BOS returns it (id, createTime, destRegion)",
			{
				id: "rule1",
				status: "enabled",
				resource: ["src-bucket/*"],
				destination: { bucket: "dst-bucket" },
				replicateDeletes: "disabled",
				createTime: 1700000000,
				destRegion: "bj",
			},
			{ ruleId: "rule1", notIncludeResource: [], replicateDeletes: "disabled" },
		],
		[
			"unknown values pass through, a whole object or list too",
			{
				...base,
				bucket: UNKNOWN,
				destination: UNKNOWN,
				notIncludeResource: UNKNOWN,
			},
			{
				bucket: UNKNOWN,
				resource: UNKNOWN,
				destination: UNKNOWN,
				notIncludeResource: UNKNOWN,
			},
		],
	])("%s", (_name, input, expected) => {
		const out = normalizeRule(input);
		expect(out).toMatchObject(expected);
		expect(normalizeRule(out)).toEqual(out); // idempotent
	});

	it("has no undefined members (outputs must be JSON-clean)", () => {
		const out = normalizeRule({ ...base, replicateHistory: undefined });
		expect(Object.values(out)).not.toContain(undefined);
		expect("replicateHistory" in out).toBe(false);
	});
});

describe("BOS bucket normalization", () => {
	it.each([
		[
			{ region: "bj", bucket: "b-1" },
			{ region: "bj", bucket: "b-1", versioning: "notEnabled", adopt: false },
		],
		[
			{ region: "GZ", bucket: "b-1", versioning: "NOTENABLED", adopt: true },
			{ region: "gz", bucket: "b-1", versioning: "notEnabled", adopt: true },
		],
		[
			{ region: "bj", bucket: "b-1", versioning: "Enabled" },
			{ region: "bj", bucket: "b-1", versioning: "enabled", adopt: false },
		],
	])("%j", (input, expected) => {
		expect(normalizeBucket(input)).toEqual(expected);
	});
});
