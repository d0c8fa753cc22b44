#!/usr/bin/env node
// `npm start`: the whole demo with no cloud account. Builds the Pulumi CLI from Go modules if it is
// missing, starts the COS, OSS and BOS emulators (state kept in .pulumi/demo, so a second run finds
// everything in place and reports no changes), runs `pulumi up` of the root Pulumi.yaml program, writes
// a few objects into each source bucket, shows them arriving in the destinations (and the excluded one
// not arriving), prints a summary, stops the emulators and exits 0.
const fs = require("node:fs");
const path = require("node:path");
const {
	ensurePulumi,
	runPulumi,
	stateRoot,
	root,
} = require("./pulumi-offline");
const { providerEnv, startEmulators } = require("../dist/emulator");
const { randomAccount } = require("../dist/emulator/core/accounts");
const clients = require("./demo-clients");

// DEMO_STACK lets the tests run the demo without touching a developer's own demo state.
const stack = process.env.DEMO_STACK || "demo";
const demoDir = path.join(stateRoot, stack);

function step(text) {
	process.stdout.write(`\n==> ${text}\n`);
}

/** The emulator accounts are created once and kept, so bucket names (COS APPID) stay the same. */
function demoAccounts() {
	const file = path.join(demoDir, "accounts.json");
	if (!fs.existsSync(file)) {
		fs.mkdirSync(demoDir, { recursive: true });
		fs.writeFileSync(
			file,
			JSON.stringify({ accounts: [randomAccount("demo")] }, null, 2),
		);
	}
	return JSON.parse(fs.readFileSync(file, "utf8")).accounts;
}

async function pulumi(args, env, echo = true) {
	const result = await runPulumi([...args, "--stack", stack], {
		cwd: root,
		env,
		echo,
	});
	if (result.code !== 0) {
		throw new Error(
			`pulumi ${args.join(" ")} failed (exit ${result.code}). The output above says why.`,
		);
	}
	return result;
}

async function main() {
	step(
		"Pulumi CLI (built from Go modules on the first run; cached afterwards)",
	);
	const bin = ensurePulumi();
	process.stdout.write(`pulumi: ${bin}\n`);

	step("Starting the COS, OSS and BOS emulators");
	const emulators = await startEmulators({
		dataDir: path.join(demoDir, "emulators"),
		accounts: demoAccounts(),
	});
	try {
		const endpoints = emulators.endpoints();
		for (const [cloud, e] of Object.entries(endpoints))
			process.stdout.write(`${cloud}: ${e.endpoint}\n`);
		const env = { ...process.env, ...providerEnv(endpoints) };

		step("pulumi up (the program in ./Pulumi.yaml and ./demo)");
		const stacks = await runPulumi(["stack", "ls", "--json"], {
			cwd: root,
			env,
		});
		if (!JSON.parse(stacks.stdout || "[]").some((s) => s.name === stack)) {
			await pulumi(["stack", "init"], env, false);
		}
		const up = await pulumi(["up", "--yes", "--skip-preview"], env);
		const unchanged = !/\d+ (created|updated|deleted|replaced)/.test(up.stdout);

		step("Writing objects into the source buckets and watching them replicate");
		const outputs = JSON.parse(
			(await pulumi(["stack", "output", "--json"], env, false)).stdout,
		);
		const results = await clients.exercise(endpoints, outputs, () =>
			emulators.idle(),
		);
		for (const r of results) {
			const mark = r.ok ? "ok " : "FAIL";
			process.stdout.write(`${mark} ${r.cloud}: ${r.what}\n`);
		}

		step("Summary");
		process.stdout.write(
			`${unchanged ? "Second run: pulumi up reported no changes." : "pulumi up created or updated the replication shown above."}\n` +
				`${results.filter((r) => r.ok).length}/${results.length} replication checks passed on COS, OSS and BOS.\n` +
				"State: .pulumi/ (delete it to start over). Run `npm start` again: nothing changes.\n",
		);
		if (results.some((r) => !r.ok)) process.exitCode = 1;
	} finally {
		await emulators.close();
	}
}

main().catch((error) => {
	process.stderr.write(`\ndemo failed: ${error.message}\n`);
	process.stderr.write(
		"Fix: make sure Node.js 20+ and Go 1.25+ are on PATH and the Go module proxy is reachable; `rm -rf .pulumi` resets the demo state.\n",
	);
	process.exit(1);
});
