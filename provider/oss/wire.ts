/**
 * Rules on the wire: the `<Rule>` PutBucketReplication sends (seed 002) and the one GetBucketReplication
 * returns, parsed by ali-oss's xml2js (`explicitArray: false`: one child is an object, several an array;
 * reference §2.1). Field by field, api-reference.md §2.5.
 */
import { XMLBuilder } from "fast-xml-parser";
import type { Props } from "../core/types";
import { isObject, normalizeRule } from "./normalize";
import { type RuleConfig, type RuleProgress, ruleConfigKeys } from "./schema";

/** A rule as GetBucketReplication shows it: its configuration and its `Status`. */
export interface LiveRule {
	config: RuleConfig;
	/** `starting`, `doing` or `closing`. */
	status: string;
}

/** The PutBucketReplication body for one rule. */
export function ruleToXml(rule: RuleConfig): string {
	return xml({
		ReplicationConfiguration: {
			Rule: {
				ID: rule.ruleId,
				PrefixSet: rule.prefixes.length ? { Prefix: rule.prefixes } : undefined,
				Action: rule.action,
				Destination: {
					Bucket: rule.destination.bucket,
					Location: rule.destination.location,
					TransferType: rule.destination.transferType,
				},
				HistoricalObjectReplication: rule.historicalObjectReplication,
				SyncRole: rule.syncRole,
				SourceSelectionCriteria:
					rule.sseKmsEncryptedObjects === "Enabled"
						? { SseKmsEncryptedObjects: { Status: "Enabled" } }
						: undefined,
				EncryptionConfiguration: rule.replicaKmsKeyId
					? { ReplicaKmsKeyID: rule.replicaKmsKeyId }
					: undefined,
				// Sent only to enable it: "disabled" is what a rule without <RTC> means.
				RTC: rule.rtc === "enabled" ? { Status: "enabled" } : undefined,
				UserTaggings: rule.userTaggings
					? {
							FilterType: rule.userTaggings.filterType,
							UserTagging: rule.userTaggings.userTagging.map((t) => ({
								Key: t.key,
								Value: t.value,
							})),
						}
					: undefined,
			},
		},
	});
}

/** DeleteBucketReplication body (reference §2.5). */
export function deleteRuleXml(ruleId: string): string {
	return xml({ ReplicationRules: { ID: ruleId } });
}

/** PutBucketRTC body (reference §2.5: `<ReplicationRule><RTC><Status/></RTC><ID/></ReplicationRule>`). */
export function rtcXml(ruleId: string, status: string): string {
	return xml({ ReplicationRule: { RTC: { Status: status }, ID: ruleId } });
}

export function versioningXml(status: string): string {
	return xml({ VersioningConfiguration: { Status: status } });
}

/** The `<Rule>` elements of a GetBucketReplication answer, normalized like inputs. */
export function rulesFromXml(data: unknown): LiveRule[] {
	const root = isObject(data) ? data : {};
	return list(root.Rule).filter(isObject).map(ruleFromXml);
}

function ruleFromXml(rule: Record<string, unknown>): LiveRule {
	const destination = child(rule.Destination);
	const taggings = isObject(rule.UserTaggings) ? rule.UserTaggings : undefined;
	const rtc = text(child(rule.RTC).Status);
	const normalized = normalizeRule({
		ruleId: text(rule.ID),
		prefixes: list(child(rule.PrefixSet).Prefix).map(text),
		action: text(rule.Action),
		destination: {
			bucket: text(destination.Bucket),
			location: text(destination.Location),
			// Returned only when it is oss_acc (reference §2.5).
			transferType: text(destination.TransferType),
		},
		historicalObjectReplication: text(rule.HistoricalObjectReplication),
		syncRole: text(rule.SyncRole),
		sseKmsEncryptedObjects: text(
			child(child(rule.SourceSelectionCriteria).SseKmsEncryptedObjects).Status,
		),
		replicaKmsKeyId: text(child(rule.EncryptionConfiguration).ReplicaKmsKeyID),
		// `enabling` is RTC on its way to `enabled` (reference §2.5, PutBucketRTC).
		rtc: rtc === "enabling" ? "enabled" : rtc,
		userTaggings: taggings
			? {
					filterType: text(taggings.FilterType),
					userTagging: list(taggings.UserTagging)
						.map(child)
						.map((t) => ({
							key: text(t.Key) ?? "",
							value: text(t.Value) ?? "",
						})),
				}
			: undefined,
	});
	return { config: pickConfig(normalized), status: text(rule.Status) ?? "" };
}

/** The cloud-side fields of normalized props. */
export function pickConfig(n: Props): RuleConfig {
	const out: Props = {};
	for (const k of ruleConfigKeys) if (n[k] !== undefined) out[k] = n[k];
	return out as unknown as RuleConfig;
}

/** GetBucketReplicationProgress: `HistoricalObject` is a fraction 0-1 as text (reference §2.5). */
export function progressFromXml(data: unknown): RuleProgress {
	const rule = child(list(child(data).Rule)[0]);
	const progress = child(rule.Progress);
	const fraction = Number.parseFloat(text(progress.HistoricalObject) ?? "");
	return {
		historicalObjectPercent: Number.isFinite(fraction)
			? Math.round(fraction * 100)
			: undefined,
		newObject: text(progress.NewObject),
	};
}

/** GetBucketReplicationLocation (reference §2.5). */
export interface ReplicationLocations {
	locations: string[];
	/** Locations with a transfer type constraint, and the types allowed there. */
	transferTypes: Record<string, string[]>;
	rtcLocations: string[];
}

export function locationsFromXml(data: unknown): ReplicationLocations {
	const root = child(data);
	const transferTypes: Record<string, string[]> = {};
	for (const c of list(
		child(root.LocationTransferTypeConstraint).LocationTransferType,
	)) {
		const entry = child(c);
		const where = text(entry.Location);
		if (where)
			transferTypes[where] = list(child(entry.TransferTypes).Type).map(
				(t) => text(t) ?? "",
			);
	}
	return {
		locations: list(root.Location).map((l) => text(l) ?? ""),
		transferTypes,
		rtcLocations: list(child(root.LocationRTCConstraint).Location).map(
			(l) => text(l) ?? "",
		),
	};
}

/** GetBucketInfo: the bucket's `Location` and `Versioning` (absent when never enabled). */
export function bucketInfoFromXml(data: unknown): {
	location?: string;
	versioning?: string;
} {
	const bucket = child(child(data).Bucket);
	return {
		location: text(bucket.Location),
		versioning: text(bucket.Versioning),
	};
}

const builder = new XMLBuilder({
	ignoreAttributes: true,
	suppressEmptyNode: false,
});

/** Serializes `{ Root: {...} }` with the XML declaration; text is escaped, `undefined` members left out. */
function xml(document: Record<string, unknown>): string {
	return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(document)}`;
}

function list(value: unknown): unknown[] {
	if (value === undefined || value === null || value === "") return [];
	return Array.isArray(value) ? value : [value];
}

function child(value: unknown): Record<string, unknown> {
	return isObject(value) ? value : {};
}

function text(value: unknown): string | undefined {
	if (typeof value === "string") return value;
	if (typeof value === "number") return String(value);
	return undefined;
}
