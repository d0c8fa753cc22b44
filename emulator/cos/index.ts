import type { CloudOptions, CloudService } from "../core/service";

/** Placeholder until the COS emulator lands. */
export function cosService(_options: CloudOptions): CloudService {
	throw new Error("COS emulator not implemented yet");
}
