import type { ResourceHandler } from "../core/types";
import { bucketHandlers } from "./bucket";
import { ruleHandlers } from "./rule";

/** BOS resource types, by SDK type name. */
export const handlers: Record<string, ResourceHandler> = {
	...bucketHandlers,
	...ruleHandlers,
};
