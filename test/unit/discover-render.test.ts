import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bosCandidates } from "../../cli/bos";
import type { Found } from "../../cli/candidate";
import { cosCandidates } from "../../cli/cos";
import { declare } from "../../cli/discover";
import { uniqueNames } from "../../cli/names";
import { ossCandidates } from "../../cli/oss";
import {
	type Declaration,
	renderDeclaration,
	renderProgram,
	renderValue,
} from "../../cli/render";
import { rulesFromXml } from "../../provider/oss/wire";

/** What Biome makes of `source`: the snippet must already be in that form (pasting then formatting changes nothing). */
function biomeFormat(source: string): string {
	const biome = join(__dirname, "../../node_modules/.bin/biome");
	return execFileSync(biome, ["format", "--stdin-file-path=snippet.ts"], {
		input: source,
		encoding: "utf8",
	});
}

describe("renderValue", () => {
	const long = "x".repeat(40);
	it.each([
		["a string", "logs/", '"logs/"'],
		["a string with double quotes", 'say "hi"', `'say "hi"'`],
		["more double quotes than single", `it's "x"`, `'it\\'s "x"'`],
		["as many of each", `it's "x`, `"it's \\"x"`],
		["a control character", "a\nb", '"a\\nb"'],
		["a number", 3, "3"],
		["a boolean", true, "true"],
		["an empty list", [], "[]"],
		["an empty object", {}, "{}"],
		["a short list, inline", ["a/", "b/"], '["a/", "b/"]'],
		[
			"a list too long for one line",
			[long, long],
			`[\n\t"${long}",\n\t"${long}",\n]`,
		],
		[
			"a flat object, inline",
			{ bucket: "dst", region: "ap-beijing" },
			'{ bucket: "dst", region: "ap-beijing" }',
		],
		["a key that needs quotes", { "a-b": 1 }, '{ "a-b": 1 }'],
		[
			"an object holding an object, expanded",
			{ sseKmsEncryptedObjects: { status: "Enabled" } },
			'{\n\tsseKmsEncryptedObjects: { status: "Enabled" },\n}',
		],
		[
			"one small object in a list, inline",
			[{ key: "k", value: "v" }],
			'[{ key: "k", value: "v" }]',
		],
		[
			"several objects of several members: always one per line",
			[
				{ key: "a", value: "1" },
				{ key: "b", value: "2" },
			],
			'[\n\t{ key: "a", value: "1" },\n\t{ key: "b", value: "2" },\n]',
		],
		["undefined members left out", { a: 1, b: undefined }, "{ a: 1 }"],
	])("%s", (_name, value, expected) => {
		expect(renderValue(value)).toBe(expected);
	});

	it("chooses quotes as Biome does", () => {
		const source = [`it's "x"`, `it's "x`, `"`, "'", "a\\b"]
			.map((text) => `f(${renderValue(text)});\n`)
			.join("");
		expect(biomeFormat(source)).toBe(source);
	});
});

describe("renderDeclaration", () => {
	const args = { bucket: "src", ruleId: "r", adopt: true };
	it.each<[string, Declaration, string]>([
		[
			"hugs the arguments when the name fits",
			{ module: "bos", resource: "BucketReplicationRule", name: "src-r", args },
			'new bos.BucketReplicationRule("src-r", {\n\tbucket: "src",\n\truleId: "r",\n\tadopt: true,\n});\n',
		],
		[
			"one argument per line when it does not",
			{
				module: "oss",
				resource: "BucketReplicationRule",
				name: "n".repeat(60),
				args,
			},
			`new oss.BucketReplicationRule(\n\t"${"n".repeat(60)}",\n\t{\n\t\tbucket: "src",\n\t\truleId: "r",\n\t\tadopt: true,\n\t},\n);\n`,
		],
		[
			"warnings as comments above",
			{
				module: "cos",
				resource: "BucketReplication",
				name: "b",
				args: {},
				warnings: ["careful"],
			},
			'// WARNING: careful\nnew cos.BucketReplication("b", {});\n',
		],
	])("%s", (_name, declaration, expected) => {
		const text = renderDeclaration(declaration);
		expect(text).toBe(expected);
		expect(biomeFormat(text)).toBe(text);
	});
});

describe("uniqueNames", () => {
	it.each([
		[
			["b-r1", "b-r2"],
			["b-r1", "b-r2"],
		],
		[
			["b-r", "b-r", "b-r"],
			["b-r", "b-r-2", "b-r-3"],
		],
		[["b-a b/c"], ["b-a-b-c"]],
		[["b-"], ["b"]],
		[[""], ["rule"]],
	])("%j -> %j", (names, expected) => {
		expect(uniqueNames(names)).toEqual(expected);
	});
});

/** The live rules of each cloud as its reader sees them, and the exact snippet `discover` prints. */
const clouds: [
	string,
	() => Promise<{ found: Found; args: string[] }>,
	string,
][] = [
	[
		"COS: one authoritative resource, defaults left out, canonical filter",
		async () => ({
			args: ["cos", "src-1250000000", "ap-guangzhou"],
			found: cosCandidates("src-1250000000", "ap-guangzhou", {
				role: "qcs::cam::uin/1:uin/1",
				rules: [
					{
						id: "tagged",
						status: "Enabled",
						priority: 1,
						filter: {
							and: {
								prefix: "a/",
								tags: [{ key: "k", value: "v" }],
							},
						},
						destination: {
							bucket: "dst-1250000000",
							region: "ap-beijing",
							storageClass: "STANDARD_IA",
						},
						// The default once a rule filters on tags.
						deleteMarkerReplication: { status: "Disabled" },
					},
					{
						id: "all",
						status: "Disabled",
						priority: 2,
						prefix: "",
						destination: { bucket: "dst-1250000000", region: "ap-beijing" },
						deleteMarkerReplication: { status: "Disabled" },
					},
				],
			}),
		}),
		`// Replication of COS bucket "src-1250000000" (ap-guangzhou), read by \`pulumi-bucket-replication discover\`.
// With \`adopt: true\` the next \`pulumi up\` takes it over without writing to COS.
// If the bucket's document changes before that \`up\`, this declaration replaces it.

import { cos } from "pulumi-bucket-replication";

new cos.BucketReplication("src-1250000000-replication", {
	bucket: "src-1250000000",
	region: "ap-guangzhou",
	role: "qcs::cam::uin/1:uin/1",
	rules: [
		{
			id: "tagged",
			priority: 1,
			filter: {
				and: {
					prefix: "a/",
					tags: [{ key: "k", value: "v" }],
				},
			},
			destination: {
				bucket: "dst-1250000000",
				region: "ap-beijing",
				storageClass: "STANDARD_IA",
			},
		},
		{
			id: "all",
			status: "Disabled",
			priority: 2,
			destination: { bucket: "dst-1250000000", region: "ap-beijing" },
			deleteMarkerReplication: { status: "Disabled" },
		},
	],
	adopt: true,
});
`,
	],
	[
		"OSS: a rule per live rule, closing ones left out, generated ids kept",
		async () => ({
			args: ["oss", "src", "cn-hangzhou"],
			found: ossCandidates(
				"src",
				"cn-hangzhou",
				rulesFromXml({
					Rule: [
						{
							ID: "to-beijing",
							PrefixSet: { Prefix: ["logs/", "img/"] },
							Action: "PUT",
							Destination: {
								Bucket: "dst-bj",
								Location: "oss-cn-beijing",
								TransferType: "oss_acc",
							},
							HistoricalObjectReplication: "disabled",
							RTC: { Status: "enabling" },
							Status: "starting",
						},
						{
							ID: "0b6c0f6e-1a4e-4c3e-9a39-6f3f1b7c2a11",
							Action: "ALL",
							Destination: { Bucket: "dst-hz", Location: "oss-cn-hangzhou" },
							HistoricalObjectReplication: "enabled",
							Status: "doing",
						},
						{
							ID: "gone",
							Action: "ALL",
							Destination: { Bucket: "old", Location: "oss-cn-hangzhou" },
							HistoricalObjectReplication: "enabled",
							Status: "closing",
						},
					],
				}),
			),
		}),
		`// Replication of OSS bucket "src" (cn-hangzhou), read by \`pulumi-bucket-replication discover\`.
// With \`adopt: true\` the next \`pulumi up\` takes these rules over without writing to OSS.

import { oss } from "pulumi-bucket-replication";

new oss.BucketReplicationRule("src-to-beijing", {
	bucket: "src",
	region: "oss-cn-hangzhou",
	ruleId: "to-beijing",
	prefixes: ["img/", "logs/"],
	action: "PUT",
	destination: {
		bucket: "dst-bj",
		location: "oss-cn-beijing",
		transferType: "oss_acc",
	},
	historicalObjectReplication: "disabled",
	rtc: "enabled",
	adopt: true,
});

new oss.BucketReplicationRule("src-0b6c0f6e-1a4e-4c3e-9a39-6f3f1b7c2a11", {
	bucket: "src",
	region: "oss-cn-hangzhou",
	ruleId: "0b6c0f6e-1a4e-4c3e-9a39-6f3f1b7c2a11",
	destination: { bucket: "dst-hz", location: "oss-cn-hangzhou" },
	adopt: true,
});
`,
	],
	[
		"BOS: a rule per live rule; an empty replicateHistory is kept (it means copy history)",
		async () => ({
			args: ["bos", "src", "bj"],
			found: bosCandidates("src", "bj", [
				{
					id: "logs",
					status: "enabled",
					resource: ["src/logs/*"],
					notIncludeResource: ["src/logs/tmp*"],
					destination: { bucket: "dst", storageClass: "COLD", prefix: "copy/" },
					replicateDeletes: "enabled",
					createTime: 1700000000,
					destRegion: "gz",
				},
				{
					id: "all",
					status: "disabled",
					resource: ["src/*"],
					destination: { bucket: "dst" },
					replicateHistory: {},
					replicateDeletes: "disabled",
				},
			]),
		}),
		`// Replication of BOS bucket "src" (bj), read by \`pulumi-bucket-replication discover\`.
// With \`adopt: true\` the next \`pulumi up\` takes these rules over without writing to BOS.

import { bos } from "pulumi-bucket-replication";

new bos.BucketReplicationRule("src-logs", {
	region: "bj",
	bucket: "src",
	ruleId: "logs",
	resource: ["src/logs/*"],
	notIncludeResource: ["src/logs/tmp*"],
	destination: { bucket: "dst", storageClass: "COLD", prefix: "copy/" },
	replicateDeletes: "enabled",
	adopt: true,
});

new bos.BucketReplicationRule("src-all", {
	region: "bj",
	bucket: "src",
	ruleId: "all",
	status: "disabled",
	destination: { bucket: "dst" },
	replicateHistory: {},
	adopt: true,
});
`,
	],
];

describe("discover's declarations, rendered", () => {
	it.each(clouds)("%s", async (_name, live, expected) => {
		const { found, args } = await live();
		const [cloud, bucket, region] = args as [
			"cos" | "oss" | "bos",
			string,
			string,
		];
		const result = await declare(cloud, bucket, region, found);
		const text = renderProgram(result.declarations, result.comments);
		expect(text).toBe(expected);
		expect(result.exact).toBe(true);
		expect(biomeFormat(text)).toBe(text);
	});

	it("notes closing OSS rules and an empty bucket on stderr, not in the snippet", async () => {
		const closing = await declare(
			"oss",
			"src",
			"cn-hangzhou",
			ossCandidates(
				"src",
				"cn-hangzhou",
				rulesFromXml({
					Rule: {
						ID: "gone",
						Destination: { Bucket: "old", Location: "oss-cn-hangzhou" },
						Status: "closing",
					},
				}),
			),
		);
		expect(closing.declarations).toEqual([]);
		expect(closing.notes).toEqual([
			'rule "gone" is closing (deleted, OSS is still removing it): not declared',
			'OSS bucket "src" (cn-hangzhou) has no replication rules: nothing to declare',
		]);
	});

	it("prints a rule the provider would reject whole, with a WARNING naming why", async () => {
		const result = await declare(
			"cos",
			"src-1250000000",
			"ap-guangzhou",
			cosCandidates("src-1250000000", "ap-guangzhou", {
				role: "qcs::cam::uin/1:uin/1",
				// COS accepts a rule without <ID>; a declaration needs one.
				rules: [
					{
						id: "",
						status: "Enabled",
						prefix: "",
						destination: { bucket: "dst-1250000000", region: "ap-beijing" },
						deleteMarkerReplication: { status: "Enabled" },
					},
				],
			}),
		);
		expect(result.exact).toBe(false);
		const [d] = result.declarations;
		expect(d.warnings?.[0]).toMatch(
			/^`pulumi preview` would reject this declaration \(rules\[0\]\.id is required/,
		);
		expect(d.args).toMatchObject({ rules: [{ id: "", prefix: "" }] });
		expect(renderDeclaration(d)).toMatch(/^\/\/ WARNING: `pulumi preview`/);
	});

	it("warns when what the provider would store differs from the live rule", async () => {
		const { candidates } = bosCandidates("src", "bj", [
			{
				id: "r",
				status: "enabled",
				resource: ["src/*"],
				destination: { bucket: "dst" },
				replicateDeletes: "disabled",
			},
		]);
		const result = await declare("bos", "src", "bj", {
			candidates: [{ ...candidates[0], differences: () => ["destination"] }],
			notes: [],
		});
		expect(result.exact).toBe(false);
		expect(result.declarations[0].warnings).toEqual([
			"as the provider stores it, this differs from the live configuration in destination: `up` would not adopt it unchanged.",
		]);
	});
});
