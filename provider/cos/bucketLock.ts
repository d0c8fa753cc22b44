import { withLock } from "../core/lock";

/**
 * Serializes read-modify-write of one bucket's replication document inside this provider process:
 * PUT Bucket replication replaces the whole document (doc 19223), so two rules written at once
 * would lose one. It cannot protect against other processes or stacks.
 */
export function withBucketLock<T>(
	bucket: string,
	fn: () => Promise<T>,
): Promise<T> {
	return withLock(`cos/${bucket}`, fn);
}
