#!/usr/bin/env node
// `npm run bench`: every benchmark, each printing a Markdown table (bench/README.md keeps the latest).
//   startup    the emulators' start-up, in process and as the bin
//   emulators  GET replication per service, the bin pinned to one core, per second of its CPU (emulators.js)
//   replace    OSS replacement latency beyond the closing time (oss-replace.js)
//   fleet      rules vs the engine's floor through the real CLI: create, no-op preview and up, refresh (fleet.js)
// BENCH_PARTS=startup,emulators picks parts. Numbers depend on the machine; compare runs on one machine.
const { spawn } = require("node:child_process");
const path = require("node:path");
const { performance } = require("node:perf_hooks");
const { createInterface } = require("node:readline");
const { startEmulators } = require("../dist/emulator");

const STARTS = Number(process.env.BENCH_STARTS ?? 10);

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

async function timeStarts() {
	const times = [];
	for (let i = 0; i < STARTS; i++) {
		const t0 = performance.now();
		const emulators = await startEmulators();
		times.push(performance.now() - t0);
		await emulators.close();
	}
	return { median: median(times), max: Math.max(...times) };
}

/** Time from spawning the `replication-emulator` bin to its JSON line, as users and the demo see it. */
async function timeBinStarts() {
	const times = [];
	for (let i = 0; i < STARTS; i++) {
		const t0 = performance.now();
		const child = spawn(
			process.execPath,
			[path.join(__dirname, "../dist/emulator/cli.js")],
			{ stdio: ["ignore", "pipe", "inherit"] },
		);
		await new Promise((resolve) =>
			createInterface({ input: child.stdout }).once("line", resolve),
		);
		times.push(performance.now() - t0);
		child.kill("SIGTERM");
		await new Promise((resolve) => child.once("exit", resolve));
	}
	return { median: median(times), max: Math.max(...times) };
}

async function startup() {
	const starts = await timeStarts();
	const binStarts = await timeBinStarts();
	console.log(`Emulator start-up (Node ${process.version})\n`);
	console.log("| measure | value |\n| --- | --- |");
	console.log(
		`| \`startEmulators()\` in process, all three services (median of ${STARTS}) | ${starts.median.toFixed(1)} ms (max ${starts.max.toFixed(1)} ms) |`,
	);
	console.log(
		`| \`replication-emulator\` bin, spawn to JSON line (median of ${STARTS}) | ${binStarts.median.toFixed(0)} ms (max ${binStarts.max.toFixed(0)} ms) |`,
	);
}

/** Each part prints a Markdown table; BENCH_PARTS picks some (default: all, in this order). */
const parts = {
	startup,
	emulators: () => require("./emulators").main(),
	replace: () => require("./oss-replace").main(),
	fleet: () => require("./fleet").main(),
};

async function main() {
	const chosen = (
		process.env.BENCH_PARTS ?? Object.keys(parts).join(",")
	).split(",");
	for (const name of chosen) {
		if (!parts[name])
			throw new Error(
				`BENCH_PARTS: unknown part "${name}" (${Object.keys(parts).join(", ")})`,
			);
		await parts[name]();
		console.log("");
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
