import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { root } from "./pulumi";

let dir: string | undefined;

/**
 * The directory of the YAML and Python language hosts, built from Go modules on first use and cached
 * (scripts/install-langhosts.sh). Programs that use the provider plugin need it on PATH.
 */
export function ensureLanghosts(): string {
	dir ??= execFileSync(
		"bash",
		[join(root, "scripts", "install-langhosts.sh")],
		{ stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" },
	).trim();
	return dir;
}
