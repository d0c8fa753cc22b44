import type { Account } from "../core/accounts";
import type { ServiceRequest, ServiceResponse } from "../core/http";
import type { Replicator } from "../core/replicator";
import type { BucketStore, StoredBucket } from "../core/store";
import type { Target } from "./addressing";
import { cosError } from "./errors";

/** The 404 code for a bucket without replication configuration (reference §1.5, [CONFLICT]). */
export type ReplicationNotFoundCode =
	| "ReplicationConfigurationnotFoundError"
	| "ReplicationConfigurationNotFoundError";

/** State shared by every COS handler. */
export interface CosState {
	store: BucketStore;
	replicator: Replicator;
	replicationNotFoundCode: ReplicationNotFoundCode;
}

/** One authenticated request and what it addresses. */
export interface CosCall {
	req: ServiceRequest;
	target: Target;
	account: Account;
}

export type Handler = (state: CosState, call: CosCall) => ServiceResponse;

/**
 * The addressed bucket, or 404 NoSuchBucket. A bucket lives in one region: the same name under
 * another region's domain does not exist there.
 */
export function requireBucket(state: CosState, call: CosCall): StoredBucket {
	const bucket = state.store.getBucket(call.target.bucket);
	if (!bucket || bucket.region !== call.target.region)
		throw cosError("NoSuchBucket");
	if (bucket.owner !== call.account.name) throw cosError("AccessDenied");
	return bucket;
}
