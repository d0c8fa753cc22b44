import { handlers as bos } from "./bos";
import type { ResourceHandler } from "./core/types";
import { handlers as cos } from "./cos";
import { handlers as internal } from "./internal";
import { handlers as oss } from "./oss";

/** Every resource type the runtime serves, by the type name the SDK puts in `__resource`. */
export const registry: Record<string, ResourceHandler> = {
	...cos,
	...oss,
	...bos,
	...internal,
};
