import type { ResourceHandler } from "../core/types";

/** BOS resource types, by SDK type name. */
export const handlers: Record<string, ResourceHandler> = {};
