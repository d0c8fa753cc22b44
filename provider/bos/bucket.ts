/**
 * `bos.Bucket`: creates and deletes a BOS bucket in a region, with its versioning state
 * (api-reference.md §3.3, §3.4). Deleting a bucket that still has objects or replication rules fails
 * with BOS's error explained; this resource never empties a bucket.
 */
import { clean } from "../core/diff";
import { type CloudApiError, ConflictError } from "../core/errors";
import { PartialFailure } from "../core/partial";
import type { Props, ResourceHandler } from "../core/types";
import {
	createBucket,
	deleteBucket,
	getVersioning,
	putVersioning,
	type Target,
	target,
} from "./api";
import { errorCode } from "./client";
import { diffBucket } from "./diff";
import { normalizeBucket, pick } from "./normalize";
import type { BucketInputs } from "./schema";
import { validateBucket } from "./validate";

const bucketType = "BosBucket";

function bucketOf(props: Props): BucketInputs {
	return normalizeBucket(props) as unknown as BucketInputs;
}

function outputs(bucket: BucketInputs): Props {
	return clean({
		__resource: bucketType,
		schemaVersion: 1,
		...pick(bucket, ["region", "bucket", "versioning", "adopt"]),
	});
}

/**
 * The name is taken (names are global). The bucket is this resource's when these credentials own it
 * and its versioning is the declared state or was never set (core/ownership.ts): an earlier attempt
 * created it, and the create finishes by setting versioning. Otherwise say what differs.
 */
async function adopt(
	t: Target,
	bucket: BucketInputs,
	refused: unknown,
): Promise<Props> {
	let versioning: string | undefined;
	try {
		versioning = await getVersioning(t);
	} catch (error) {
		if (errorCode(error) !== "AccessDenied") throw error;
		// The vendor's code and request id, as in every error from an answer (README).
		const facts = (e: unknown) =>
			`BOS code ${errorCode(e)}, request id ${(e as CloudApiError).requestId ?? "none"}`;
		throw new ConflictError(
			t.context,
			`the bucket name is taken by another account (PutBucket: ${facts(refused)}; GetBucketVersioning: ${facts(error)})`,
			"Bucket names are global on BOS: choose another name",
		);
	}
	if (versioning === bucket.versioning) return outputs(bucket);
	if (versioning === "notEnabled") {
		await putVersioning(t, bucket.versioning);
		return outputs(bucket);
	}
	throw new ConflictError(
		t.context,
		`the bucket already exists and differs: versioning is "${versioning}" on BOS, "${bucket.versioning}" in the program; it may belong to another stack or to a tool outside Pulumi`,
		"Choose another name, or make the program match the bucket to manage it",
	);
}

const bucketHandler: ResourceHandler = {
	async check(olds, news) {
		const normalized = normalizeBucket(news);
		const previous = Object.keys(olds).length ? normalizeBucket(olds) : {};
		const failures = validateBucket(normalized, previous);
		if (failures.length) return { failures };
		return { inputs: { __resource: bucketType, ...normalized } };
	},

	async diff(_id, olds, news) {
		return diffBucket(olds, news);
	},

	/** PUT bucket, then PUT versioning unless it stays `notEnabled`. */
	async create(inputs) {
		const bucket = bucketOf(inputs);
		const t = target(bucket.region, bucket.bucket);
		try {
			await createBucket(t);
		} catch (error) {
			const code = errorCode(error);
			if (code !== "BucketAlreadyExists" && code !== "BucketAlreadyOwnedByYou")
				throw error;
			return { id: bucket.bucket, outs: await adopt(t, bucket, error) };
		}
		if (bucket.versioning !== "notEnabled") {
			try {
				await putVersioning(t, bucket.versioning);
			} catch (error) {
				throw new PartialFailure(error, bucket.bucket, {
					...inputs,
					...outputs({ ...bucket, versioning: "notEnabled" }),
				});
			}
		}
		return { id: bucket.bucket, outs: outputs(bucket) };
	},

	/** GET versioning; `{}` only when BOS says the bucket does not exist. */
	async read(id, props) {
		const stored = bucketOf(props);
		const versioning = await getVersioning(
			target(stored.region, stored.bucket),
		);
		if (!versioning) return {};
		return {
			id,
			props: clean({ ...props, live: { versioning } }),
			inputs: clean({
				__resource: bucketType,
				region: stored.region,
				bucket: stored.bucket,
				versioning,
				adopt: stored.adopt,
			}),
		};
	},

	/** PUT versioning (the only property that changes in place). */
	async update(_id, _olds, news) {
		const bucket = bucketOf(news);
		await putVersioning(
			target(bucket.region, bucket.bucket),
			bucket.versioning,
		);
		return { outs: outputs(bucket) };
	},

	/** DELETE bucket; already gone is fine. BucketNotEmpty / ReplicationStatusNotEmpty are explained. */
	async delete(_id, props) {
		const stored = bucketOf(props);
		await deleteBucket(target(stored.region, stored.bucket));
	},
};

export const bucketHandlers: Record<string, ResourceHandler> = {
	[bucketType]: bucketHandler,
};
