import type { CloudOptions, CloudService } from "../core/service";

/** Placeholder until the OSS emulator lands. */
export function ossService(_options: CloudOptions): CloudService {
	throw new Error("OSS emulator not implemented yet");
}
