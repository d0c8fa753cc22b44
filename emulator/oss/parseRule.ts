import { randomUUID } from "node:crypto";
import { ossError } from "./errors";
import type { ReplicationRule } from "./rules";

/**
 * Reads and checks the `<Rule>` of a PutBucketReplication body: everything that does not depend on
 * other buckets. Codes and limits from seed 002 (= https://www.alibabacloud.com/help/en/oss/developer-reference/putbucketreplication)
 * and reference §2.5; where only an EC is documented the code is `InvalidArgument` (README).
 */
export function parseRule(
	raw: unknown,
): Omit<ReplicationRule, "status" | "progress"> {
	const rule = element(raw, "Rule");
	const id = optionalText(rule.ID, "ID") || randomUUID();
	// "The ID of a data replication rule can be up to 255 characters" (2021 PutBucketReplication
	// doc); the code is not documented.
	if (id.length > maxIdLength)
		throw ossError("InvalidArgument", {
			message: `The rule ID can be at most ${maxIdLength} characters.`,
		});
	const destination =
		rule.Destination === undefined
			? undefined
			: element(rule.Destination, "Destination");
	if (!destination)
		throw ossError("MissingArgument", { message: "Destination is missing." });
	const bucket = optionalText(destination.Bucket, "Destination/Bucket");
	if (!bucket)
		throw ossError("MissingArgument", {
			message: "Destination/Bucket is missing.",
		});
	const location = optionalText(destination.Location, "Destination/Location");
	if (!location)
		throw ossError("MissingArgument", {
			message: "Destination/Location is missing.",
		});
	const transferType =
		optionalText(destination.TransferType, "Destination/TransferType") ??
		"internal";
	if (transferType !== "internal" && transferType !== "oss_acc")
		throw ossError("InvalidArgument", {
			message: "The specified data transfer link is not supported.",
		});
	return {
		id,
		prefixes: prefixes(rule.PrefixSet),
		action: action(rule.Action),
		destination: { bucket, location, transferType },
		historicalObjectReplication: historical(rule.HistoricalObjectReplication),
		syncRole: optionalText(rule.SyncRole, "SyncRole") || undefined,
		...kms(rule),
		rtc: rtc(rule.RTC),
		userTaggings: userTaggings(rule.UserTaggings),
	};
}

const maxIdLength = 255;

type XmlElement = Record<string, unknown>;

/** A container element: an object, or "" when it is empty (`<PrefixSet/>`). */
function element(value: unknown, name: string): XmlElement {
	if (value === "") return {};
	if (typeof value !== "object" || value === null || Array.isArray(value))
		throw ossError("MalformedXML", {
			message: `${name} is not a valid element.`,
		});
	return value as XmlElement;
}

function optionalText(value: unknown, name: string): string | undefined {
	if (value === undefined || typeof value === "string") return value;
	throw ossError("MalformedXML", { message: `${name} must be text.` });
}

/** Up to 10 prefixes of at most 1023 characters, valid UTF-8 (EC 0031-00000018), none inside another (EC 0031-00000019). */
function prefixes(value: unknown): string[] {
	if (value === undefined) return [];
	const list =
		(element(value, "PrefixSet").Prefix as unknown[] | undefined) ?? [];
	const result = list.map((p) => optionalText(p, "Prefix") ?? "");
	if (result.length > 10)
		throw ossError("InvalidArgument", {
			message: "A rule can have at most 10 prefixes.",
		});
	for (const p of result) {
		if (p.length > 1023)
			throw ossError("InvalidArgument", {
				message: "A prefix can be at most 1023 characters.",
			});
		if (p.includes("\uFFFD"))
			throw ossError("InvalidArgument", {
				message: "A prefix must be UTF-8.",
				ec: "0031-00000018",
			});
	}
	result.forEach((p, i) => {
		if (result.some((q, j) => i !== j && p.startsWith(q)))
			throw ossError("InvalidArgument", {
				message: "The prefixes of a rule overlap.",
				ec: "0031-00000019",
			});
	});
	return result;
}

/** `ALL` (default: PUT, DELETE, ABORT) or one or more of PUT, DELETE, ABORT (EC 0031-00000023). */
function action(value: unknown): string {
	const text = optionalText(value, "Action") ?? "ALL";
	const parts = text.split(",");
	if (
		!text ||
		parts.some((a) => !["ALL", "PUT", "DELETE", "ABORT"].includes(a))
	)
		throw ossError("InvalidArgument", {
			message: "The Action is invalid.",
			ec: "0031-00000023",
		});
	return text;
}

function historical(value: unknown): "enabled" | "disabled" {
	const text = optionalText(value, "HistoricalObjectReplication") ?? "enabled";
	if (text !== "enabled" && text !== "disabled")
		throw ossError("InvalidArgument", {
			message: "HistoricalObjectReplication must be enabled or disabled.",
			ec: "0031-00000011",
		});
	return text;
}

/**
 * SSE-KMS: `SourceSelectionCriteria/SseKmsEncryptedObjects/Status`; when Enabled, a
 * `ReplicaKmsKeyID` and a `SyncRole` are required (2021 PutBucketReplication doc).
 */
function kms(
	rule: XmlElement,
): Pick<ReplicationRule, "sseKmsEncryptedObjects" | "replicaKmsKeyId"> {
	const criteria = rule.SourceSelectionCriteria;
	const keyId =
		rule.EncryptionConfiguration === undefined
			? undefined
			: optionalText(
					element(rule.EncryptionConfiguration, "EncryptionConfiguration")
						.ReplicaKmsKeyID,
					"ReplicaKmsKeyID",
				) || undefined;
	if (criteria === undefined) return { replicaKmsKeyId: keyId };
	const objects = element(
		criteria,
		"SourceSelectionCriteria",
	).SseKmsEncryptedObjects;
	if (objects === undefined)
		throw ossError("MissingArgument", {
			message: "SseKmsEncryptedObjects is missing.",
		});
	const status = optionalText(
		element(objects, "SseKmsEncryptedObjects").Status,
		"Status",
	);
	if (status !== "Enabled" && status !== "Disabled")
		throw ossError("InvalidArgument", {
			message: "SseKmsEncryptedObjects/Status must be Enabled or Disabled.",
		});
	if (status === "Enabled" && !keyId)
		throw ossError("MissingArgument", {
			message:
				"ReplicaKmsKeyID is required when SSE-KMS replication is enabled.",
		});
	if (status === "Enabled" && !optionalText(rule.SyncRole, "SyncRole"))
		throw ossError("MissingArgument", {
			message: "SyncRole is required when SSE-KMS replication is enabled.",
		});
	return { sseKmsEncryptedObjects: status, replicaKmsKeyId: keyId };
}

function rtc(value: unknown): "enabled" | "disabled" | undefined {
	if (value === undefined) return undefined;
	const status = optionalText(element(value, "RTC").Status, "RTC/Status");
	if (status !== "enabled" && status !== "disabled")
		throw ossError("InvalidArgument", {
			message: "RTC/Status must be enabled or disabled.",
		});
	return status;
}

const tagCharacters = /^[A-Za-z0-9 +\-=._:/]*$/;

/**
 * Tag filter: FilterType `AND`/`OR` (case-sensitive), 1 to 10 tags, key 1-128 and value up to 256 of
 * letters, digits, spaces and `+ - = . _ : /`, unique pairs, and unique keys under AND.
 */
function userTaggings(value: unknown): ReplicationRule["userTaggings"] {
	if (value === undefined) return undefined;
	const taggings = element(value, "UserTaggings");
	const filterType = optionalText(taggings.FilterType, "FilterType");
	if (filterType === undefined)
		throw ossError("MissingArgument", { message: "FilterType is missing." });
	if (filterType !== "AND" && filterType !== "OR")
		throw ossError("InvalidArgument", {
			message: "FilterType must be AND or OR.",
		});
	const list = (taggings.UserTagging as unknown[] | undefined) ?? [];
	if (!list.length)
		throw ossError("MissingArgument", { message: "UserTagging is missing." });
	if (list.length > 10) throw ossError("TooManyTaggings");
	const tags = list.map((t) => {
		const tag = element(t, "UserTagging");
		const key = optionalText(tag.Key, "Key") ?? "";
		const value = optionalText(tag.Value, "Value") ?? "";
		if (
			!key ||
			key.length > 128 ||
			value.length > 256 ||
			!tagCharacters.test(key) ||
			!tagCharacters.test(value)
		)
			throw ossError("InvalidArgument", {
				message: `The tag ${key}=${value} is invalid.`,
			});
		return { key, value };
	});
	const pairs = new Set(tags.map((t) => `${t.key}\n${t.value}`));
	if (pairs.size < tags.length)
		throw ossError("DuplicateReplicationRuleTaggings");
	if (
		filterType === "AND" &&
		new Set(tags.map((t) => t.key)).size < tags.length
	)
		throw ossError("DuplicateReplicationRuleTaggingKeys");
	return { filterType, tags };
}
