import type { Account } from "../core/accounts";
import type { ServiceRequest, ServiceResponse } from "../core/http";
import type { BucketStore } from "../core/store";
import type { Copier } from "./replicate";

/** What every BOS handler works with. */
export interface BosState {
	store: BucketStore;
	copier: Copier;
}

/** One authenticated request, with its bucket, key and decoded query. */
export interface BosContext {
	state: BosState;
	req: ServiceRequest;
	/** The account whose key signed the request. */
	account: Account;
	bucketName: string;
	/** Object key; empty for bucket operations. */
	key: string;
	/** Decoded query parameters (the SDK over-encodes them on the wire, reference §3.1). */
	query: Map<string, string>;
}

export type Handler = (ctx: BosContext) => ServiceResponse;
