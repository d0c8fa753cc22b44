/**
 * What must hold before the first PutBucketReplication, checked so that the user gets one clear
 * message instead of the vendor's 400: both buckets exist where the inputs say, the destination region
 * is one OSS replicates to from the source (GetBucketReplicationLocation), and the versioning states
 * match (reference §2.4: both versioned or both unversioned, EC 0031-00000053).
 */
import { type CloudApiError, PreconditionError } from "../core/errors";
import { BucketApi, type BucketInfo, failedWith } from "./api";
import { bucketInfo, replicationLocations } from "./bucketInfo";
import type { RuleInputs } from "./schema";

export async function checkPreconditions(
	rule: RuleInputs,
	source: BucketApi,
): Promise<void> {
	const context = source.context;
	const { destination } = rule;
	const sourceInfo = await existing(source, "source", "bucket");
	if (sourceInfo.location && sourceInfo.location !== rule.region)
		throw new PreconditionError(
			context,
			`the source bucket is in ${sourceInfo.location}, not ${rule.region}`,
			`Set region: "${sourceInfo.location}"`,
		);
	const target = new BucketApi(
		destination.bucket,
		destination.location,
		context,
	);
	const targetInfo = await existing(
		target,
		"destination",
		"destination.bucket",
	);
	if (targetInfo.location && targetInfo.location !== destination.location)
		throw new PreconditionError(
			context,
			`the destination bucket "${destination.bucket}" is in ${targetInfo.location}, not ${destination.location}`,
			`Set destination.location: "${targetInfo.location}"`,
		);
	const versioned = (v?: string) => (v ? `versioning ${v}` : "never versioned");
	if (Boolean(sourceInfo.versioning) !== Boolean(targetInfo.versioning))
		throw new PreconditionError(
			context,
			`the source bucket is ${versioned(sourceInfo.versioning)} and the destination bucket "${destination.bucket}" is ${versioned(targetInfo.versioning)}; OSS replicates only between two versioned or two unversioned buckets`,
			'Give both buckets the same versioning (`oss.Bucket` `versioning: "Enabled"`)',
		);
	if (destination.location !== rule.region) await checkLocation(rule, source);
}

async function existing(
	api: BucketApi,
	which: "source" | "destination",
	property: string,
): Promise<BucketInfo> {
	try {
		return await bucketInfo(api);
	} catch (error) {
		throw missingBucket(api, which, property, "GetBucketInfo", error) ?? error;
	}
}

/**
 * A missing bucket, or one in another region, as a precondition with the vendor's code and request id
 * (as in every error from an answer, README); undefined for any other failure.
 */
export function missingBucket(
	api: BucketApi,
	which: "source" | "destination",
	property: string,
	operation: string,
	error: unknown,
): PreconditionError | undefined {
	const requestId = (error as CloudApiError).requestId ?? "none";
	if (failedWith(error, "NoSuchBucket"))
		return new PreconditionError(
			api.context,
			`the ${which} bucket "${api.bucket}" does not exist in ${api.region} (${operation}: OSS code NoSuchBucket, request id ${requestId})`,
			`Create it first (\`oss.Bucket\`, and pass its \`bucket\` output so Pulumi orders the two), or fix ${property}`,
		);
	// OSS answers a bucket addressed through another region's endpoint with 403 AccessDenied, "must
	// be addressed using the specified endpoint" (so GetBucketInfo never gets to say its Location).
	if (
		failedWith(error, "AccessDenied") &&
		/addressed using the specified endpoint/.test(
			(error as CloudApiError).message,
		)
	)
		return new PreconditionError(
			api.context,
			`the ${which} bucket "${api.bucket}" is not in ${api.region}: OSS answers that it must be addressed through its own region's endpoint (${operation}: OSS code AccessDenied, request id ${requestId})`,
			`Set ${which === "source" ? "region" : "destination.location"} to the bucket's region (the OSS console shows it), or fix ${property}`,
		);
	// The source's keys read the destination too: a bucket of another account answers AccessDenied
	// ("does not belong to you"), which named neither the bucket nor its role.
	if (which === "destination" && failedWith(error, "AccessDenied"))
		return new PreconditionError(
			api.context,
			`the destination bucket "${api.bucket}" refused ${operation} to these keys (OSS code AccessDenied, request id ${requestId})`,
			`The provider reads the destination with the source's keys: a bucket of another account must grant them oss:${operation} (bucket policy); else fix ${property}`,
		);
	return undefined;
}

/**
 * Cross-region only: the region must be a replication target of the source, with this transfer type and
 * RTC (read once per source bucket and run, bucketInfo.ts).
 */
async function checkLocation(
	rule: RuleInputs,
	source: BucketApi,
): Promise<void> {
	const { location, transferType } = rule.destination;
	const allowed = await replicationLocations(source);
	if (!allowed.locations.includes(location))
		throw new PreconditionError(
			source.context,
			`OSS does not replicate from ${rule.region} to ${location}`,
			`Choose destination.location among: ${allowed.locations.join(", ")}`,
		);
	const types = allowed.transferTypes[location];
	if (transferType === "oss_acc" && !types?.includes("oss_acc"))
		throw new PreconditionError(
			source.context,
			`transfer type "oss_acc" is not available from ${rule.region} to ${location}`,
			'Set destination.transferType: "internal"',
		);
	if (rule.rtc === "enabled" && !allowed.rtcLocations.includes(location))
		throw new PreconditionError(
			source.context,
			`RTC is not available from ${rule.region} to ${location}`,
			'Set rtc: "disabled"',
		);
}
