import { expect } from "vitest";
import type { RunningEmulators } from "../../emulator";
import type { TestProject } from "./pulumi";

/** How many requests the three emulators have answered so far. */
export const requestCount = (emulators: RunningEmulators): number =>
	emulators.requests.cos.length +
	emulators.requests.oss.length +
	emulators.requests.bos.length;

/** A `pulumi up` that must change nothing and send no request: `sent` tells what the clouds answered. */
export async function expectQuietUp(
	project: TestProject,
	sent: () => number | string,
): Promise<void> {
	const before = sent();
	await project.mustRun([
		"up",
		"--yes",
		"--skip-preview",
		"--expect-no-changes",
	]);
	expect(sent()).toEqual(before);
}
