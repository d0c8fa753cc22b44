import { describe, expect, it } from "vitest";
import {
	secretArgsOf,
	secretIdFailures,
	withoutSecretValues,
} from "../../provider/core/secretArgs";
import { quote } from "../../provider/core/text";

const long = `logs-${"x".repeat(60)}-SeCrEt`;
const inputs = {
	__secretArgs: ["rules", "bucket"],
	bucket: "Src_Bucket",
	region: "ap-guangzhou",
	rules: [{ id: "r1", prefix: "a/b\u0001c", destination: { bucket: long } }],
};

/** Each row: a failure as a handler words it, and as the engine gets it (none: unchanged). */
const rows: Array<[string, [string, string], [string, string] | undefined]> = [
	[
		"a secret argument: no property (the engine would print its value), no value in the reason",
		[
			"rules[0].prefix",
			`rules[0].prefix ${quote("a/b\u0001c")} contains a control character`,
		],
		["", "rules[0].prefix [secret] contains a control character"],
	],
	[
		"a value cut by quote",
		[
			"rules[0].destination.bucket",
			`rules[0].destination.bucket ${quote(long)} is too long`,
		],
		["", 'rules[0].destination.bucket "[secret]…" (72 characters) is too long'],
	],
	[
		"lower-cased in a hint",
		[
			"bucket",
			`bucket ${quote("Src_Bucket")} must be lower case: "src_bucket"`,
		],
		["", 'bucket [secret] must be lower case: "[secret]"'],
	],
	[
		"a secret quoted under another argument",
		["destination", `destination.bucket must differ from bucket "Src_Bucket"`],
		["", "destination.bucket must differ from bucket [secret]"],
	],
	[
		"an argument that is not secret keeps its property and value",
		["region", `region ${quote("ap-guangzhou")} is not a known COS region`],
		undefined,
	],
	[
		"a string of two characters is taken out only where quoted",
		["id", 'rules[0].id "r1" is used twice; r1 and r2 are taken'],
		["", "rules[0].id [secret] is used twice; r1 and r2 are taken"],
	],
];

describe("check failures hold no value of a secret argument", () => {
	it.each(rows)("%s", (_name, [property, reason], expected) => {
		const [out] = withoutSecretValues(
			[{ property, reason }],
			inputs,
			secretArgsOf(inputs),
		);
		const [p, r] = expected ?? [property, reason];
		expect(out).toEqual({ property: p, reason: r });
	});

	it("no secret argument, or none named: failures as they are", () => {
		const failures = [{ property: "bucket", reason: 'bucket "Src_Bucket"' }];
		expect(withoutSecretValues(failures, inputs, new Set())).toEqual(failures);
		expect(secretArgsOf({ bucket: "x" })).toEqual(new Set());
		expect(secretArgsOf({ __secretArgs: "bucket" })).toEqual(new Set());
	});
});

describe("an OSS rule id is never taken from a secret destination (an id is never secret)", () => {
	it.each([
		["OssBucketReplicationRule", {}, ["destination"], ["ruleId"]],
		["OssBucketReplicationRule", { ruleId: "r1" }, ["destination"], []],
		["OssBucketReplicationRule", {}, ["prefixes"], []],
		["CosBucketReplicationRule", {}, ["destination"], []],
	] as const)("%s %j, secret %j", (type, inputs, secret, properties) => {
		const failures = secretIdFailures(type, inputs, new Set(secret));
		expect(failures.map((f) => f.property)).toEqual(properties);
		for (const f of failures)
			expect(f.reason).toMatch(/set ruleId explicitly$/);
	});
});
