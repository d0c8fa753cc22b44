import type { RunningEmulators } from "../../emulator";

/** How many requests the three emulators have answered so far. */
export const requestCount = (emulators: RunningEmulators): number =>
	emulators.requests.cos.length +
	emulators.requests.oss.length +
	emulators.requests.bos.length;
