import { bosError } from "./errors";

type Switch = "enabled" | "disabled";

/**
 * One replication rule, in the JSON shape of PutBucketReplication / GetBucketReplication
 * (https://cloud.baidu.com/doc/BOS/s/fkc4evoy4, https://cloud.baidu.com/doc/BOS/s/7kc4ewr1u,
 * reference §3.5).
 */
export interface ReplicationRule {
	id: string;
	status: Switch;
	resource: string[];
	notIncludeResource?: string[];
	destination: { bucket: string; storageClass?: string; prefix?: string };
	replicateHistory?: { storageClass?: string; bucket?: string };
	replicateDeletes: Switch;
	/** Epoch seconds of the rule's first PUT ([CONFLICT] resolved to `createTime`, reference §3.5). */
	createTime: number;
	destRegion: string;
}

/** The fields a client sends; the service adds `createTime` and `destRegion`. */
export type RuleInput = Omit<ReplicationRule, "createTime" | "destRegion">;

/** Storage classes a rule may name (PutBucketReplication: destination / replicateHistory). */
export const singleAzClasses = ["STANDARD", "STANDARD_IA", "COLD"];
export const multiAzClasses = ["MAZ_STANDARD", "MAZ_STANDARD_IA"];

const idPattern = /^[A-Za-z0-9_-]{1,20}$/;
const maxResources = 20;

function inappropriate(message: string): never {
	throw bosError("InappropriateJSON", message);
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === "object" && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown, field: string): string | undefined {
	if (value === undefined) return undefined;
	if (typeof value !== "string") inappropriate(`${field} must be a string.`);
	return value;
}

function switchValue(value: unknown, field: string): Switch {
	if (value !== "enabled" && value !== "disabled") {
		inappropriate(`${field} must be "enabled" or "disabled".`);
	}
	return value;
}

function storageClass(value: unknown, field: string): string | undefined {
	const name = optionalString(value, field);
	if (
		name !== undefined &&
		![...singleAzClasses, ...multiAzClasses].includes(name)
	) {
		inappropriate(`${field} ${name} is not a valid storage class.`);
	}
	return name;
}

function stringList(value: unknown, field: string): string[] {
	if (
		!Array.isArray(value) ||
		!value.every((v): v is string => typeof v === "string")
	) {
		inappropriate(`${field} must be an array of strings.`);
	}
	if (value.length > maxResources) {
		inappropriate(`${field} has more than ${maxResources} entries.`);
	}
	return value;
}

/** `<bucket>/<prefix>` with at most one `*`, at the end (`src/abc`, `src/cd*`, `src/*`). */
function checkResource(entry: string, bucket: string): void {
	const pattern = entry.startsWith(`${bucket}/`)
		? entry.slice(bucket.length + 1)
		: inappropriate(`resource ${entry} must start with ${bucket}/.`);
	if (pattern.slice(0, -1).includes("*")) {
		inappropriate(`resource ${entry}: "*" is only allowed at the end.`);
	}
}

/** Only `<bucket>/<prefix>*`, `<bucket>/*<suffix>` and `<bucket>/*<infix>*` are allowed. */
function checkExclusion(entry: string, bucket: string): void {
	const pattern = entry.startsWith(`${bucket}/`)
		? entry.slice(bucket.length + 1)
		: inappropriate(`notIncludeResource ${entry} must start with ${bucket}/.`);
	if (!/^(\*[^*]+\*?|[^*]+\*)$/.test(pattern)) {
		inappropriate(
			`notIncludeResource ${entry} must be <bucket>/<prefix>*, <bucket>/*<suffix> or <bucket>/*<infix>*.`,
		);
	}
}

/**
 * Validates a PutBucketReplication body for `sourceBucket`. `queryId` is the `id` query parameter
 * (may be empty: the body's `id` is then used). Malformed JSON is `MalformedJSON`; well-formed JSON
 * that breaks a documented rule is `InappropriateJSON` (Baidu common codes, reference §3.6).
 */
export function parseRule(
	body: Buffer,
	sourceBucket: string,
	queryId: string,
): RuleInput {
	let json: unknown;
	try {
		json = JSON.parse(body.toString("utf8"));
	} catch {
		throw bosError("MalformedJSON");
	}
	if (!isObject(json)) throw bosError("MalformedJSON");

	const id = json.id;
	if (typeof id !== "string" || !idPattern.test(id)) {
		inappropriate("id must be 1 to 20 characters of letters, digits, - and _.");
	}
	if (queryId && queryId !== id) {
		inappropriate(
			`id ${id} in the body differs from id ${queryId} in the URI.`,
		);
	}

	const resource = stringList(json.resource, "resource");
	if (resource.length === 0) inappropriate("resource must not be empty.");
	for (const r of resource) checkResource(r, sourceBucket);

	const notIncludeResource =
		json.notIncludeResource === undefined
			? undefined
			: stringList(json.notIncludeResource, "notIncludeResource");
	for (const r of notIncludeResource ?? []) checkExclusion(r, sourceBucket);

	const destination = isObject(json.destination)
		? json.destination
		: inappropriate("destination is required.");
	const destinationBucket = optionalString(
		destination.bucket,
		"destination.bucket",
	);
	if (!destinationBucket) inappropriate("destination.bucket is required.");

	let replicateHistory: RuleInput["replicateHistory"];
	if (json.replicateHistory !== undefined) {
		const history = isObject(json.replicateHistory)
			? json.replicateHistory
			: inappropriate("replicateHistory must be an object.");
		const bucket = optionalString(history.bucket, "replicateHistory.bucket");
		if (bucket !== undefined && bucket !== destinationBucket) {
			inappropriate("replicateHistory.bucket must be the destination bucket.");
		}
		// REMAIN (keep the source object's class) is the Go SDK's default for history copies.
		const historyClass =
			history.storageClass === "REMAIN"
				? "REMAIN"
				: storageClass(history.storageClass, "replicateHistory.storageClass");
		replicateHistory = dropUndefined({ storageClass: historyClass, bucket });
	}

	return dropUndefined({
		id,
		status: switchValue(json.status, "status"),
		resource,
		notIncludeResource,
		destination: dropUndefined({
			bucket: destinationBucket,
			storageClass: storageClass(
				destination.storageClass,
				"destination.storageClass",
			),
			prefix: optionalString(destination.prefix, "destination.prefix"),
		}),
		replicateHistory,
		replicateDeletes: switchValue(json.replicateDeletes, "replicateDeletes"),
	});
}

/** Keeps the stored JSON clean and the echoed rule free of absent fields. */
function dropUndefined<T extends object>(value: T): T {
	return Object.fromEntries(
		Object.entries(value).filter(([, v]) => v !== undefined),
	) as T;
}

/** Whether `key` is covered by `resource` and not by `notIncludeResource`. */
export function ruleCovers(
	rule: RuleInput,
	sourceBucket: string,
	key: string,
): boolean {
	const strip = (entry: string) => entry.slice(sourceBucket.length + 1);
	// [INFERRED] a resource is a key prefix, with or without its trailing "*" (README.md).
	const included = rule.resource.some((r) =>
		key.startsWith(strip(r).replace(/\*$/, "")),
	);
	const excluded = (rule.notIncludeResource ?? []).some((r) => {
		const pattern = strip(r);
		const inner = pattern.replace(/^\*|\*$/g, "");
		if (pattern.startsWith("*") && pattern.endsWith("*"))
			return key.includes(inner);
		if (pattern.startsWith("*")) return key.endsWith(inner);
		return key.startsWith(inner);
	});
	return included && !excluded;
}

/** Two rules that are the same except for their id (refused by PutBucketReplication). */
export function sameExceptId(a: RuleInput, b: RuleInput): boolean {
	const shape = (r: RuleInput) =>
		JSON.stringify([
			r.status,
			[...r.resource].sort(),
			[...(r.notIncludeResource ?? [])].sort(),
			r.destination.bucket,
			r.destination.storageClass ?? "",
			r.destination.prefix ?? "",
			r.replicateHistory ? (r.replicateHistory.storageClass ?? "") : null,
			r.replicateDeletes,
		]);
	return shape(a) === shape(b);
}
