/**
 * `CosBucket`: creates and deletes a bucket in a region and sets its versioning, so that a program
 * can declare buckets and replication together.
 */
import { clean, containsUnknown, planDiff } from "../core/diff";
import {
	CloudApiError,
	ConflictError,
	type ErrorContext,
	PreconditionError,
} from "../core/errors";
import type { CheckFailure, Props, ResourceHandler } from "../core/types";
import { BucketApi, isNoSuchBucket, type Versioning } from "./api";
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

async function putVersioning(props: Props): Promise<void> {
	try {
		await apiOf(props).putVersioning(props.versioning as Versioning);
	} catch (error) {
		if (error instanceof CloudApiError && error.code === "InvalidBucketState") {
			throw new PreconditionError(
				contextOf(props),
				`COS refused to set versioning to ${props.versioning} (request id ${error.requestId ?? "unknown"}): versioning cannot be suspended while the bucket has an enabled replication rule`,
				"Disable or delete the bucket's replication first, then suspend versioning",
			);
		}
		throw error;
	}
}

export const bucket: ResourceHandler = {
	async check(_olds, news) {
		const failures: CheckFailure[] = [];
		validateBucket(failures, "bucket", news.bucket);
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

	async create(inputs) {
		try {
			await apiOf(inputs).putBucket();
		} catch (error) {
			if (
				error instanceof CloudApiError &&
				error.code === "BucketAlreadyExists"
			) {
				throw new ConflictError(
					contextOf(inputs),
					`the bucket already exists (request id ${error.requestId ?? "unknown"})`,
					"cos.Bucket creates new buckets only: choose another name, or leave an existing bucket out of the program and pass its name to the replication resources",
				);
			}
			throw error;
		}
		await putVersioning(inputs);
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
				throw new PreconditionError(
					contextOf(props),
					`COS refused to delete the bucket because it still holds objects (request id ${error.requestId ?? "unknown"})`,
					"Delete every object (and every object version) in it, then run `pulumi destroy` again",
				);
			}
			throw error;
		}
	},
};
