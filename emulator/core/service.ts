import type { Account } from "./accounts";
import type { ServiceDefinition } from "./http";

/** Options every cloud emulator receives. */
export interface CloudOptions {
	accounts: Account[];
	/** Journal directory; memory only when absent. */
	dataDir?: string;
	/** Delay before an object written to a source bucket appears in the destination. */
	replicationDelayMs: number;
	/** OSS: how long a new rule stays `starting` before `doing`. */
	startingDelayMs: number;
	/** OSS: how long a deleted rule stays `closing` before it is gone. */
	closingDelayMs: number;
	/** Allowed difference between the request's signing time and ours (the services allow 15 minutes). */
	clockSkewMs: number;
}

/** A cloud's emulator: its HTTP behaviour plus hooks for tests and shutdown. */
export interface CloudService extends ServiceDefinition {
	/** Resolves when no replication (or OSS closing) work is pending. */
	idle(): Promise<void>;
	/** Runs every pending replication, status change and closing now (for tests; see Replicator.flush). */
	flush(): void;
	close(): void;
}
