/**
 * How a create tells its own earlier write from someone else's (issue: idempotent creates).
 *
 * A create can be sent twice: a retry after an answer was lost (the cloud acted, the reply never
 * arrived), or the next `pulumi up` after a run was killed between the write and the state update.
 * The second attempt then finds what the first one wrote. None of the three APIs has a place to mark a
 * rule as ours in the same request that creates it, so ownership is decided by identity and content:
 *
 * - A rule is ours when it has this resource's rule id (given, or derived from the declaration on OSS)
 *   and exactly the settings this resource would write. Taking it writes nothing, and it is what the
 *   program declares. A rule with the id and other settings is someone else's, and refused.
 * - A bucket is ours when these credentials own it (another account's bucket is refused) and its
 *   versioning is the declared state or was never set (our create writes versioning right after the
 *   bucket, so an interrupted create leaves it unset). A bucket in any other state is refused.
 *
 * An identical rule, or a bucket of the same account that was never versioned (or is versioned as
 * declared), created outside the stack is indistinguishable from our own write and is taken over;
 * docs/recovery.md says so. Taking a bucket never deletes data: destroy refuses a bucket with objects.
 */

/** Versioning states, on any cloud, that a bucket created by this resource can be in. */
export function isOwnBucket(current: unknown, declared: unknown): boolean {
	return current === undefined || current === declared;
}
