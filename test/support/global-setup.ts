import { ensurePulumi } from "./pulumi";

/** Builds the Pulumi CLI from Go modules if it is not cached yet, once for the whole run. */
export default function setup(): void {
	ensurePulumi();
}
