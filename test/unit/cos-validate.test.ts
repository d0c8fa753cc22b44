import { describe, expect, it } from "vitest";
import * as runtime from "../../provider";
import { UNKNOWN } from "../../provider/core/diff";
import type { Props } from "../../provider/core/types";
import { handlers } from "../../provider/cos";

const replication = handlers.CosBucketReplication;
const single = handlers.CosBucketReplicationRule;
const bucket = handlers.CosBucket;

const role = "qcs::cam::uin/100000000001:uin/100000000001";
const dst = { bucket: "dst-1250000000", region: "ap-beijing" };
const rule = (extra: Props = {}): Props => ({
	id: "r1",
	destination: dst,
	...extra,
});
const config = (extra: Props = {}): Props => ({
	__resource: "CosBucketReplication",
	bucket: "src-1250000000",
	region: "ap-guangzhou",
	role,
	rules: [rule()],
	...extra,
});

/** [case, inputs, the failing property, a fragment of the reason] */
const failing: Array<[string, Props, string, string]> = [
	["bucket missing", config({ bucket: undefined }), "bucket", "required"],
	["bucket without APPID", config({ bucket: "src" }), "bucket", "APPID"],
	["bucket upper case", config({ bucket: "Src-125" }), "bucket", "not valid"],
	["region", config({ region: "AP Guangzhou" }), "region", "COS region"],
	["role format", config({ role: "admin" }), "role", "qcs::cam::uin"],
	["adopt type", config({ adopt: "yes" }), "adopt", "true or false"],
	["no rules", config({ rules: [] }), "rules", "at least one"],
	[
		"1001 rules (docs/cos.md: 1 to 1000)",
		config({
			rules: Array.from({ length: 1001 }, (_, i) =>
				rule({ id: `r${i}`, prefix: `p${i}/` }),
			),
		}),
		"rules",
		"1 to 1000 rules; got 1001",
	],
	[
		"rule id missing",
		config({ rules: [rule({ id: undefined })] }),
		"rules[0].id",
		"required",
	],
	[
		"rule id as a YAML number (`id: 2024`)",
		config({ rules: [rule({ id: 2024 })] }),
		"rules[0].id",
		'must be a string, not the number 2024; in YAML, quote it: "2024"',
	],
	[
		"tag value as a YAML number (`value: 1`)",
		config({
			rules: [
				rule({
					filter: { tags: [{ key: "env", value: 1 }] },
					deleteMarkerReplication: { status: "Disabled" },
				}),
			],
		}),
		"rules[0].filter.tags[0].value",
		'must be a string, not the number 1; in YAML, quote it: "1"',
	],
	[
		"rule id charset",
		config({ rules: [rule({ id: "a b" })] }),
		"rules[0].id",
		"letters",
	],
	[
		"rule id length",
		config({ rules: [rule({ id: "x".repeat(256) })] }),
		"rules[0].id",
		"255",
	],
	[
		"status enum",
		config({ rules: [rule({ status: "On" })] }),
		"rules[0].status",
		"Enabled, Disabled",
	],
	[
		"priority range",
		config({ rules: [rule({ priority: 0 })] }),
		"rules[0].priority",
		"1 to 1000",
	],
	[
		"priority integer",
		config({ rules: [rule({ priority: 1.5 })] }),
		"rules[0].priority",
		"integer",
	],
	[
		"prefix and filter",
		config({ rules: [rule({ prefix: "a", filter: { prefix: "b" } })] }),
		"rules[0].filter",
		"alternatives",
	],
	[
		"filter.and with filter.prefix",
		config({
			rules: [rule({ filter: { prefix: "a", and: { prefix: "b" } } })],
		}),
		"rules[0].filter.and",
		"cannot be combined",
	],
	[
		"too many tags",
		config({
			rules: [
				rule({
					filter: {
						tags: Array.from({ length: 11 }, (_, i) => ({
							key: `k${i}`,
							value: "",
						})),
					},
					deleteMarkerReplication: { status: "Disabled" },
				}),
			],
		}),
		"rules[0].filter.tags",
		"at most 10",
	],
	[
		"repeated tag key",
		config({
			rules: [rule({ filter: { tags: [{ key: "a" }, { key: "a" }] } })],
		}),
		"rules[0].filter.tags[1].key",
		"repeated",
	],
	[
		"tags with delete markers",
		config({
			rules: [
				rule({
					filter: { tags: [{ key: "a", value: "1" }] },
					deleteMarkerReplication: { status: "Enabled" },
				}),
			],
		}),
		"rules[0].deleteMarkerReplication.status",
		"Disabled",
	],
	[
		"two destination buckets",
		config({
			rules: [
				rule({ prefix: "a/" }),
				rule({
					id: "r2",
					prefix: "b/",
					destination: { bucket: "other-1250000000", region: "ap-beijing" },
				}),
			],
		}),
		"rules",
		"same destination bucket",
	],
	[
		"destination missing",
		config({ rules: [rule({ destination: undefined })] }),
		"rules[0].destination",
		"required",
	],
	[
		"destination without region",
		config({ rules: [rule({ destination: { bucket: "dst-1250000000" } })] }),
		"rules[0].destination.region",
		"required",
	],
	[
		"destination qcs string malformed",
		config({
			rules: [
				rule({ destination: { bucket: "qcs::cos:ap-beijing:dst-1250000000" } }),
			],
		}),
		"rules[0].destination.bucket",
		"qcs::cos:<Region>::<BucketName-APPID>",
	],
	[
		"destination region disagrees",
		config({
			rules: [
				rule({
					destination: {
						bucket: "qcs::cos:ap-beijing::dst-1250000000",
						region: "ap-shanghai",
					},
				}),
			],
		}),
		"rules[0].destination.region",
		"disagrees",
	],
	[
		"destination is the source",
		config({
			rules: [
				rule({
					destination: { bucket: "src-1250000000", region: "ap-beijing" },
				}),
			],
		}),
		"rules[0].destination.bucket",
		"source bucket itself",
	],
	[
		"storage class",
		config({
			rules: [rule({ destination: { ...dst, storageClass: "GLACIER" } })],
		}),
		"rules[0].destination.storageClass",
		"STANDARD_IA",
	],
	[
		"kms key empty",
		config({
			rules: [
				rule({
					destination: {
						...dst,
						encryptionConfiguration: { replicaKmsKeyId: "" },
					},
				}),
			],
		}),
		"rules[0].destination.encryptionConfiguration.replicaKmsKeyId",
		"non-empty",
	],
	[
		"kms key with spaces around it (it comes back trimmed: drift on every refresh)",
		config({
			rules: [
				rule({
					destination: {
						...dst,
						encryptionConfiguration: { replicaKmsKeyId: " kms-1 " },
					},
				}),
			],
		}),
		"rules[0].destination.encryptionConfiguration.replicaKmsKeyId",
		"spaces around it",
	],
	[
		"kms status",
		config({
			rules: [
				rule({
					sourceSelectionCriteria: {
						sseKmsEncryptedObjects: { status: "yes" },
					},
				}),
			],
		}),
		"rules[0].sourceSelectionCriteria.sseKmsEncryptedObjects.status",
		"Enabled, Disabled",
	],
	[
		"duplicate ids",
		config({ rules: [rule({ prefix: "a/" }), rule({ prefix: "b/" })] }),
		"rules",
		'rules[1]: rule id "r1" is used twice',
	],
	[
		"overlapping prefixes",
		config({
			rules: [
				rule({ prefix: "logs/" }),
				rule({ id: "r2", prefix: "logs/app/" }),
			],
		}),
		"rules",
		'rules[1]: rules "r1" and "r2" have overlapping prefixes',
	],
	[
		"the root prefix overlaps everything",
		config({ rules: [rule(), rule({ id: "r2", prefix: "x/" })] }),
		"rules",
		"overlapping",
	],
	[
		"priority on some rules only",
		config({
			rules: [
				rule({ prefix: "a/", priority: 1 }),
				rule({ id: "r2", prefix: "b/" }),
			],
		}),
		"rules",
		'rules[1]: either every rule has a priority or none has; rules without one: "r2"',
	],
	[
		"duplicate priority",
		config({ rules: [rule({ priority: 1 }), rule({ id: "r2", priority: 1 })] }),
		"rules",
		"rules[1].priority: priority 1 is used by rules",
	],
];

describe("BucketReplication check: every failure names its field", () => {
	it.each(failing)("%s", async (_name, inputs, property, reason) => {
		const result = await replication.check({}, inputs);
		expect(result.inputs).toBeUndefined();
		const failure = result.failures?.find((f) => f.property === property);
		expect(failure, JSON.stringify(result.failures)).toBeDefined();
		expect(failure?.reason).toContain(reason);
	});
});

describe("BucketReplication check: valid input", () => {
	const valid: Array<[string, Props]> = [
		["minimal", config()],
		[
			"1000 rules",
			config({
				rules: Array.from({ length: 1000 }, (_, i) =>
					rule({ id: `r${i}`, prefix: `p${i}/` }),
				),
			}),
		],
		[
			"distinct prefixes",
			config({
				rules: [rule({ prefix: "a/" }), rule({ id: "r2", prefix: "b/" })],
			}),
		],
		[
			"overlap allowed with priorities",
			config({
				rules: [
					rule({ priority: 2 }),
					rule({ id: "r2", prefix: "x/", priority: 1 }),
				],
			}),
		],
		[
			"overlap allowed when one rule is disabled",
			config({
				rules: [rule(), rule({ id: "r2", prefix: "x/", status: "Disabled" })],
			}),
		],
		[
			"qcs destination",
			config({
				rules: [
					rule({
						destination: { bucket: "qcs::cos:ap-beijing::dst-1250000000" },
					}),
				],
			}),
		],
		[
			"tags default delete markers off",
			config({
				rules: [rule({ filter: { tags: [{ key: "a", value: "1" }] } })],
			}),
		],
		[
			"regions with spaces around them (trimmed, as OSS and BOS do)",
			config({
				region: "ap-guangzhou ",
				rules: [rule({ destination: { ...dst, region: " ap-beijing" } })],
			}),
		],
	];
	it.each(valid)("%s", async (_name, inputs) => {
		const result = await replication.check({}, inputs);
		expect(result.failures).toBeUndefined();
		expect(result.inputs?.__resource).toBe("CosBucketReplication");
		expect(result.inputs?.adopt).toBe(false);
	});

	it("is deterministic, and the order of rules does not matter", async () => {
		const ra = rule({ prefix: "a/", id: "a" });
		const rb = rule({ prefix: "b/", id: "b" });
		const once = await replication.check({}, config({ rules: [rb, ra] }));
		expect(await replication.check({}, config({ rules: [rb, ra] }))).toEqual(
			once,
		);
		expect(await replication.check({}, config({ rules: [ra, rb] }))).toEqual(
			once,
		);
		expect(Object.keys(once.inputs?.rules ?? {})).toEqual(["a", "b"]);
	});

	// `ignoreChanges: ["rules"]`: the engine hands back the stored rules, keyed by id.
	it.each([
		["minimal", [rule()]],
		[
			"priorities, tags, a qcs destination",
			[
				rule({ priority: 2, filter: { tags: [{ key: "b" }, { key: "a" }] } }),
				rule({
					id: "r2",
					priority: 1,
					prefix: "x/",
					destination: { bucket: "qcs::cos:ap-beijing::dst-1250000000" },
				}),
			],
		],
		[
			"prefix and tags under and",
			[rule({ filter: { and: { prefix: "p/", tags: [{ key: "k" }] } } })],
		],
	] as Array<[string, Props[]]>)(
		"takes the rules as it stored them: %s",
		async (_name, rules) => {
			const stored = await replication.check({}, config({ rules }));
			expect(stored.failures).toBeUndefined();
			const again = await replication.check(
				{},
				config({ rules: stored.inputs?.rules }),
			);
			expect(again).toEqual(stored);
		},
	);
});

describe("unknown values during preview pass through check", () => {
	const cases: Array<[string, Props]> = [
		["whole rules list", config({ rules: UNKNOWN })],
		[
			"one rule",
			config({ rules: [UNKNOWN, rule({ id: "r2", prefix: "x/" })] }),
		],
		[
			"destination bucket",
			config({
				rules: [
					rule({ destination: { bucket: UNKNOWN, region: "ap-beijing" } }),
				],
			}),
		],
		["role", config({ role: UNKNOWN })],
		["bucket", config({ bucket: UNKNOWN })],
	];
	it.each(cases)("%s", async (_name, inputs) => {
		const result = await replication.check({}, inputs);
		expect(result.failures).toBeUndefined();
		expect(result.inputs).toEqual({
			...inputs,
			__resource: "CosBucketReplication",
		});
	});

	it("still reports the known bad fields", async () => {
		const result = await replication.check(
			{},
			config({ role: UNKNOWN, region: "BAD" }),
		);
		expect(result.failures?.map((f) => f.property)).toEqual(["region"]);
	});
});

describe("BucketReplicationRule check", () => {
	const ruleInputs = (extra: Props = {}): Props => ({
		__resource: "CosBucketReplicationRule",
		bucket: "src-1250000000",
		region: "ap-guangzhou",
		role,
		ruleId: "r1",
		destination: dst,
		...extra,
	});
	const table: Array<[string, Props, string]> = [
		["ruleId", ruleInputs({ ruleId: "" }), "ruleId"],
		["role", ruleInputs({ role: "x" }), "role"],
		["prefix and filter", ruleInputs({ prefix: "a", filter: {} }), "filter"],
		[
			"destination is source",
			ruleInputs({
				destination: { bucket: "qcs::cos:ap-beijing::src-1250000000" },
			}),
			"destination.bucket",
		],
		["priority", ruleInputs({ priority: 1001 }), "priority"],
	];
	it.each(table)("fails on %s", async (_name, inputs, property) => {
		const result = await single.check({}, inputs);
		expect(result.failures?.map((f) => f.property)).toContain(property);
	});

	it("normalizes into ruleId plus the rule's fields", async () => {
		const result = await single.check({}, ruleInputs({ status: "disabled" }));
		expect(result.inputs).toEqual({
			__resource: "CosBucketReplicationRule",
			bucket: "src-1250000000",
			region: "ap-guangzhou",
			role,
			ruleId: "r1",
			status: "Disabled",
			prefix: "",
			destination: dst,
			deleteMarkerReplication: { status: "Enabled" },
			adopt: false,
		});
	});
});

describe("Bucket check", () => {
	it.each([
		[{ bucket: "b", region: "ap-guangzhou" }, "bucket"],
		[{ bucket: "b-1250000000", region: "" }, "region"],
		[
			{ bucket: "b-1250000000", region: "ap-guangzhou", versioning: "Off" },
			"versioning",
		],
	])("fails on %j", async (inputs, property) => {
		const result = await bucket.check(
			{},
			{ __resource: "CosBucket", ...inputs },
		);
		expect(result.failures?.map((f) => f.property)).toEqual([property]);
	});

	it("defaults versioning to Enabled and canonicalizes its casing", async () => {
		const base = {
			__resource: "CosBucket",
			bucket: "b-1250000000",
			region: "ap-guangzhou",
		};
		expect((await bucket.check({}, base)).inputs?.versioning).toBe("Enabled");
		expect(
			(await bucket.check({}, { ...base, versioning: "suspended" })).inputs
				?.versioning,
		).toBe("Suspended");
	});
});

/**
 * Through the runtime entry (as the provider host calls it): what the engine prints. Each row: the
 * inputs, the property the failure is on ("" when the engine must not print a huge value), and
 * fragments of its reason.
 */
const previewFailing: Array<[string, Props, string, string[]]> = [
	[
		"enum typo",
		config({
			rules: [rule({ destination: { ...dst, storageClass: "STANDARD_AI" } })],
		}),
		"rules",
		['got "STANDARD_AI"; did you mean "STANDARD_IA"?'],
	],
	[
		"region typo",
		config({ region: "ap-guangzho" }),
		"region",
		['did you mean "ap-guangzhou"?', "bucket-replication:extraRegions"],
	],
	[
		"well-formed unknown region",
		config({ region: "mars-north-1" }),
		"region",
		['"mars-north-1" is not a known COS region'],
	],
	[
		"upper-case region: named in lower case",
		config({ region: "AP-BEIJING" }),
		"region",
		['region "AP-BEIJING" must be lower case', 'did you mean "ap-beijing"?'],
	],
	[
		"upper-case region in a destination id",
		config({
			rules: [
				rule({
					destination: { bucket: "qcs::cos:AP-SHANGHAI::dst-1250000000" },
				}),
			],
		}),
		"rules",
		['"AP-SHANGHAI" must be lower case', 'did you mean "ap-shanghai"?'],
	],
	[
		"destination region typo",
		config({ rules: [rule({ destination: { ...dst, region: "ap-bejing" } })] }),
		"rules",
		['rules[0].destination.region "ap-bejing"', '"ap-beijing"?'],
	],
	[
		"region in a destination id",
		config({
			rules: [
				rule({
					destination: { bucket: "qcs::cos:ap-shangai::dst-1250000000" },
				}),
			],
		}),
		"rules",
		['did you mean "ap-shanghai"?'],
	],
	[
		"311-character bucket",
		config({ bucket: `${"a".repeat(300)}-1250000000` }),
		"bucket",
		["at most 63 characters", "(311 characters)"],
	],
	[
		"bucket whose domain exceeds 60 characters",
		config({ bucket: `${"a".repeat(30)}-1250000000` }),
		"bucket",
		["would have 71 characters", "COS allows 60"],
	],
	[
		"1 MB region: quoted short, and not printed by the engine",
		config({ region: "a".repeat(1_048_576) }),
		"",
		["region ", "(1048576 characters)", "at most 63"],
	],
	[
		"prefix with a lone surrogate",
		config({ rules: [rule({ prefix: "logs/\uD83D" })] }),
		"rules",
		["rules[0].prefix", "lone surrogate"],
	],
	[
		"prefix with a control character",
		config({ rules: [rule({ prefix: "logs/\u0001" })] }),
		"rules",
		["control character"],
	],
	[
		"prefix longer than an object key",
		config({ rules: [rule({ prefix: "é".repeat(426) })] }),
		"rules",
		["852 bytes", "at most 850"],
	],
	[
		"tag key with a lone surrogate",
		config({
			rules: [
				rule({
					filter: { tags: [{ key: "\uDE00", value: "v" }] },
					deleteMarkerReplication: { status: "Disabled" },
				}),
			],
		}),
		"rules",
		["rules[0].filter.tags[0].key", "lone surrogate"],
	],
	[
		"unknown argument",
		config({ adpot: true }),
		"adpot",
		[
			'adpot is not an argument of cos.BucketReplication; did you mean "adopt"?',
		],
	],
	[
		"unknown nested argument",
		config({ rules: [rule({ prefx: "logs/" })] }),
		"rules",
		[
			'rules[0].prefx is not an argument of rules[0] of cos.BucketReplication; did you mean "prefix"?',
		],
	],
	[
		"unknown argument in a destination",
		config({
			rules: [rule({ destination: { ...dst, storageclass: "STANDARD" } })],
		}),
		"rules",
		['did you mean "storageClass"?'],
	],
	[
		"overlapping prefixes: on rules, with the rule ids",
		config({
			rules: [rule({ prefix: "logs/" }), rule({ id: "r2", prefix: "logs/a/" })],
		}),
		"rules",
		['rules "r1" and "r2" have overlapping prefixes'],
	],
];

describe("check through the runtime: what the engine prints", () => {
	it.each(previewFailing)("%s", async (_name, inputs, property, reasons) => {
		const result = await runtime.check({}, inputs);
		const failure = result.failures?.find((f) => f.property === property);
		expect(failure, JSON.stringify(result.failures)).toBeDefined();
		for (const r of reasons) expect(failure?.reason).toContain(r);
		for (const f of result.failures ?? [])
			expect(f.reason.length).toBeLessThan(1000);
	});

	it("cos.BucketReplicationRule and cos.Bucket reject unknown arguments too", async () => {
		const rule = await runtime.check(
			{},
			{
				__resource: "CosBucketReplicationRule",
				bucket: "src-1250000000",
				region: "ap-guangzhou",
				role,
				ruleId: "r1",
				destination: { ...dst, prefix: "x/" },
			},
		);
		expect(rule.failures).toEqual([
			{
				property: "destination",
				reason: expect.stringContaining(
					"destination.prefix is not an argument of destination of cos.BucketReplicationRule",
				),
			},
		]);
		const b = await runtime.check(
			{},
			{
				__resource: "CosBucket",
				bucket: "src-1250000000",
				region: "ap-guangzhou",
				versionning: "Enabled",
			},
		);
		expect(b.failures?.[0].reason).toContain('did you mean "versioning"?');
	});

	it("a region the stack already uses stays accepted (upgrading never fails a preview)", async () => {
		const olds = config({
			region: "ap-oldcity",
			rules: [rule({ destination: { ...dst, region: "ap-olddst" } })],
		});
		const same = config({
			region: "ap-oldcity",
			rules: [rule({ destination: { ...dst, region: "ap-olddst" } })],
		});
		expect((await runtime.check(olds, same)).failures).toBeUndefined();
		const moved = await runtime.check(olds, config({ region: "ap-otherity" }));
		expect(moved.failures?.map((f) => f.property)).toEqual(["region"]);
	});

	it("a region newer than the package passes once the setting lists it", async () => {
		const inputs = config({ region: "ap-newcity" });
		expect((await runtime.check({}, inputs)).failures).toBeDefined();
		process.env.BUCKET_REPLICATION_EXTRA_REGIONS = "ap-newcity";
		try {
			expect((await runtime.check({}, inputs)).failures).toBeUndefined();
		} finally {
			delete process.env.BUCKET_REPLICATION_EXTRA_REGIONS;
		}
	});
});
