import type { ResourceHandler } from "../core/types";
import { bucketHandler } from "./bucket";
import { ruleHandler } from "./rule";
import { OSS_BUCKET, OSS_RULE } from "./schema";

/** OSS resource types, by SDK type name. */
export const handlers: Record<string, ResourceHandler> = {
	[OSS_BUCKET]: bucketHandler,
	[OSS_RULE]: ruleHandler,
};
