import { describe, expect, it } from "vitest";
import {
	SECRET_SIG,
	SIG,
	sealed,
	secretIdFailures,
	secretKeys,
} from "../../plugin/secrets";

const s = (value: unknown) => ({ [SIG]: SECRET_SIG, value });

describe("plugin secrets", () => {
	it.each([
		[{ prefix: "a/" }, []],
		[{ prefix: s("a/"), bucket: "b" }, ["prefix"]],
		[{ destination: { bucket: s("d"), location: "x" } }, ["destination"]],
		[{ rules: [{ id: "r" }, { prefix: s("p") }] }, ["rules"]],
		[{ prefix: null, bucket: undefined }, []],
	])("secretKeys(%j) = %j", (wrapped, keys) => {
		expect([...secretKeys(wrapped)]).toEqual(keys);
	});

	it.each([
		[
			{ prefix: "a/", live: { prefix: "a/" } },
			[],
			{ prefix: "a/", live: { prefix: "a/" } },
		],
		[
			{ prefix: "a/", bucket: "b", live: { prefix: "a/" } },
			["prefix"],
			{ prefix: s("a/"), bucket: "b", live: s({ prefix: "a/" }) },
		],
		// live is secret whatever argument is: it holds the whole configuration read.
		[
			{ bucket: "b", live: { storageClass: "x" } },
			["storageClass"],
			{ bucket: "b", live: s({ storageClass: "x" }) },
		],
		[
			{ prefix: undefined, bucket: "b" },
			["prefix"],
			{ prefix: undefined, bucket: "b" },
		],
	])("sealed(%j, %j)", (props, keys, expected) => {
		expect(sealed(props, new Set(keys))).toEqual(expected);
	});

	it.each([
		[
			"OssBucketReplicationRule",
			{ destination: { bucket: s("d") } },
			["ruleId"],
		],
		[
			"OssBucketReplicationRule",
			{ destination: s({ bucket: "d" }) },
			["ruleId"],
		],
		[
			"OssBucketReplicationRule",
			{ ruleId: "r", destination: { bucket: s("d") } },
			[],
		],
		[
			"OssBucketReplicationRule",
			{ destination: { bucket: "d" }, prefixSet: s(["p"]) },
			[],
		],
		["CosBucketReplicationRule", { destination: { bucket: s("d") } }, []],
	])("secretIdFailures(%s, %j)", (type, wrapped, properties) => {
		const failures = secretIdFailures(type, wrapped);
		expect(failures.map((f) => f.property)).toEqual(properties);
		for (const f of failures) expect(f.reason).toMatch(/set ruleId/);
	});
});
