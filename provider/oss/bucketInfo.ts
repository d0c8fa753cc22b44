/**
 * Bucket facts (location, versioning) read for the preconditions of a rule, kept for this provider
 * process (one deployment), so that the rules of one bucket read them once per run instead of twice
 * per rule (issue 13). Only the preconditions use them; refresh and the bucket resource read fresh.
 * `oss.Bucket` writes (PutBucket, DeleteBucket, PutBucketVersioning) forget the bucket (api.ts). A
 * failed read is not kept.
 */
import type { BucketApi, BucketInfo } from "./api";

const known = new Map<string, Promise<BucketInfo>>();

const key = (bucket: string, region: string) => `${region}/${bucket}`;

export function bucketInfo(api: BucketApi): Promise<BucketInfo> {
	const k = key(api.bucket, api.region);
	let info = known.get(k);
	if (!info) {
		info = api.getInfo();
		known.set(k, info);
		info.catch(() => known.delete(k));
	}
	return info;
}

export function forgetBucketInfo(bucket: string, region: string): void {
	known.delete(key(bucket, region));
}
