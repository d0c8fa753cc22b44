import { numberSetting } from "./settings";

/**
 * The per-request timeout every cloud client uses: `customTimeouts` do nothing for dynamic resources
 * and a hung request would hang `pulumi up` (dynamic-providers.md §6).
 * @default 30000 (`bucket-replication:requestTimeoutMs` / `BUCKET_REPLICATION_REQUEST_TIMEOUT_MS`)
 */
export function requestTimeoutMs(): number {
	return numberSetting(
		"bucket-replication:requestTimeoutMs",
		"BUCKET_REPLICATION_REQUEST_TIMEOUT_MS",
		30_000,
	);
}
