import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { ensureLanghosts } from "./langhosts";
import { root } from "./pulumi";

/** The version of the Pulumi SDKs: the Node SDK's, which the CLI matches (test/unit/toolchain.test.ts). */
export const pulumiVersion = (
	JSON.parse(
		readFileSync(
			join(root, "node_modules", "@pulumi", "pulumi", "package.json"),
			"utf8",
		),
	) as { version: string }
).version;

/** Generates the SDK of plugin/schema.json in `language` into `out` (see scripts/install-langhosts.sh). */
export function generateSdk(
	language: "python" | "go" | "dotnet",
	out: string,
): void {
	const tool = language === "dotnet" ? "pulumi-sdkgen-dotnet" : "pulumi-sdkgen";
	execFileSync(
		join(ensureLanghosts(), tool),
		[join(root, "plugin", "schema.json"), language, out],
		{ stdio: "inherit" },
	);
}

/**
 * A virtualenv with the Pulumi Python SDK of the same version as the CLI, the generated SDK's other
 * requirements and mypy, made once with pip and cached next to the CLI build.
 */
export function ensurePythonVenv(): string {
	const venv = join(
		process.env.PULUMI_BUILD_CACHE ??
			join(homedir(), ".cache", "pulumi-bucket-replication"),
		`python-venv-${pulumiVersion}`,
	);
	const python = join(venv, "bin", "python");
	const ready = () => {
		try {
			execFileSync(python, ["-c", "import pulumi, parver, semver, mypy"], {
				stdio: "ignore",
			});
			return true;
		} catch {
			return false;
		}
	};
	if (existsSync(python) && ready()) return venv;
	execFileSync("python3", ["-m", "venv", venv], { stdio: "inherit" });
	execFileSync(
		python,
		[
			"-m",
			"pip",
			"install",
			"--quiet",
			`pulumi==${pulumiVersion}`,
			"parver",
			"semver",
			"mypy",
		],
		{ stdio: "inherit" },
	);
	return venv;
}
