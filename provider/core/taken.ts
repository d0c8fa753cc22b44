/**
 * Rules (and COS documents) that a create of this run took: an identical one already there
 * (core/ownership.ts), or on COS one taken with `adopt: true`. A delete in the same run leaves them alone.
 *
 * A resource renamed without `aliases` gets a new URN: the engine creates the new resource, whose
 * create takes the identical rule as its own, then deletes the old one. Without this memory that delete
 * removed the rule the new resource had just taken, `up` succeeded and the rule was gone (found by
 * test/e2e/ownership.test.ts on all three clouds; on COS a renamed `BucketReplication` lost the whole
 * document). The engine runs every step of one update in this process, so the memory lasts exactly as
 * long as the update; only a create that took the rule can add to it.
 */

const taken = new Set<string>();

function key(cloud: string, bucket: string, ruleId: string): string {
	return `${cloud}/${bucket}/${ruleId}`;
}

/** A create took an existing rule as this resource's, with no write. */
export function markTaken(cloud: string, bucket: string, ruleId: string): void {
	taken.add(key(cloud, bucket, ruleId));
}

/**
 * True (once) when a create of this run took the rule: the delete must then send nothing, as the rule
 * now belongs to the resource that took it.
 */
export function takenByAnother(
	cloud: string,
	bucket: string,
	ruleId: string,
): boolean {
	return taken.delete(key(cloud, bucket, ruleId));
}
