/**
 * `oss.Bucket`: creates and deletes a bucket in a region, with versioning. It never deletes data:
 * deleting a bucket that still holds objects fails with the vendor's `BucketNotEmpty`, explained.
 */

import { clean, planDiff, UNKNOWN } from "../core/diff";
import { bucketNotEmptyFix, CloudApiError } from "../core/errors";
import { isOwnBucket } from "../core/ownership";
import { PartialFailure } from "../core/partial";
import type { Props, ResourceHandler } from "../core/types";
import { BucketApi, failedWith } from "./api";
import { isObject, normalizeBucket } from "./normalize";
import { type BucketInputs, bucketReplaceKeys, OSS_BUCKET } from "./schema";
import { validateBucket } from "./validate";

export const bucketHandler: ResourceHandler = {
	async check(olds, news) {
		const inputs = { __resource: OSS_BUCKET, ...normalizeBucket(news) };
		const failures = validateBucket(inputs, normalizeBucket(olds), news);
		return failures.length ? { inputs, failures } : { inputs };
	},

	async diff(_id, olds, news) {
		const applied = normalizeBucket(olds);
		const desired = normalizeBucket(news);
		return planDiff({
			applied,
			live: isObject(olds.live)
				? { ...applied, versioning: olds.live.versioning }
				: undefined,
			desired,
			replaceKeys: bucketReplaceKeys,
			// Bucket names are global: the same name in another region cannot exist before the old
			// bucket is deleted. A new name is created first, so that a name taken by another account
			// fails before the old bucket is gone (as on COS and BOS).
			deleteBeforeReplace:
				typeof desired.bucket !== "string" ||
				desired.bucket === UNKNOWN ||
				desired.bucket === applied.bucket,
		});
	},

	/**
	 * PutBucket, then PutBucketVersioning when declared. A name already taken is this resource's own
	 * bucket when these credentials can read it and its versioning is the declared one or was never set
	 * (core/ownership.ts): an earlier attempt created it. Anything else is refused as before.
	 */
	async create(inputs) {
		const bucket = normalizeBucket(inputs) as unknown as BucketInputs;
		const api = new BucketApi(bucket.bucket, bucket.region);
		let current: string | undefined;
		try {
			await api.create();
		} catch (error) {
			if (
				!failedWith(error, "BucketAlreadyExists") ||
				!(error instanceof CloudApiError)
			)
				throw error;
			const info = await infoIfOurs(api);
			if (!info || !isOwnBucket(info.versioning, bucket.versioning))
				throw new CloudApiError(
					api.context,
					error.operation,
					error.status,
					error.code,
					error.requestId,
					info
						? `the bucket already exists with versioning ${info.versioning}`
						: "the bucket name is taken",
					"Bucket names are global across all OSS accounts: choose another name. A bucket of yours that already exists cannot be adopted by `oss.Bucket`; keep managing it where it is and pass its name to `oss.BucketReplicationRule`",
				);
			current = info.versioning;
		}
		if (bucket.versioning && bucket.versioning !== current) {
			try {
				await api.putVersioning(bucket.versioning);
			} catch (error) {
				// The bucket exists: record it, so that it is never orphaned; recorded without versioning,
				// the next `up` sees the difference and sets it.
				const { versioning: _, ...created } = inputs;
				throw new PartialFailure(error, bucket.bucket, {
					...created,
					...outputs(normalizeBucket(created)),
				});
			}
		}
		return { id: bucket.bucket, outs: outputs(bucket as unknown as Props) };
	},

	async read(_id, props) {
		const bucket = normalizeBucket(props) as unknown as BucketInputs;
		let info: { location?: string; versioning?: string };
		try {
			info = await new BucketApi(bucket.bucket, bucket.region).getInfo();
		} catch (error) {
			if (failedWith(error, "NoSuchBucket")) return {};
			throw error;
		}
		const live = { versioning: info.versioning };
		return {
			id: bucket.bucket,
			props: outputs(bucket as unknown as Props, live),
			inputs: clean({ __resource: OSS_BUCKET, ...bucket, ...live }),
		};
	},

	async update(_id, olds, news) {
		const bucket = normalizeBucket(news) as unknown as BucketInputs;
		const current = isObject(olds.live)
			? olds.live.versioning
			: olds.versioning;
		// check refuses going back to "never versioned", so a change here is always to a status.
		if (bucket.versioning && bucket.versioning !== current)
			await new BucketApi(bucket.bucket, bucket.region).putVersioning(
				bucket.versioning,
			);
		return { outs: outputs(bucket as unknown as Props) };
	},

	async delete(_id, props) {
		const bucket = normalizeBucket(props) as unknown as BucketInputs;
		const api = new BucketApi(bucket.bucket, bucket.region);
		try {
			await api.delete();
		} catch (error) {
			if (failedWith(error, "NoSuchBucket")) return;
			if (failedWith(error, "BucketNotEmpty") && error instanceof CloudApiError)
				throw new CloudApiError(
					api.context,
					error.operation,
					error.status,
					error.code,
					error.requestId,
					"the bucket still holds objects (or object versions)",
					bucketNotEmptyFix("oss"),
				);
			throw error;
		}
	},
};

/** GetBucketInfo when these credentials own the bucket; `undefined` for another account's (403). */
async function infoIfOurs(
	api: BucketApi,
): Promise<{ versioning?: string } | undefined> {
	try {
		return await api.getInfo();
	} catch (error) {
		if (error instanceof CloudApiError && error.status === 403)
			return undefined;
		throw error;
	}
}

/** Applied inputs and, after a refresh, `live` (what GetBucketInfo showed). */
function outputs(inputs: Props, live?: { versioning?: string }): Props {
	return clean({ __resource: OSS_BUCKET, schemaVersion: 1, ...inputs, live });
}
