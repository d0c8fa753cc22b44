/**
 * `CosBucket`: creates and deletes a bucket in a region and sets its versioning, so that a program
 * can declare buckets and replication together.
 */
import { clean, containsUnknown, planDiff } from "../core/diff";
import {
	bucketNotEmptyFix,
	CloudApiError,
	ConflictError,
	type ErrorContext,
} from "../core/errors";
import { isOwnBucket } from "../core/ownership";
import { PartialFailure } from "../core/partial";
import type { CheckFailure, Props, ResourceHandler } from "../core/types";
import { BucketApi, isNoSuchBucket, type Versioning } from "./api";
import { withTrimmedRegions } from "./regions";
import { validateBucket, validateRegion } from "./validate";

const type = "CosBucket";
const configKeys = ["bucket", "region", "versioning"] as const;
const versionings: Versioning[] = ["Enabled", "Suspended"];

function project(props: Props): Props {
	return Object.fromEntries(configKeys.map((k) => [k, props[k]]));
}

function contextOf(props: Props): ErrorContext {
	return { cloud: "cos", bucket: String(props.bucket) };
}

function apiOf(props: Props): BucketApi {
	return new BucketApi(
		String(props.bucket),
		String(props.region),
		contextOf(props),
	);
}

function outputs(inputs: Props): Props {
	const bucket = String(inputs.bucket);
	return clean({
		__resource: type,
		schemaVersion: 1,
		...project(inputs),
		// The APPID is the bucket name's last `-` segment (bucket naming rules, doc 13312).
		appId: bucket.slice(bucket.lastIndexOf("-") + 1),
	});
}

function canonicalVersioning(value: unknown): Versioning | undefined {
	return versionings.find(
		(v) => v.toLowerCase() === String(value).toLowerCase(),
	);
}

/** The bucket's versioning when these credentials own it (`undefined`: never set), else "notOurs". */
async function versioningIfOurs(
	api: BucketApi,
): Promise<Versioning | undefined | "notOurs"> {
	try {
		return await api.getVersioning();
	} catch (error) {
		// Another account's bucket: COS answers AccessDenied.
		if (error instanceof CloudApiError && error.status === 403)
			return "notOurs";
		throw error;
	}
}

async function putVersioning(props: Props): Promise<void> {
	try {
		await apiOf(props).putVersioning(props.versioning as Versioning);
	} catch (error) {
		if (error instanceof CloudApiError && error.code === "InvalidBucketState") {
			// The vendor's facts stay (HTTP status, code, request id), as in every error (README).
			throw new CloudApiError(
				contextOf(props),
				error.operation,
				error.status,
				error.code,
				error.requestId,
				`COS refused to set versioning to ${props.versioning}: versioning cannot be suspended while the bucket has an enabled replication rule`,
				"Disable or delete the bucket's replication first, then suspend versioning",
			);
		}
		throw error;
	}
}

export const bucket: ResourceHandler = {
	async check(_olds, written) {
		const news = withTrimmedRegions(written);
		const failures: CheckFailure[] = [];
		validateBucket(failures, "bucket", news.bucket, news.region);
		validateRegion(failures, "region", news.region);
		const versioning = news.versioning;
		if (
			versioning !== undefined &&
			!containsUnknown(versioning) &&
			!canonicalVersioning(versioning)
		) {
			failures.push({
				property: "versioning",
				reason: `versioning must be Enabled or Suspended; got ${JSON.stringify(versioning)}`,
			});
		}
		if (failures.length) return { failures };
		if (containsUnknown(news)) return { inputs: { ...news, __resource: type } };
		return {
			inputs: {
				__resource: type,
				bucket: news.bucket,
				region: news.region,
				versioning: canonicalVersioning(versioning ?? "Enabled"),
			},
		};
	},

	async diff(_id, olds, news) {
		const applied = project(olds);
		const desired = project(news);
		return planDiff({
			applied,
			desired,
			live: olds.live as Props | undefined,
			replaceKeys: ["bucket", "region"],
			deleteBeforeReplace: applied.bucket === desired.bucket,
		});
	},

	/**
	 * PUT Bucket, then PUT versioning. A name already taken is this resource's own bucket when these
	 * credentials can read it and its versioning is the declared one or was never set: an earlier attempt
	 * (a retry whose answer was lost, or an interrupted run) created it (ownership.ts). Anything else is
	 * refused as before.
	 */
	async create(inputs) {
		const api = apiOf(inputs);
		try {
			await api.putBucket();
		} catch (error) {
			if (
				!(error instanceof CloudApiError) ||
				error.code !== "BucketAlreadyExists"
			)
				throw error;
			const current = await versioningIfOurs(api);
			if (current === "notOurs" || !isOwnBucket(current, inputs.versioning))
				throw new ConflictError(
					contextOf(inputs),
					`the bucket already exists${typeof current === "string" && current !== "notOurs" ? ` with versioning ${current}, ${inputs.versioning ?? "unset"} in the program` : ""} (PUT Bucket: COS code BucketAlreadyExists, request id ${error.requestId ?? "unknown"})`,
					"`cos.Bucket` creates new buckets only: choose another name, or leave an existing bucket out of the program and pass its name to the replication resources",
				);
			if (current === inputs.versioning)
				return { id: String(inputs.bucket), outs: outputs(inputs) };
		}
		try {
			await putVersioning(inputs);
		} catch (error) {
			// The bucket exists: record it, so that it is never orphaned; recorded without versioning,
			// the next `up` sees the difference and sets it.
			const { versioning: _, ...created } = inputs;
			throw new PartialFailure(error, String(inputs.bucket), {
				...created,
				...outputs(created),
			});
		}
		return { id: String(inputs.bucket), outs: outputs(inputs) };
	},

	async read(id, props) {
		let versioning: Versioning | undefined;
		try {
			versioning = await apiOf(props).getVersioning();
		} catch (error) {
			if (isNoSuchBucket(error)) return {};
			throw error;
		}
		const live = clean({
			bucket: props.bucket,
			region: props.region,
			versioning,
		});
		return {
			id,
			props: { ...props, live },
			inputs: { __resource: type, ...live },
		};
	},

	async update(_id, _olds, news) {
		await putVersioning(news);
		return { outs: outputs(news) };
	},

	async delete(_id, props) {
		try {
			await apiOf(props).deleteBucket();
		} catch (error) {
			if (error instanceof CloudApiError && error.code === "BucketNotEmpty") {
				// The vendor's facts stay (HTTP status, code, request id), as in every error (README).
				throw new CloudApiError(
					contextOf(props),
					error.operation,
					error.status,
					error.code,
					error.requestId,
					"the bucket still holds objects (or object versions)",
					bucketNotEmptyFix("cos"),
				);
			}
			throw error;
		}
	},
};
