#!/usr/bin/env node
// Runs the real Pulumi CLI fully offline: a local file backend inside this checkout (.pulumi/, gitignored),
// the passphrase secrets provider with an empty passphrase, no update checks, no plugin downloads.
// Nothing ever contacts a Pulumi service. Used by the tests and the demo, and by hand:
//   node scripts/pulumi-offline.js <pulumi args...>      (run from a Pulumi project directory)
const { execFileSync, spawn } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const stateRoot = path.join(root, ".pulumi");

let binDir;
/** Builds the CLI from Go modules on first use (cached afterwards) and returns its directory. */
function ensurePulumi() {
	binDir ??= execFileSync("bash", [path.join(__dirname, "install-pulumi.sh")], {
		stdio: ["ignore", "pipe", "inherit"],
		encoding: "utf8",
	}).trim();
	return binDir;
}

/** The environment for an offline CLI run, on top of `base`. */
function pulumiEnv(base = process.env) {
	const bin = ensurePulumi();
	fs.mkdirSync(path.join(stateRoot, "state"), { recursive: true });
	return {
		...base,
		PATH: `${bin}${path.delimiter}${base.PATH ?? ""}`,
		PULUMI_HOME: path.join(stateRoot, "home"),
		PULUMI_BACKEND_URL: `file://${path.join(stateRoot, "state")}`,
		PULUMI_CONFIG_PASSPHRASE: base.PULUMI_CONFIG_PASSPHRASE ?? "",
		PULUMI_SKIP_UPDATE_CHECK: "true",
		PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
		PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
		PULUMI_SKIP_CONFIRMATIONS: "true",
	};
}

/**
 * Runs `pulumi <args>` in `cwd` and resolves with its exit code and output (never rejects on a
 * non-zero exit). With `echo`, output is also streamed to this process.
 */
function runPulumi(args, { cwd, env = process.env, echo = false } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(
			"pulumi",
			[...args, "--non-interactive", "--color", "never"],
			{
				cwd,
				env: pulumiEnv(env),
				stdio: ["ignore", "pipe", "pipe"],
			},
		);
		let stdout = "";
		let stderr = "";
		child.stdout.on("data", (d) => {
			stdout += d;
			if (echo) process.stdout.write(d);
		});
		child.stderr.on("data", (d) => {
			stderr += d;
			if (echo) process.stderr.write(d);
		});
		child.on("error", reject);
		child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
	});
}

module.exports = { ensurePulumi, pulumiEnv, runPulumi, stateRoot, root };

if (require.main === module) {
	const child = spawn("pulumi", process.argv.slice(2), {
		stdio: "inherit",
		env: pulumiEnv(),
	});
	child.on("close", (code) => process.exit(code ?? 1));
}
