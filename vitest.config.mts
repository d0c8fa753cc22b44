import { defineConfig } from "vitest/config";

export default defineConfig({
	test: {
		include: ["test/**/*.test.ts"],
		// End-to-end tests run the real Pulumi CLI; a cold `up` takes seconds, and 2 cores are shared.
		testTimeout: 180_000,
		hookTimeout: 600_000,
		maxWorkers: 2,
		// The Pulumi CLI is built (or found in the cache) once, before any test file runs.
		globalSetup: ["test/support/global-setup.ts"],
	},
});
