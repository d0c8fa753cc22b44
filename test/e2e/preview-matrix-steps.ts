/**
 * The steps of test/e2e/preview-matrix.test.ts: per cloud, a base program (required arguments only)
 * and one step per argument value. Each step declares the arguments of one resource on top of the
 * base; every other resource stays as in the base, so a step after the last one on a field is that
 * field unset, back to its `@default`. Expectations come from docs/reference.md (what replaces) and
 * the request tables of docs/cos.md, oss.md and bos.md.
 */

export type Cloud = "cos" | "oss" | "bos";
/** A resource's arguments; `$class` is its class in the program (`cos.Bucket`). */
export type Args = Record<string, unknown>;

export interface Step {
	/** What the step does, for failure messages. */
	name: string;
	/** The resource (program name) the step declares `args` for. */
	resource: string;
	args: Args;
	/** The top-level properties the preview must name; empty: no change at all. */
	diff: string[];
	/** A replacement: the keys that force it and the order of its halves. */
	replace?: { keys: string[]; order: "delete-first" | "create-first" };
	/** Requests `up` sends (docs' tables); unset: not asserted (OSS deletes poll). */
	requests?: number;
	/** The step's values are secret: `[secret]` is expected. */
	secret?: boolean;
	/** The step `npm test` runs for this resource: one per resource, from the base program. */
	slice?: boolean;
}

/** `{ [secretMark]: v }` in `args` becomes `pulumi.secret(v)` in the program. */
export const secretMark = "$secret";
const secret = (value: unknown) => ({ [secretMark]: value });

function literal(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
	if (value && typeof value === "object") {
		const o = value as Record<string, unknown>;
		if (secretMark in o) return `pulumi.secret(${literal(o[secretMark])})`;
		return `{ ${Object.entries(o)
			.filter(([, v]) => v !== undefined)
			.map(([k, v]) => `${JSON.stringify(k)}: ${literal(v)}`)
			.join(", ")} }`;
	}
	return JSON.stringify(value);
}

/** A CommonJS program declaring `resources`: buckets first, everything else depending on them. */
export function programOf(resources: Record<string, Args>): string {
	const lines = [
		'const pulumi = require("@pulumi/pulumi");',
		'const { bos, cos, oss } = require("pulumi-bucket-replication");',
		"const buckets = [];",
	];
	const entries = Object.entries(resources);
	const isBucket = ([, a]: [string, Args]) =>
		String(a.$class).endsWith(".Bucket");
	for (const [name, { $class, ...args }] of entries.filter(isBucket))
		lines.push(
			`buckets.push(new ${$class}(${JSON.stringify(name)}, ${literal(args)}));`,
		);
	for (const [name, { $class, ...args }] of entries.filter((e) => !isBucket(e)))
		lines.push(
			`new ${$class}(${JSON.stringify(name)}, ${literal(args)}, { dependsOn: buckets });`,
		);
	return `${lines.join("\n")}\n`;
}

const role = "qcs::cam::uin/100000000001:uin/100000000001";

function cosMatrix(appId: string): {
	base: Record<string, Args>;
	steps: Step[];
} {
	const name = (n: string) => `pm-${n}-${appId}`;
	const bucket = (n: string, region: string) => ({
		$class: "cos.Bucket",
		bucket: name(n),
		region,
		versioning: "Enabled",
	});
	const dst = { bucket: name("dst"), region: "ap-beijing" };
	const base: Record<string, Args> = {
		src: bucket("src", "ap-guangzhou"),
		src2: bucket("src2", "ap-guangzhou"),
		src3: bucket("src3", "ap-guangzhou"),
		dst: bucket("dst", "ap-beijing"),
		dst2: bucket("dst2", "ap-shanghai"),
		spare: {
			$class: "cos.Bucket",
			bucket: name("spare"),
			region: "ap-chengdu",
		},
		doc: {
			$class: "cos.BucketReplication",
			bucket: name("src"),
			region: "ap-guangzhou",
			role,
			rules: [
				{ id: "a", prefix: "a/", destination: dst },
				{ id: "b", prefix: "b/", destination: dst },
			],
		},
		rule: {
			$class: "cos.BucketReplicationRule",
			bucket: name("src2"),
			region: "ap-guangzhou",
			role,
			ruleId: "r",
			destination: dst,
		},
	};
	const rules = base.doc.rules as Args[];
	const [a, b] = rules;
	// COS update: GET, PUT, GET read-back (docs/cos.md).
	const update = 3;
	const tags = [
		{ key: "k1", value: "v1" },
		{ key: "k2", value: "v2" },
	];
	const rule = (
		step: string,
		args: Args,
		diff: string[],
		more: Partial<Step> = {},
	): Step => ({
		name: `BucketReplicationRule ${step}`,
		resource: "rule",
		args,
		diff,
		requests: diff.length ? update : 0,
		...more,
	});
	const doc = (
		step: string,
		args: Args,
		diff: string[],
		more: Partial<Step> = {},
	): Step => ({
		name: `BucketReplication ${step}`,
		resource: "doc",
		args,
		diff,
		requests: diff.length ? update : 0,
		...more,
	});
	const steps: Step[] = [
		rule("status set", { status: "Disabled" }, ["status"], { slice: true }),
		rule("status unset", {}, ["status"]),
		rule("status set to its default, other casing", { status: "enabled" }, []),
		rule("priority set", { priority: 5 }, ["priority"]),
		rule("priority changed", { priority: 6 }, ["priority"]),
		rule("priority unset", {}, ["priority"]),
		rule("prefix set", { prefix: "r/" }, ["prefix"]),
		rule("prefix changed", { prefix: "r2/" }, ["prefix"]),
		rule("prefix unset", {}, ["prefix"]),
		rule("prefix secret", { prefix: secret("r/") }, ["prefix"], {
			secret: true,
		}),
		rule("prefix secret changed", { prefix: secret("r2/") }, ["prefix"], {
			secret: true,
		}),
		rule("secret prefix unset", {}, ["prefix"], { secret: true }),
		rule("filter prefix set", { filter: { prefix: "f/" } }, [
			"filter",
			"prefix",
		]),
		rule("filter tags set", { filter: { prefix: "f/", tags } }, [
			"filter",
			"deleteMarkerReplication",
		]),
		rule(
			"filter tags reordered",
			{ filter: { prefix: "f/", tags: [...tags].reverse() } },
			[],
		),
		rule(
			"filter tag value changed",
			{ filter: { prefix: "f/", tags: [tags[0], { key: "k2", value: "v3" }] } },
			["filter"],
		),
		rule(
			"filter as <And>, same meaning",
			{
				filter: {
					and: { prefix: "f/", tags: [tags[0], { key: "k2", value: "v3" }] },
				},
			},
			[],
		),
		rule("filter unset", {}, ["filter", "prefix", "deleteMarkerReplication"]),
		rule(
			"deleteMarkerReplication set",
			{ deleteMarkerReplication: { status: "Disabled" } },
			["deleteMarkerReplication"],
		),
		rule("deleteMarkerReplication unset", {}, ["deleteMarkerReplication"]),
		rule(
			"sourceSelectionCriteria set",
			{
				sourceSelectionCriteria: {
					sseKmsEncryptedObjects: { status: "Enabled" },
				},
			},
			["sourceSelectionCriteria"],
		),
		rule("sourceSelectionCriteria unset", {}, ["sourceSelectionCriteria"]),
		rule(
			"destination.storageClass set",
			{ destination: { ...dst, storageClass: "STANDARD_IA" } },
			["destination"],
		),
		rule(
			"destination.storageClass in lower case",
			{ destination: { ...dst, storageClass: "standard_ia" } },
			[],
		),
		rule("destination.storageClass unset", {}, ["destination"]),
		rule(
			"destination as a qcs::cos: id, same bucket",
			{ destination: { bucket: `qcs::cos:ap-beijing::${name("dst")}` } },
			[],
		),
		rule(
			"destination.encryptionConfiguration set",
			{
				destination: {
					...dst,
					encryptionConfiguration: { replicaKmsKeyId: "kms-1" },
				},
			},
			["destination"],
		),
		rule("destination.encryptionConfiguration unset", {}, ["destination"]),
		rule(
			"destination bucket changed",
			{ destination: { bucket: name("dst2"), region: "ap-shanghai" } },
			["destination"],
			// +1 GET versioning of the new destination.
			{ requests: update + 1 },
		),
		rule("destination bucket back", {}, ["destination"], {
			requests: update + 1,
		}),
		rule(
			"role changed",
			{ role: "qcs::cam::uin/100000000001:uin/100000000002" },
			["role"],
		),
		rule("role back", {}, ["role"]),
		// `adopt` only steers a create: no change (README "Rule ids and adoption").
		rule("adopt set", { adopt: true }, []),
		rule("adopt unset", {}, []),
		rule("region with spaces", { region: " ap-guangzhou " }, []),
		rule("ruleId changed", { ruleId: "r2" }, ["ruleId"], {
			replace: { keys: ["ruleId"], order: "delete-first" },
			// Delete: GET, PUT or DELETE, GET; create: GET versioning x2, GET, PUT, GET.
			requests: 8,
		}),
		rule("ruleId back", {}, ["ruleId"], {
			replace: { keys: ["ruleId"], order: "delete-first" },
			requests: 8,
		}),
		rule("bucket changed", { bucket: name("src3") }, ["bucket"], {
			replace: { keys: ["bucket"], order: "create-first" },
			requests: 8,
		}),
		rule("bucket back", {}, ["bucket"], {
			replace: { keys: ["bucket"], order: "create-first" },
			requests: 8,
		}),

		doc(
			"role changed",
			{ role: "qcs::cam::uin/100000000001:uin/100000000002" },
			["role"],
		),
		doc("role back", {}, ["role"]),
		doc("rules reordered", { rules: [b, a] }, []),
		doc(
			"rule prefix changed",
			{ rules: [a, { ...b, prefix: "b2/" }] },
			["rules"],
			{ slice: true },
		),
		doc("rule prefix back", {}, ["rules"]),
		doc(
			"rule added",
			{ rules: [a, b, { id: "c", prefix: "c/", destination: dst }] },
			["rules"],
		),
		doc("rule removed", {}, ["rules"]),
		doc("rule status set", { rules: [{ ...a, status: "Disabled" }, b] }, [
			"rules",
		]),
		doc("rule status unset", {}, ["rules"]),
		doc(
			"rule priority set on every rule",
			{
				rules: [
					{ ...a, priority: 1 },
					{ ...b, priority: 2 },
				],
			},
			["rules"],
		),
		doc("rule priorities unset", {}, ["rules"]),
		doc(
			"rule destination.storageClass set",
			{
				rules: [{ ...a, destination: { ...dst, storageClass: "standard" } }, b],
			},
			["rules"],
		),
		doc("rule destination.storageClass unset", {}, ["rules"]),
		// The same value made secret: nothing to write, so no change.
		doc(
			"rule prefix made secret",
			{ rules: [a, { ...b, prefix: secret("b/") }] },
			[],
			{
				secret: true,
			},
		),
		doc("rule prefix no longer secret", {}, [], { secret: true }),
		doc("adopt set", { adopt: true }, []),
		doc("adopt unset", {}, []),
		doc("bucket changed", { bucket: name("src3") }, ["bucket"], {
			replace: { keys: ["bucket"], order: "create-first" },
			// Create: GET, GET versioning x2, GET, PUT, GET; delete: DELETE.
			requests: 7,
		}),
		doc("bucket back", {}, ["bucket"], {
			replace: { keys: ["bucket"], order: "create-first" },
			requests: 7,
		}),

		{
			name: "Bucket versioning set",
			resource: "spare",
			args: { versioning: "Suspended" },
			diff: ["versioning"],
			requests: 1,
			slice: true,
		},
		{
			name: "Bucket versioning unset",
			resource: "spare",
			args: {},
			diff: ["versioning"],
			requests: 1,
		},
		{
			name: "Bucket region changed",
			resource: "spare",
			args: { region: "ap-nanjing" },
			diff: ["region"],
			replace: { keys: ["region"], order: "delete-first" },
			requests: 3,
		},
		{
			name: "Bucket region back",
			resource: "spare",
			args: {},
			diff: ["region"],
			replace: { keys: ["region"], order: "delete-first" },
			requests: 3,
		},
		{
			name: "Bucket renamed",
			resource: "spare",
			args: { bucket: name("spare2") },
			diff: ["bucket"],
			replace: { keys: ["bucket"], order: "create-first" },
			requests: 3,
		},
		{
			name: "Bucket name back",
			resource: "spare",
			args: {},
			diff: ["bucket"],
			replace: { keys: ["bucket"], order: "create-first" },
			requests: 3,
		},
	];
	return { base, steps };
}

function ossMatrix(): { base: Record<string, Args>; steps: Step[] } {
	const bucket = (n: string, region: string, versioning?: string) => ({
		$class: "oss.Bucket",
		bucket: `pm-${n}`,
		region,
		...(versioning ? { versioning } : {}),
	});
	const dst = { bucket: "pm-dst", location: "cn-shanghai" };
	const base: Record<string, Args> = {
		src: bucket("src", "cn-hangzhou", "Enabled"),
		dst: bucket("dst", "cn-shanghai", "Enabled"),
		dst2: bucket("dst2", "cn-beijing", "Enabled"),
		spare: bucket("spare", "cn-shenzhen"),
		rule: {
			$class: "oss.BucketReplicationRule",
			bucket: "pm-src",
			region: "cn-hangzhou",
			destination: dst,
		},
	};
	// OSS cannot edit a rule: every change but rtc deletes it (then polls) and creates it again.
	const replaced = (keys: string[]) => ({
		replace: { keys, order: "delete-first" as const },
	});
	const rule = (
		step: string,
		args: Args,
		diff: string[],
		more: Partial<Step> = {},
	): Step => ({
		name: `BucketReplicationRule ${step}`,
		resource: "rule",
		args,
		diff,
		...(diff.length ? replaced(diff) : { requests: 0 }),
		...more,
	});
	const tags = [
		{ key: "k1", value: "v1" },
		{ key: "k2", value: "v2" },
	];
	const kms = {
		syncRole: "role-a",
		sseKmsEncryptedObjects: "Enabled",
		replicaKmsKeyId: "kms-1",
	};
	const steps: Step[] = [
		rule("prefixes set", { prefixes: ["a/"] }, ["prefixes"], { slice: true }),
		rule("prefix added", { prefixes: ["b/", "a/"] }, ["prefixes"]),
		rule("prefixes reordered", { prefixes: ["a/", "b/"] }, []),
		rule("prefixes unset", {}, ["prefixes"]),
		rule("action set", { action: "PUT" }, ["action"]),
		rule("action unset", {}, ["action"]),
		rule("action set to its default, lower case", { action: "all" }, []),
		rule(
			"historicalObjectReplication set",
			{ historicalObjectReplication: "disabled" },
			["historicalObjectReplication"],
		),
		rule("historicalObjectReplication unset", {}, [
			"historicalObjectReplication",
		]),
		rule("syncRole set", { syncRole: "role-a" }, ["syncRole"]),
		rule("syncRole secret", { syncRole: secret("role-b") }, ["syncRole"], {
			secret: true,
		}),
		rule("syncRole unset", {}, ["syncRole"], { secret: true }),
		rule("sseKmsEncryptedObjects and replicaKmsKeyId set", kms, [
			"replicaKmsKeyId",
			"sseKmsEncryptedObjects",
			"syncRole",
		]),
		rule("replicaKmsKeyId changed", { ...kms, replicaKmsKeyId: "kms-2" }, [
			"replicaKmsKeyId",
		]),
		rule("sseKmsEncryptedObjects unset", {}, [
			"replicaKmsKeyId",
			"sseKmsEncryptedObjects",
			"syncRole",
		]),
		rule("rtc set", { rtc: "enabled" }, ["rtc"], {
			replace: undefined,
			// PutBucketRTC (docs/oss.md).
			requests: 1,
		}),
		rule("rtc unset", {}, ["rtc"], { replace: undefined, requests: 1 }),
		rule(
			"userTaggings set",
			{ userTaggings: { filterType: "AND", userTagging: tags } },
			["userTaggings"],
		),
		rule(
			"userTaggings reordered",
			{
				userTaggings: {
					filterType: "and",
					userTagging: [...tags].reverse(),
				},
			},
			[],
		),
		rule(
			"userTaggings tag changed",
			{
				userTaggings: {
					filterType: "AND",
					userTagging: [tags[0], { key: "k2", value: "v3" }],
				},
			},
			["userTaggings"],
		),
		rule("userTaggings unset", {}, ["userTaggings"]),
		rule(
			"destination.transferType set",
			{ destination: { ...dst, transferType: "oss_acc" } },
			["destination"],
		),
		rule("destination.transferType unset", {}, ["destination"]),
		rule(
			"destination location as oss-",
			{ destination: { bucket: "pm-dst", location: "oss-cn-shanghai" } },
			[],
		),
		// The derived id follows the destination (docs/oss.md "Rule ids").
		rule(
			"destination changed",
			{ destination: { bucket: "pm-dst2", location: "cn-beijing" } },
			["destination", "ruleId"],
		),
		rule("destination back", {}, ["destination", "ruleId"]),
		rule("ruleId set", { ruleId: "r" }, ["ruleId"]),
		rule("ruleId changed", { ruleId: "r2" }, ["ruleId"]),
		// The rule keeps the id it has (docs/oss.md "Rule ids"): no replacement.
		rule("ruleId unset", {}, []),
		rule("region as oss-", { region: "oss-cn-hangzhou" }, []),
		// `adopt` steers nothing any more: no change, as on COS and BOS.
		rule("adopt set", { adopt: true }, []),
		rule("adopt unset", {}, []),
		rule(
			"deleteTimeoutSeconds set",
			{ deleteTimeoutSeconds: 30 },
			["deleteTimeoutSeconds"],
			{ replace: undefined, requests: 0 },
		),
		rule("deleteTimeoutSeconds unset", {}, ["deleteTimeoutSeconds"], {
			replace: undefined,
			requests: 0,
		}),
		{
			name: "Bucket versioning set",
			resource: "spare",
			args: { versioning: "Enabled" },
			diff: ["versioning"],
			requests: 1,
			slice: true,
		},
		{
			name: "Bucket versioning suspended",
			resource: "spare",
			args: { versioning: "Suspended" },
			diff: ["versioning"],
			requests: 1,
		},
		{
			name: "Bucket region changed",
			resource: "spare",
			args: { versioning: "Suspended", region: "cn-qingdao" },
			diff: ["region"],
			replace: { keys: ["region"], order: "delete-first" },
		},
		{
			name: "Bucket renamed",
			resource: "spare",
			args: {
				versioning: "Suspended",
				region: "cn-qingdao",
				bucket: "pm-spare2",
			},
			diff: ["bucket"],
			replace: { keys: ["bucket"], order: "create-first" },
		},
	];
	return { base, steps };
}

function bosMatrix(): { base: Record<string, Args>; steps: Step[] } {
	const bucket = (n: string, region: string, versioning?: string) => ({
		$class: "bos.Bucket",
		bucket: `pm-${n}`,
		region,
		...(versioning ? { versioning } : {}),
	});
	const dst = { bucket: "pm-dst" };
	const base: Record<string, Args> = {
		src: bucket("src", "bj", "enabled"),
		src2: bucket("src2", "bj", "enabled"),
		dst: bucket("dst", "gz", "enabled"),
		dst2: bucket("dst2", "su", "enabled"),
		spare: bucket("spare", "bd"),
		rule: {
			$class: "bos.BucketReplicationRule",
			bucket: "pm-src",
			region: "bj",
			ruleId: "r",
			destination: dst,
		},
	};
	// An update of an enabled rule: LIST, PUT, LIST read-back, GET progress (docs/bos.md), and the
	// preview says it restarts replication.
	const rule = (
		step: string,
		args: Args,
		diff: string[],
		more: Partial<Step> = {},
	): Step => ({
		name: `BucketReplicationRule ${step}`,
		resource: "rule",
		args,
		diff: diff.length ? [...diff, "replicationRestarts"] : [],
		requests: diff.length ? 4 : 0,
		...more,
	});
	const steps: Step[] = [
		rule("status disabled", { status: "disabled" }, ["status"], {
			diff: ["status"],
			replace: { keys: ["status"], order: "delete-first" },
			// DELETE, then LIST, PUT, LIST, GET progress.
			requests: 5,
			slice: true,
		}),
		// A start, not a restart: replicationRestarts stays.
		rule("status unset (enabled)", {}, ["status"], { diff: ["status"] }),
		rule("resource set", { resource: ["pm-src/a/*"] }, ["resource"], {}),
		rule("resource added", { resource: ["pm-src/b/*", "pm-src/a/*"] }, [
			"resource",
		]),
		rule("resource reordered", { resource: ["pm-src/a/*", "pm-src/b/*"] }, []),
		rule("resource unset", {}, ["resource"]),
		rule("notIncludeResource set", { notIncludeResource: ["pm-src/tmp*"] }, [
			"notIncludeResource",
		]),
		rule(
			"notIncludeResource added",
			{ notIncludeResource: ["pm-src/tmp*", "pm-src/*.log"] },
			["notIncludeResource"],
		),
		rule(
			"notIncludeResource reordered",
			{ notIncludeResource: ["pm-src/*.log", "pm-src/tmp*"] },
			[],
		),
		rule("notIncludeResource unset", {}, ["notIncludeResource"]),
		rule(
			"destination.storageClass set",
			{ destination: { ...dst, storageClass: "STANDARD_IA" } },
			["destination"],
		),
		rule(
			"destination.storageClass in lower case",
			{ destination: { ...dst, storageClass: "standard_ia" } },
			[],
		),
		rule("destination.storageClass unset", {}, ["destination"]),
		rule(
			"destination.prefix set",
			{ destination: { ...dst, prefix: "backup/" } },
			["destination"],
		),
		rule(
			"destination.prefix secret",
			{ destination: { ...dst, prefix: secret("backup2/") } },
			["destination"],
			{ secret: true },
		),
		rule("destination.prefix unset", {}, ["destination"], { secret: true }),
		rule("destination bucket changed", { destination: { bucket: "pm-dst2" } }, [
			"destination",
		]),
		rule("destination bucket back", {}, ["destination"]),
		rule("replicateHistory set", { replicateHistory: {} }, [
			"replicateHistory",
		]),
		rule(
			"replicateHistory.storageClass set",
			{ replicateHistory: { storageClass: "REMAIN" } },
			["replicateHistory"],
		),
		rule("replicateHistory unset", {}, ["replicateHistory"]),
		rule("replicateDeletes set", { replicateDeletes: "enabled" }, [
			"replicateDeletes",
		]),
		rule("replicateDeletes unset", {}, ["replicateDeletes"]),
		rule("region with spaces", { region: " bj " }, []),
		rule("adopt set", { adopt: true }, []),
		rule("adopt unset", {}, []),
		rule("ruleId changed", { ruleId: "r2" }, ["ruleId"], {
			diff: ["ruleId"],
			replace: { keys: ["ruleId"], order: "delete-first" },
			// DELETE; LIST, PUT, LIST, GET progress.
			requests: 5,
		}),
		rule("ruleId back", {}, ["ruleId"], {
			diff: ["ruleId"],
			replace: { keys: ["ruleId"], order: "delete-first" },
			requests: 5,
		}),
		rule("bucket changed", { bucket: "pm-src2" }, ["bucket"], {
			diff: ["bucket", "resource"],
			replace: { keys: ["bucket"], order: "create-first" },
			requests: 5,
		}),
		rule("bucket back", {}, ["bucket"], {
			diff: ["bucket", "resource"],
			replace: { keys: ["bucket"], order: "create-first" },
			requests: 5,
		}),
		{
			name: "Bucket versioning set",
			resource: "spare",
			args: { versioning: "enabled" },
			diff: ["versioning"],
			requests: 1,
			slice: true,
		},
		{
			name: "Bucket versioning suspended",
			resource: "spare",
			args: { versioning: "suspended" },
			diff: ["versioning"],
			requests: 1,
		},
		{
			name: "Bucket region changed",
			resource: "spare",
			args: { versioning: "suspended", region: "su" },
			diff: ["region"],
			replace: { keys: ["region"], order: "delete-first" },
			requests: 3,
		},
		{
			name: "Bucket renamed",
			resource: "spare",
			args: {
				versioning: "suspended",
				region: "su",
				bucket: "pm-spare2",
			},
			diff: ["bucket"],
			replace: { keys: ["bucket"], order: "create-first" },
			requests: 3,
		},
	];
	return { base, steps };
}

export function matrix(
	cloud: Cloud,
	appId: string,
): { base: Record<string, Args>; steps: Step[] } {
	if (cloud === "cos") return cosMatrix(appId);
	if (cloud === "oss") return ossMatrix();
	return bosMatrix();
}
