/**
 * Bucket facts read for the preconditions of a rule (location and versioning, and the regions its rules
 * may replicate to), kept for this provider process (one deployment), so that the rules of one bucket
 * read them once per run instead of once per rule (issue 13). Only the preconditions use them; refresh
 * and the bucket resource read fresh. `oss.Bucket` writes (PutBucket, DeleteBucket, PutBucketVersioning)
 * forget the bucket (api.ts). A failed read is not kept.
 */
import type { BucketApi, BucketInfo } from "./api";
import type { ReplicationLocations } from "./wire";

const known = new Map<string, Promise<unknown>>();

const key = (fact: string, bucket: string, region: string) =>
	`${fact}/${region}/${bucket}`;

function once<T>(
	fact: string,
	api: BucketApi,
	read: () => Promise<T>,
): Promise<T> {
	const k = key(fact, api.bucket, api.region);
	let value = known.get(k) as Promise<T> | undefined;
	if (!value) {
		value = read();
		known.set(k, value);
		value.catch(() => known.delete(k));
	}
	return value;
}

/** GetBucketInfo, once per bucket and run. */
export function bucketInfo(api: BucketApi): Promise<BucketInfo> {
	return once("info", api, () => api.getInfo());
}

/**
 * GetBucketReplicationLocation, once per source bucket and run: where OSS replicates from the bucket's
 * region is the same for each of its rules.
 */
export function replicationLocations(
	api: BucketApi,
): Promise<ReplicationLocations> {
	return once("locations", api, () => api.getReplicationLocations());
}

export function forgetBucketInfo(bucket: string, region: string): void {
	known.delete(key("info", bucket, region));
	known.delete(key("locations", bucket, region));
}
