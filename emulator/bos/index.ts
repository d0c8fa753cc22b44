import type { CloudOptions, CloudService } from "../core/service";

/** Placeholder until the BOS emulator lands. */
export function bosService(_options: CloudOptions): CloudService {
	throw new Error("BOS emulator not implemented yet");
}
