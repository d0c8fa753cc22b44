import type { ResourceHandler } from "../core/types";

/** OSS resource types, by SDK type name. */
export const handlers: Record<string, ResourceHandler> = {};
