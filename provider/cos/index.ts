import type { ResourceHandler } from "../core/types";

/** COS resource types, by SDK type name. */
export const handlers: Record<string, ResourceHandler> = {};
