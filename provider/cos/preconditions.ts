import {
	type CloudApiError,
	type ErrorContext,
	PreconditionError,
} from "../core/errors";
import { BucketApi, isNoSuchBucket } from "./api";
import { versioned, versionedKey } from "./versioned";

export interface BucketRef {
	bucket: string;
	region: string;
}

/**
 * COS replicates only between versioned buckets: PUT Bucket replication answers 409
 * InvalidBucketState when the source is not versioned (doc 19223), and the console requires it of
 * the destination. Checked before the first write so that the error says how to fix it.
 * One GET Bucket versioning per bucket and provider process; `source` is left out when it was
 * checked before.
 */
export async function ensureVersioning(
	context: ErrorContext,
	source: BucketRef | undefined,
	destinations: BucketRef[],
): Promise<void> {
	const unique = new Map<string, BucketRef & { role: string }>();
	if (source) unique.set(source.bucket, { ...source, role: "source" });
	for (const d of destinations) {
		if (!unique.has(d.bucket))
			unique.set(d.bucket, { ...d, role: "destination" });
	}
	await Promise.all(
		[...unique.values()].map((b) => {
			// Checked once per bucket in this provider process (one deployment); a failure is not kept.
			const key = versionedKey(b.bucket, b.region);
			let check = versioned.get(key);
			if (!check) {
				check = checkVersioning(context, b);
				versioned.set(key, check);
				check.catch(() => versioned.delete(key));
			}
			return check;
		}),
	);
}

async function checkVersioning(
	context: ErrorContext,
	b: BucketRef & { role: string },
): Promise<void> {
	let status: string | undefined;
	try {
		status = await new BucketApi(b.bucket, b.region, context).getVersioning();
	} catch (error) {
		// The source's keys read the destination too: a bucket of another account answers AccessDenied
		// (COS's answer for another account's APPID), which named neither the bucket nor its role.
		if (b.role === "destination" && isAccessDenied(error))
			throw new PreconditionError(
				context,
				`the destination bucket "${b.bucket}" refused GET Bucket versioning to these keys (COS code AccessDenied, request id ${(error as CloudApiError).requestId ?? "none"})`,
				"The provider reads the destination's versioning with the source's keys: a bucket of another account must grant them cos:GetBucketVersioning (bucket policy); else check its name, which ends with its account's APPID",
			);
		if (!isNoSuchBucket(error)) throw error;
		throw new PreconditionError(
			context,
			// The vendor's code and request id, as in every error from an answer (README).
			`the ${b.role} bucket "${b.bucket}" does not exist in region ${b.region} (GET Bucket versioning: COS code NoSuchBucket, request id ${(error as CloudApiError).requestId ?? "none"})`,
			"Create it first (`cos.Bucket`, and pass its `bucket` output so Pulumi orders the two), or check its name (with the APPID) and region",
		);
	}
	if (status !== "Enabled") {
		throw new PreconditionError(
			context,
			`versioning is ${status ?? "not enabled"} on the ${b.role} bucket "${b.bucket}"; COS replicates only between versioned buckets`,
			// In words every language reads: the plugin prints this to YAML and Python programs too.
			`Enable it first: declare the bucket "${b.bucket}" (region "${b.region}") as a \`cos.Bucket\` with \`versioning: "Enabled"\`, and pass its \`bucket\` output to this resource so Pulumi orders the two (or enable versioning in the COS console)`,
		);
	}
}

function isAccessDenied(error: unknown): boolean {
	return (error as CloudApiError | undefined)?.code === "AccessDenied";
}
