import type { ResourceHandler } from "../core/types";
import { bucket } from "./bucket";
import { bucketReplication } from "./replication";
import { bucketReplicationRule } from "./rule";

/** COS resource types, by SDK type name (the `__resource` input). Never rename a key. */
export const handlers: Record<string, ResourceHandler> = {
	CosBucket: bucket,
	CosBucketReplication: bucketReplication,
	CosBucketReplicationRule: bucketReplicationRule,
};
