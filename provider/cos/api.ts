/**
 * The COS bucket operations the resources use, one HTTP request each (plus retries).
 * Docs: PUT/GET/DELETE Bucket replication 19223/19222/19221, PUT/GET Bucket versioning 19889/19888,
 * PUT/DELETE Bucket 7738/7732 (https://cloud.tencent.com/document/product/436/<n>).
 */
import type COS from "cos-nodejs-sdk-v5";
import { CloudApiError, type ErrorContext } from "../core/errors";
import { sharedRead } from "../core/shared";
import { cosCall, cosClient } from "./client";
import type { Configuration } from "./schema";
import { forgetVersioning } from "./versioned";
import { configurationFromWire, configurationToWire } from "./wire";

export type Versioning = "Enabled" | "Suspended";

/** COS answers GET Bucket replication without a configuration with one of two spellings (§1.5). */
const noConfigurationCodes = [
	"ReplicationConfigurationnotFoundError",
	"ReplicationConfigurationNotFoundError",
];

/** True when a call failed because the bucket does not exist. */
export function isNoSuchBucket(error: unknown): boolean {
	return error instanceof CloudApiError && error.code === "NoSuchBucket";
}

export class BucketApi {
	private client?: COS;

	constructor(
		readonly bucket: string,
		readonly region: string,
		readonly context: ErrorContext = { cloud: "cos", bucket },
	) {}

	private get cos(): COS {
		this.client ??= cosClient(this.context);
		return this.client;
	}

	private get params() {
		return { Bucket: this.bucket, Region: this.region };
	}

	/** The bucket's configuration, or `undefined` when it has none. Throws `NoSuchBucket`. */
	async getReplication(): Promise<Configuration | undefined> {
		try {
			const result = await cosCall(this.context, "GET Bucket replication", () =>
				this.cos.getBucketReplication(this.params),
			);
			return configurationFromWire(result.ReplicationConfiguration);
		} catch (error) {
			if (
				error instanceof CloudApiError &&
				noConfigurationCodes.includes(error.code ?? "")
			)
				return undefined;
			throw error;
		}
	}

	/** `getReplication`, shared with concurrent reads of the same bucket (refresh; core/shared.ts). */
	getReplicationShared(): Promise<Configuration | undefined> {
		return sharedRead(`cos/${this.region}/${this.bucket}/replication`, () =>
			this.getReplication(),
		);
	}

	/** Replaces the bucket's whole configuration. */
	async putReplication(config: Configuration): Promise<void> {
		await cosCall(this.context, "PUT Bucket replication", () =>
			this.cos.putBucketReplication({
				...this.params,
				// The SDK's type knows only ID/Status/Prefix/Destination; it renders any element given.
				ReplicationConfiguration: configurationToWire(
					config,
				) as unknown as COS.ReplicationConfiguration,
			}),
		);
	}

	/** Deletes the whole configuration; a bucket without one (or already gone) is fine. */
	async deleteReplication(): Promise<void> {
		try {
			await cosCall(this.context, "DELETE Bucket replication", () =>
				this.cos.deleteBucketReplication(this.params),
			);
		} catch (error) {
			if (isNoSuchBucket(error)) return;
			if (
				error instanceof CloudApiError &&
				noConfigurationCodes.includes(error.code ?? "")
			)
				return;
			throw error;
		}
	}

	/** `undefined` when versioning was never set on the bucket. Throws `NoSuchBucket`. */
	async getVersioning(): Promise<Versioning | undefined> {
		const result = await cosCall(this.context, "GET Bucket versioning", () =>
			this.cos.getBucketVersioning(this.params),
		);
		const status = result.VersioningConfiguration?.Status as string | undefined;
		return status === "Enabled" || status === "Suspended" ? status : undefined;
	}

	async putVersioning(status: Versioning): Promise<void> {
		forgetVersioning(this.bucket, this.region);
		await cosCall(this.context, "PUT Bucket versioning", () =>
			this.cos.putBucketVersioning({
				...this.params,
				VersioningConfiguration: { Status: status },
			}),
		);
	}

	async putBucket(): Promise<void> {
		await cosCall(this.context, "PUT Bucket", () =>
			this.cos.putBucket(this.params),
		);
	}

	/** Deletes the bucket; one already gone is fine. */
	async deleteBucket(): Promise<void> {
		try {
			await cosCall(this.context, "DELETE Bucket", () =>
				this.cos.deleteBucket(this.params),
			);
		} catch (error) {
			if (isNoSuchBucket(error)) return;
			throw error;
		}
	}
}
