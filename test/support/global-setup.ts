import { ensureLanghosts } from "./langhosts";
import { ensurePulumi } from "./pulumi";

/** Builds the Pulumi CLI from Go modules if it is not cached yet, once for the whole run. */
export default function setup(): void {
	ensurePulumi();
	// The YAML and Python language hosts for the provider plugin's tests (test/e2e/plugin-*.test.ts).
	ensureLanghosts();
}
