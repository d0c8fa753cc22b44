/**
 * The OSS bucket operations the resources use, one HTTP request each (plus retries). ali-oss has no
 * replication methods, so these go through its own signed `request`: sub-resources the server signs
 * (`replication`, `comp`, `replicationProgress`, `replicationLocation`, `rtc`, `versioning`,
 * `bucketInfo`) in `subres`, and `rule-id`, which it does not sign, in `query` (reference §2.1-2.2,
 * Appendix B). `successStatuses` is always set: without it ali-oss resolves on 4xx/5xx.
 */
import type OSS from "ali-oss";
import { CloudApiError, type ErrorContext } from "../core/errors";
import { forgetBucketInfo } from "./bucketInfo";
import { ossCall, ossClient, xmlAnswer } from "./client";
import type {
	LowerStatus,
	RuleConfig,
	RuleProgress,
	Versioning,
} from "./schema";
import {
	bucketInfoFromXml,
	deleteRuleXml,
	type LiveRule,
	locationsFromXml,
	progressFromXml,
	type ReplicationLocations,
	rtcXml,
	rulesFromXml,
	ruleToXml,
	versioningXml,
} from "./wire";

/** True when a call failed with one of these OSS codes. */
export function failedWith(error: unknown, ...codes: string[]): boolean {
	return error instanceof CloudApiError && codes.includes(error.code ?? "");
}

/** What GetBucketInfo tells the provider. */
export interface BucketInfo {
	location?: string;
	versioning?: string;
}

export class BucketApi {
	private client?: OSS;

	constructor(
		readonly bucket: string,
		/** `oss-<region>`: the endpoint (and Host) the bucket is addressed through. */
		readonly region: string,
		readonly context: ErrorContext = { cloud: "oss", bucket },
	) {}

	private get oss(): OSS {
		this.client ??= ossClient(this.region, this.context);
		return this.client;
	}

	private send(
		operation: string,
		params: Omit<OSS.RequestParams, "bucket">,
		context: ErrorContext = this.context,
		fix?: (code: string | undefined) => string | undefined,
	): Promise<OSS.RequestResult> {
		return ossCall(
			context,
			operation,
			() => this.oss.request({ bucket: this.bucket, ...params }),
			fix,
		);
	}

	/** A GET whose 2xx answer is the XML document `root`, parsed (see `xmlAnswer`). */
	private read(
		operation: string,
		root: string,
		params: Omit<OSS.RequestParams, "bucket" | "method" | "xmlResponse">,
		context: ErrorContext = this.context,
	): Promise<unknown> {
		return ossCall(context, operation, async () =>
			xmlAnswer(
				this.oss,
				await this.oss.request({
					bucket: this.bucket,
					method: "GET",
					...params,
				}),
				root,
				context,
				operation,
				this.region,
			),
		);
	}

	/** GetBucketInfo: where the bucket is and its versioning. Throws `NoSuchBucket`. */
	async getInfo(): Promise<BucketInfo> {
		const data = await this.read("GetBucketInfo", "BucketInfo", {
			subres: "bucketInfo",
			successStatuses: [200],
		});
		return bucketInfoFromXml(data);
	}

	/** PutBucket in this client's region. */
	async create(): Promise<void> {
		forgetBucketInfo(this.bucket, this.region);
		await this.send("PutBucket", { method: "PUT", successStatuses: [200] });
	}

	/** DeleteBucket; fails with `BucketNotEmpty` while objects remain. */
	async delete(): Promise<void> {
		forgetBucketInfo(this.bucket, this.region);
		await this.send("DeleteBucket", {
			method: "DELETE",
			successStatuses: [200, 204],
		});
	}

	async putVersioning(status: Versioning): Promise<void> {
		forgetBucketInfo(this.bucket, this.region);
		await this.send(
			"PutBucketVersioning",
			{
				method: "PUT",
				subres: "versioning",
				mime: "xml",
				content: versioningXml(status),
				successStatuses: [200],
			},
			this.context,
			// "The versioning status of two buckets joined by a CRR rule cannot be changed" (reference §2.4).
			(code) =>
				code === "InvalidBucketState"
					? "OSS keeps the versioning of a bucket that a replication rule joins (as source or destination, closing rules included): delete those rules first, then change versioning"
					: undefined,
		);
	}

	/** GetBucketReplication: every rule, closing ones included; [] when the bucket has none. */
	async getRules(): Promise<LiveRule[]> {
		try {
			const data = await this.read(
				"GetBucketReplication",
				"ReplicationConfiguration",
				{ subres: "replication", successStatuses: [200] },
			);
			return rulesFromXml(data);
		} catch (error) {
			if (failedWith(error, "NoSuchReplicationConfiguration")) return [];
			throw error;
		}
	}

	/** PutBucketReplication (`POST /?replication&comp=add`): adds one rule. */
	async addRule(rule: RuleConfig): Promise<void> {
		await this.send(
			"PutBucketReplication",
			{
				method: "POST",
				subres: { replication: "", comp: "add" },
				mime: "xml",
				content: ruleToXml(rule),
				successStatuses: [200],
			},
			{ ...this.context, ruleId: rule.ruleId },
		);
	}

	/**
	 * DeleteBucketReplication (`POST /?replication&comp=delete`): starts closing the rule. 204 means it
	 * was already closing; 200 also when the bucket has no rule left (reference §2.5).
	 */
	async deleteRule(ruleId: string): Promise<void> {
		await this.send(
			"DeleteBucketReplication",
			{
				method: "POST",
				subres: { replication: "", comp: "delete" },
				mime: "xml",
				content: deleteRuleXml(ruleId),
				successStatuses: [200, 204],
			},
			{ ...this.context, ruleId },
		);
	}

	/** GetBucketReplicationProgress for one rule (`rule-id` is not signed in V1: query, not subres). */
	async getProgress(ruleId: string): Promise<RuleProgress> {
		const data = await this.read(
			"GetBucketReplicationProgress",
			"ReplicationProgress",
			{
				subres: "replicationProgress",
				query: { "rule-id": ruleId },
				successStatuses: [200],
			},
			{ ...this.context, ruleId },
		);
		return progressFromXml(data);
	}

	/** GetBucketReplicationLocation: where rules of this bucket may replicate to. */
	async getReplicationLocations(): Promise<ReplicationLocations> {
		const data = await this.read(
			"GetBucketReplicationLocation",
			"ReplicationLocation",
			{ subres: "replicationLocation", successStatuses: [200] },
		);
		return locationsFromXml(data);
	}

	/** PutBucketRTC: the one in-place change OSS allows on a rule. */
	async putRtc(ruleId: string, status: LowerStatus): Promise<void> {
		await this.send(
			"PutBucketRTC",
			{
				method: "PUT",
				subres: "rtc",
				mime: "xml",
				content: rtcXml(ruleId, status),
				successStatuses: [200],
			},
			{ ...this.context, ruleId },
		);
	}
}
