import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "../..");

describe("the Pulumi toolchain pin", () => {
	it("builds the CLI version that matches @pulumi/pulumi in the lockfile", () => {
		const lock = JSON.parse(
			readFileSync(join(root, "package-lock.json"), "utf8"),
		);
		const sdkVersion = lock.packages["node_modules/@pulumi/pulumi"].version;
		const script = readFileSync(
			join(root, "scripts/install-pulumi.sh"),
			"utf8",
		);
		expect(script).toMatch(
			new RegExp(`^VERSION=${sdkVersion.replace(/\./g, "\\.")} `, "m"),
		);
		const cliMod = readFileSync(
			join(root, "scripts/pulumi-cli/cli/go.mod"),
			"utf8",
		);
		expect(cliMod).toContain(`github.com/pulumi/pulumi/pkg/v3 v${sdkVersion}`);
	});
});
