import { describe, expect, it } from "vitest";
import { handlers } from "../../provider/bos";
import { diffBucket, diffRule } from "../../provider/bos/diff";
import { normalizeRule } from "../../provider/bos/normalize";
import { restartsAfter } from "../../provider/bos/restarts";
import { UNKNOWN } from "../../provider/core/diff";

const inputs = normalizeRule({
	region: "bj",
	bucket: "src-bucket",
	ruleId: "rule1",
	resource: ["src-bucket/logs/*"],
	destination: { bucket: "dst-bucket", storageClass: "STANDARD" },
});
/** Stored outputs: the applied inputs plus computed fields that must never cause a diff. */
const outputs = {
	__resource: "BosBucketReplicationRule",
	schemaVersion: 1,
	...inputs,
	createTime: 1700000000,
	destRegion: "bj",
	progress: {
		status: "enabled",
		historyReplicationPercent: 40,
		latestReplicationTime: 1700000100,
	},
};
const update = { changes: undefined };
const none = { changes: false };

describe("BOS rule diff", () => {
	it.each([
		["nothing changed", outputs, inputs, none],
		[
			"only the program's spelling changed (normalized away)",
			outputs,
			{ ...inputs, status: "Enabled", resource: ["src-bucket/logs/*"] },
			none,
		],
		[
			"progress and createTime moved by themselves",
			{
				...outputs,
				progress: {
					status: "enabled",
					historyReplicationPercent: 100,
					latestReplicationTime: 1800000000,
				},
			},
			inputs,
			none,
		],
		[
			"adopt alone changed (it only matters at create)",
			outputs,
			{ ...inputs, adopt: true },
			none,
		],
		[
			"destination storage class: update",
			outputs,
			{
				...inputs,
				destination: { bucket: "dst-bucket", storageClass: "COLD" },
			},
			update,
		],
		[
			"exclusions added: update",
			outputs,
			{ ...inputs, notIncludeResource: ["src-bucket/*.tmp"] },
			update,
		],
		[
			"resource unset (the whole bucket): update",
			outputs,
			{ ...inputs, resource: undefined },
			update,
		],
		[
			"destination storage class in lower case: no change",
			outputs,
			{
				...inputs,
				destination: { bucket: "dst-bucket", storageClass: "standard" },
			},
			none,
		],
		[
			"destination prefix set: update",
			outputs,
			{
				...inputs,
				destination: {
					bucket: "dst-bucket",
					storageClass: "STANDARD",
					prefix: "backup/",
				},
			},
			update,
		],
		[
			"destination bucket changed: update (same id)",
			outputs,
			{ ...inputs, destination: { bucket: "other-bucket" } },
			update,
		],
		[
			"replicateHistory set to {}: update",
			outputs,
			{ ...inputs, replicateHistory: {} },
			update,
		],
		[
			"replicateHistory storage class set: update",
			{ ...outputs, replicateHistory: {} },
			{ ...inputs, replicateHistory: { storageClass: "REMAIN" } },
			update,
		],
		[
			"replicateDeletes enabled: update",
			outputs,
			{ ...inputs, replicateDeletes: "enabled" },
			update,
		],
		[
			"region with spaces around it: no change",
			outputs,
			{ ...inputs, region: " bj " },
			none,
		],
		[
			"disabled -> enabled: update",
			{ ...outputs, status: "disabled" },
			inputs,
			update,
		],
		[
			"disabled, edited: update",
			{ ...outputs, status: "disabled" },
			{ ...inputs, status: "disabled", replicateDeletes: "enabled" },
			update,
		],
		[
			"enabled -> disabled: replacement, delete first, status named",
			outputs,
			{ ...inputs, status: "disabled" },
			{ changes: undefined, replaces: ["status"], deleteBeforeReplace: true },
		],
		[
			"enabled -> unknown status (preview): maybe a replacement",
			outputs,
			{ ...inputs, status: UNKNOWN },
			{ changes: undefined, replaces: ["status"], deleteBeforeReplace: true },
		],
		[
			"rule id changed: replacement, delete first (BOS refuses twins)",
			outputs,
			{ ...inputs, ruleId: "rule2" },
			{ changes: undefined, replaces: ["ruleId"], deleteBeforeReplace: true },
		],
		[
			"source bucket changed: replacement, create first",
			outputs,
			{ ...inputs, bucket: "src-two", resource: ["src-two/logs/*"] },
			{ changes: undefined, replaces: ["bucket"], deleteBeforeReplace: false },
		],
		[
			"source bucket unknown: replacement, delete first to be safe",
			outputs,
			{ ...inputs, bucket: UNKNOWN },
			{ changes: undefined, replaces: ["bucket"], deleteBeforeReplace: true },
		],
		[
			"destination unknown: update",
			outputs,
			{ ...inputs, destination: UNKNOWN },
			update,
		],
		[
			"drift found by refresh (live differs): update to repair",
			{
				...outputs,
				live: {
					...inputs,
					destination: { bucket: "dst-bucket", storageClass: "COLD" },
				},
			},
			inputs,
			{ changes: true },
		],
		[
			"live equals the program: nothing",
			{
				...outputs,
				live: {
					status: "enabled",
					resource: ["src-bucket/logs/*"],
					notIncludeResource: [],
					destination: { bucket: "dst-bucket", storageClass: "STANDARD" },
					replicateDeletes: "disabled",
				},
			},
			inputs,
			none,
		],
		[
			"applied disabled but enabled on BOS (out of band), program disabled: replacement",
			{
				...outputs,
				status: "disabled",
				live: { ...inputs, status: "enabled" },
			},
			{ ...inputs, status: "disabled" },
			{ changes: true, replaces: ["status"], deleteBeforeReplace: true },
		],
	])("%s", (_name, olds, news, expected) => {
		expect(diffRule(olds, news)).toEqual(expected);
	});
});

describe("replicationRestarts (check)", () => {
	const enabled = { ...inputs, replicationRestarts: 2 };
	it.each([
		["create", {}, inputs, 0],
		["no change", enabled, inputs, 2],
		[
			"enabled rule edited: one more restart",
			enabled,
			{ ...inputs, replicateDeletes: "enabled" },
			3,
		],
		[
			"enabled -> disabled (a replacement, not a restart)",
			enabled,
			{ ...inputs, status: "disabled" },
			2,
		],
		[
			"disabled rule edited",
			{ ...enabled, status: "disabled" },
			{ ...inputs, status: "disabled", replicateDeletes: "enabled" },
			2,
		],
		[
			"disabled -> enabled (a start, not a restart)",
			{ ...enabled, status: "disabled" },
			inputs,
			2,
		],
		[
			"rule id changed (a replacement)",
			enabled,
			{ ...inputs, ruleId: "rule2" },
			2,
		],
		[
			"enabled rule, unknown destination (preview)",
			enabled,
			{ ...inputs, destination: UNKNOWN },
			UNKNOWN,
		],
		// A replacement is checked again with no olds (count 0): an unknown would preview as `0 => 0`.
		[
			"enabled rule, unknown status (preview: diff replaces it)",
			enabled,
			{ ...inputs, status: UNKNOWN },
			2,
		],
		[
			"enabled -> disabled, unknown destination (preview: a replacement)",
			enabled,
			{ ...inputs, status: "disabled", destination: UNKNOWN },
			2,
		],
	])("%s", (_name, olds, news, expected) => {
		expect(restartsAfter(olds, normalizeRule(news))).toEqual(expected);
	});
});

describe("BOS bucket diff", () => {
	const bucket = {
		__resource: "BosBucket",
		schemaVersion: 1,
		region: "bj",
		bucket: "b-one",
		versioning: "notEnabled",
		adopt: false,
	};
	it.each([
		["nothing", bucket, bucket, none],
		[
			"versioning: update",
			bucket,
			{ ...bucket, versioning: "enabled" },
			update,
		],
		[
			"name: replacement, create first",
			bucket,
			{ ...bucket, bucket: "b-two" },
			{ changes: undefined, replaces: ["bucket"], deleteBeforeReplace: false },
		],
		[
			"region, same name: replacement, delete first",
			bucket,
			{ ...bucket, region: "gz" },
			{ changes: undefined, replaces: ["region"], deleteBeforeReplace: true },
		],
		[
			"versioning drift",
			{ ...bucket, live: { versioning: "enabled" } },
			bucket,
			{ changes: true },
		],
		["adopt alone", bucket, { ...bucket, adopt: true }, none],
	])("%s", (_name, olds, news, expected) => {
		expect(diffBucket(olds, news)).toEqual(expected);
	});
});

describe("BOS lists: the user's order in state, compared as sets in diff", () => {
	const handler = handlers.BosBucketReplicationRule;
	const program = {
		__resource: "BosBucketReplicationRule",
		region: "bj",
		bucket: "src-bucket",
		ruleId: "rule1",
		resource: ["src-bucket/logs/*", "src-bucket/app/*"],
		notIncludeResource: ["src-bucket/*.tmp"],
		destination: { bucket: "dst-bucket" },
	};
	/** Outputs as the current version stores them: every list sorted. */
	const storedToday = (raw: Record<string, unknown>) => ({
		...outputs,
		...normalizeRule(raw),
	});
	const checkedInputs = async (raw: Record<string, unknown>) =>
		(await handler.check({}, raw)).inputs ?? {};

	it("check keeps the program's order", async () => {
		const inputs = await checkedInputs({
			...program,
			notIncludeResource: ["src-bucket/*.tmp", "src-bucket/*.bak"],
		});
		expect(inputs.resource).toEqual(["src-bucket/logs/*", "src-bucket/app/*"]);
		expect(inputs.notIncludeResource).toEqual([
			"src-bucket/*.tmp",
			"src-bucket/*.bak",
		]);
	});

	it.each([
		[
			"state written sorted by the current version, program in its own order: no diff",
			program,
			program,
			none,
		],
		[
			"the program reorders a list: no change",
			program,
			{ ...program, resource: ["src-bucket/app/*", "src-bucket/logs/*"] },
			none,
		],
		[
			"the program appends an exclusion: an update",
			program,
			{
				...program,
				notIncludeResource: ["src-bucket/*.tmp", "src-bucket/*.bak"],
			},
			update,
		],
		[
			"the program removes a resource: an update",
			program,
			{ ...program, resource: ["src-bucket/logs/*"] },
			update,
		],
	])("%s", async (_name, before, after, expected) => {
		expect(diffRule(storedToday(before), await checkedInputs(after))).toEqual(
			expected,
		);
	});
});
