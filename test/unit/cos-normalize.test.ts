import { describe, expect, it } from "vitest";
import {
	normalizeRule,
	normalizeRules,
	sortRules,
} from "../../provider/cos/normalize";
import type { Rule } from "../../provider/cos/schema";
import {
	configurationFromWire,
	configurationToWire,
} from "../../provider/cos/wire";

const dst = { bucket: "dst-1250000000", region: "ap-beijing" };
const base: Rule = {
	id: "r1",
	status: "Enabled",
	prefix: "",
	destination: dst,
	deleteMarkerReplication: { status: "Enabled" },
};

describe("normalizeRule", () => {
	const table: Array<[string, Record<string, unknown>, Rule]> = [
		[
			"defaults: status, root prefix, delete markers",
			{ id: "r1", destination: dst },
			base,
		],
		[
			"enum casing",
			{
				id: "r1",
				status: "disabled",
				destination: { ...dst, storageClass: "standard_ia" },
				deleteMarkerReplication: { status: "DISABLED" },
			},
			{
				...base,
				status: "Disabled",
				destination: { ...dst, storageClass: "STANDARD_IA" },
				deleteMarkerReplication: { status: "Disabled" },
			},
		],
		[
			"qcs destination string",
			{
				id: "r1",
				destination: { bucket: "qcs::cos:ap-beijing::dst-1250000000" },
			},
			base,
		],
		[
			"filter prefix",
			{ id: "r1", destination: dst, filter: { prefix: "logs/" } },
			{ ...omit(base, "prefix"), filter: { prefix: "logs/" } },
		],
		[
			"empty filter is the whole bucket",
			{ id: "r1", destination: dst, filter: {} },
			{ ...omit(base, "prefix"), filter: { prefix: "" } },
		],
		[
			"prefix + tags is <And>, tags sorted, delete markers default Disabled",
			{
				id: "r1",
				destination: dst,
				filter: {
					prefix: "a/",
					tags: [
						{ key: "z", value: "1" },
						{ key: "b", value: "2" },
					],
				},
			},
			{
				...omit(base, "prefix"),
				filter: {
					and: {
						prefix: "a/",
						tags: [
							{ key: "b", value: "2" },
							{ key: "z", value: "1" },
						],
					},
				},
				deleteMarkerReplication: { status: "Disabled" },
			},
		],
		[
			"<And> with only a prefix is a prefix filter",
			{ id: "r1", destination: dst, filter: { and: { prefix: "x/" } } },
			{ ...omit(base, "prefix"), filter: { prefix: "x/" } },
		],
		[
			"priority, KMS",
			{
				id: "r1",
				priority: 3,
				destination: {
					...dst,
					encryptionConfiguration: { replicaKmsKeyId: "k" },
				},
				sourceSelectionCriteria: {
					sseKmsEncryptedObjects: { status: "enabled" },
				},
			},
			{
				...base,
				priority: 3,
				destination: {
					...dst,
					encryptionConfiguration: { replicaKmsKeyId: "k" },
				},
				sourceSelectionCriteria: {
					sseKmsEncryptedObjects: { status: "Enabled" },
				},
			},
		],
	];
	it.each(table)("%s", (_name, raw, expected) => {
		expect(normalizeRule(raw)).toEqual(expected);
		// Idempotent: normalizing the normalized form changes nothing.
		expect(
			normalizeRule(normalizeRule(raw) as unknown as Record<string, unknown>),
		).toEqual(expected);
	});

	it("reads ruleId for the single-rule resource", () => {
		expect(normalizeRule({ ruleId: "x", destination: dst }, "ruleId").id).toBe(
			"x",
		);
	});
});

describe("normalizeRules", () => {
	it("orders by priority, then id, so order alone is not a change", () => {
		const a = { id: "a", destination: dst, prefix: "a/" };
		const b = { id: "b", destination: dst, prefix: "b/" };
		expect(normalizeRules([b, a])).toEqual(normalizeRules([a, b]));
		expect(normalizeRules([b, a]).map((r) => r.id)).toEqual(["a", "b"]);
		const p = normalizeRules([
			{ ...a, priority: 2 },
			{ ...b, priority: 1 },
		]);
		expect(p.map((r) => r.id)).toEqual(["b", "a"]);
	});

	it("property: any permutation normalizes to the same list", () => {
		const rules = Array.from({ length: 6 }, (_, i) => ({
			id: `r${i}`,
			destination: dst,
			prefix: `p${i}/`,
		}));
		const expected = normalizeRules(rules);
		for (let n = 0; n < 50; n++) {
			const shuffled = [...rules].sort(() => Math.random() - 0.5);
			expect(normalizeRules(shuffled)).toEqual(expected);
		}
	});
});

describe("wire round trip", () => {
	const rules: Rule[] = [
		base,
		{
			...omit(base, "prefix"),
			id: "r2",
			priority: 2,
			filter: { and: { tags: [{ key: "k", value: "v" }] } },
			deleteMarkerReplication: { status: "Disabled" },
			destination: {
				...dst,
				storageClass: "STANDARD",
				encryptionConfiguration: { replicaKmsKeyId: "kms-1" },
			},
			sourceSelectionCriteria: {
				sseKmsEncryptedObjects: { status: "Enabled" },
			},
		},
		{ ...omit(base, "prefix"), id: "r3", filter: { prefix: "f/" } },
	];
	it("what we send reads back as the same configuration", () => {
		const config = { role: "qcs::cam::uin/1:uin/1", rules };
		const wire = configurationToWire(config);
		expect(configurationFromWire(wire)).toEqual({
			role: config.role,
			rules: sortRules(rules),
		});
	});

	it("reads the SDK's shapes: strings, a single <Rule> and <Tag> as objects, no rules", () => {
		const sdk = {
			Role: "qcs::cam::uin/1:uin/1",
			Rules: [
				{
					ID: "t",
					Status: "Enabled",
					Priority: "7",
					Filter: { And: { Prefix: "x/", Tag: { Key: "k", Value: "" } } },
					Destination: {
						Bucket: "qcs::cos:ap-beijing::dst-1250000000",
						StorageClass: "Standard",
					},
					DeleteMarkerReplication: { Status: "Disabled" },
				},
			],
		};
		expect(configurationFromWire(sdk)?.rules[0]).toEqual({
			id: "t",
			status: "Enabled",
			priority: 7,
			filter: { and: { prefix: "x/", tags: [{ key: "k", value: "" }] } },
			destination: { ...dst, storageClass: "STANDARD" },
			deleteMarkerReplication: { status: "Disabled" },
		});
		expect(configurationFromWire({ Rules: [] })).toBeUndefined();
		expect(configurationFromWire(undefined)).toBeUndefined();
	});

	it("a rule without DeleteMarkerReplication reads as the COS default, Enabled", () => {
		const sdk = {
			Role: "r",
			Rules: [
				{
					ID: "r1",
					Status: "Enabled",
					Prefix: "",
					Destination: { Bucket: "qcs::cos:ap-beijing::dst-1250000000" },
				},
			],
		};
		expect(configurationFromWire(sdk)?.rules[0]).toEqual(base);
	});
});

function omit<T extends object, K extends keyof T>(
	value: T,
	key: K,
): Omit<T, K> {
	const { [key]: _, ...rest } = value;
	return rest;
}
