/**
 * Buckets found versioned in this provider process (one deployment), so that the precondition is
 * checked once per bucket, not once per rule. Versioning changes through `cos.Bucket`, whose write
 * forgets the bucket (api.ts).
 */
export const versioned = new Map<string, Promise<void>>();

export const versionedKey = (bucket: string, region: string) =>
	`${region}/${bucket}`;

export function forgetVersioning(bucket: string, region: string): void {
	versioned.delete(versionedKey(bucket, region));
}
