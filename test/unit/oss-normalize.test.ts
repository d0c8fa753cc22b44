import { describe, expect, it } from "vitest";
import { UNKNOWN } from "../../provider/core/diff";
import type { Props } from "../../provider/core/types";
import { normalizeBucket, normalizeRule } from "../../provider/oss/normalize";

const minimal = {
	bucket: "src-bucket",
	region: "cn-hangzhou",
	ruleId: "r1",
	destination: { bucket: "dst-bucket", location: "cn-beijing" },
};

const defaults = {
	bucket: "src-bucket",
	region: "oss-cn-hangzhou",
	ruleId: "r1",
	prefixes: [],
	action: "ALL",
	destination: {
		bucket: "dst-bucket",
		location: "oss-cn-beijing",
		transferType: "internal",
	},
	historicalObjectReplication: "enabled",
	sseKmsEncryptedObjects: "Disabled",
	rtc: "disabled",
	adopt: false,
	deleteTimeoutSeconds: 600,
};

describe("normalizeRule", () => {
	const cases: Array<[string, Props, Props]> = [
		["fills every default and prefixes regions with oss-", minimal, defaults],
		[
			"canonical casing for enums and locations",
			{
				...minimal,
				region: "OSS-CN-HANGZHOU",
				action: "put",
				historicalObjectReplication: "Disabled",
				sseKmsEncryptedObjects: "enabled",
				rtc: "ENABLED",
				destination: {
					bucket: "dst-bucket",
					location: "Oss-Cn-Beijing",
					transferType: "OSS_ACC",
				},
			},
			{
				...defaults,
				action: "PUT",
				historicalObjectReplication: "disabled",
				sseKmsEncryptedObjects: "Enabled",
				rtc: "enabled",
				destination: {
					bucket: "dst-bucket",
					location: "oss-cn-beijing",
					transferType: "oss_acc",
				},
			},
		],
		[
			"sorts prefixes and tags (their order carries no meaning)",
			{
				...minimal,
				prefixes: ["video/", "logs/"],
				userTaggings: {
					filterType: "or",
					userTagging: [
						{ key: "team", value: "b" },
						{ key: "env" },
						{ key: "team", value: "a" },
					],
				},
			},
			{
				...defaults,
				prefixes: ["logs/", "video/"],
				userTaggings: {
					filterType: "OR",
					userTagging: [
						{ key: "env", value: "" },
						{ key: "team", value: "a" },
						{ key: "team", value: "b" },
					],
				},
			},
		],
		[
			"empty optional strings mean absent",
			{ ...minimal, syncRole: "", replicaKmsKeyId: "" },
			defaults,
		],
		[
			"keeps adopt and deleteTimeoutSeconds",
			{ ...minimal, adopt: true, deleteTimeoutSeconds: 5 },
			{ ...defaults, adopt: true, deleteTimeoutSeconds: 5 },
		],
		[
			"passes unknowns through untouched, whole objects and lists too",
			{
				...minimal,
				bucket: UNKNOWN,
				region: UNKNOWN,
				destination: UNKNOWN,
				prefixes: [UNKNOWN, "a/"],
				userTaggings: UNKNOWN,
			},
			{
				...defaults,
				bucket: UNKNOWN,
				region: UNKNOWN,
				destination: UNKNOWN,
				prefixes: [UNKNOWN, "a/"],
				userTaggings: UNKNOWN,
			},
		],
		[
			"an unknown nested location stays unknown",
			{ ...minimal, destination: { bucket: "dst-bucket", location: UNKNOWN } },
			{
				...defaults,
				destination: {
					bucket: "dst-bucket",
					location: UNKNOWN,
					transferType: "internal",
				},
			},
		],
		[
			"values of the wrong type are left for validation to name",
			{ ...minimal, prefixes: "logs/", action: 3 },
			{ ...defaults, prefixes: "logs/", action: 3 },
		],
		[
			"ignores keys it does not know (__provider, outputs)",
			{
				...minimal,
				__provider: "x",
				status: "doing",
				live: { ruleId: "r1" },
				schemaVersion: 1,
			},
			defaults,
		],
	];
	it.each(cases)("%s", (_name, input, expected) => {
		expect(normalizeRule(input)).toEqual(expected);
	});

	it("is idempotent", () => {
		const once = normalizeRule({ ...minimal, prefixes: ["b", "a"] });
		expect(normalizeRule(once)).toEqual(once);
	});
});

describe("normalizeBucket", () => {
	const cases: Array<[string, Props, Props]> = [
		[
			"region with oss- and versioning casing",
			{ bucket: "b1", region: "cn-shanghai", versioning: "enabled" },
			{ bucket: "b1", region: "oss-cn-shanghai", versioning: "Enabled" },
		],
		[
			"no versioning stays absent",
			{ bucket: "b1", region: "oss-cn-shanghai" },
			{ bucket: "b1", region: "oss-cn-shanghai" },
		],
	];
	it.each(cases)("%s", (_name, input, expected) => {
		expect(normalizeBucket(input)).toEqual(expected);
	});
});
