#!/usr/bin/env node
// Dynamic provider host memory (issue 13): create, no-op `up` and destroy of N rules (the fleet stack of
// bench/fleet.js) and of N floor resources, through the real CLI on the emulators. The host is measured
// from inside by bench/memory-hook.js (NODE_OPTIONS --require; it acts only in the provider host):
// VmHWM, and the peaks of RSS, V8 heap used, external and array buffers. Stacks alternate, rules first
// then floor, then the other way round in the next round.
//
//   BENCH_SIZES=30,300,1000 BENCH_ROUNDS=2 node bench/provider-memory.js
//   BENCH_KINDS=rules BENCH_OPS=create ...   one stack, one operation
//   BENCH_KINDS=rules,floor,wide ...   also the floor given the rules' inputs (fleet.js wideFloorOf)
//   MEMHOOK_SNAPSHOT_MIB=60 ...   also a heap snapshot of the host (in the printed directory)
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { providerEnv, startEmulators } = require("../dist/emulator");
const offline = require("../scripts/pulumi-offline.js");
const {
	Stack,
	floorProgram,
	makeBuckets,
	rulesProgram,
	wideFloorOf,
} = require("./fleet.js");

const SIZES = (process.env.BENCH_SIZES ?? "30,300").split(",").map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const KINDS = (process.env.BENCH_KINDS ?? "rules,floor").split(",");
// BENCH_PACKAGES=before=/path/a,after=/path/b: the rules stack runs once per package directory (each
// with package.json and a built dist/), linked as the stack's node_modules/pulumi-bucket-replication,
// so two builds of the provider are compared in the same run.
const PACKAGES = (process.env.BENCH_PACKAGES ?? "")
	.split(",")
	.filter(Boolean)
	.map((p) => p.split("="));
const OPS = (process.env.BENCH_OPS ?? "create,up,destroy").split(",");
const hook = path.join(__dirname, "memory-hook.js");
// BENCH_CLOUDS=bos: keep only these clouds' rules of the fleet program (one SDK loaded).
const CLOUDS = process.env.BENCH_CLOUDS?.split(",");

function program(n, appId) {
	const text = rulesProgram(n, appId);
	if (!CLOUDS) return text;
	return text
		.split("\n")
		.filter(
			(l) =>
				!l.startsWith("new ") || CLOUDS.some((c) => l.startsWith(`new ${c}.`)),
		)
		.join("\n");
}

const clouds = ["cos", "oss", "bos"];

/** The last request each emulator answered (their logs keep the last 10,000 to 11,000). */
const lastSent = (e) =>
	Object.fromEntries(clouds.map((c) => [c, e.requests[c].at(-1)]));

/** Requests answered since `last`, by cloud (NaN when the log no longer holds `last`). */
function sentSince(e, last) {
	return Object.fromEntries(
		clouds.map((c) => {
			const log = e.requests[c];
			const at = last[c] === undefined ? -1 : log.lastIndexOf(last[c]);
			return [c, last[c] !== undefined && at < 0 ? NaN : log.length - 1 - at];
		}),
	);
}

/**
 * Runs one operation with the hook on; returns what the provider host(s) reported (the largest), and
 * the requests the emulators answered during it, by cloud.
 */
async function measured(e, stack, op, root) {
	const before = lastSent(e);
	const dir = fs.mkdtempSync(
		path.join(root, `${stack.kind}-${stack.n}-${op}-`),
	);
	stack.env.MEMHOOK_DIR = dir;
	stack.env.NODE_OPTIONS =
		`${process.env.NODE_OPTIONS ?? ""} --require ${hook}`.trim();
	await stack.op(op);
	const requests = sentSince(e, before);
	const reports = fs
		.readdirSync(dir)
		.filter((f) => f.endsWith(".json"))
		.map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")));
	reports.sort((a, b) => b.vmHwmMiB - a.vmHwmMiB);
	return { dir, requests, ...(reports[0] ?? { vmHwmMiB: 0 }) };
}

async function main() {
	offline.ensurePulumi();
	const root = fs.mkdtempSync(path.join(os.tmpdir(), "provider-memory-"));
	const e = await startEmulators();
	const rows = [];
	try {
		await makeBuckets(e, Math.max(...SIZES));
		for (const n of SIZES)
			for (let round = 0; round < ROUNDS; round++) {
				const variants = KINDS.flatMap((k) =>
					k === "rules" && PACKAGES.length
						? PACKAGES.map(([name, dir]) => [`rules-${name}`, dir])
						: [[k, undefined]],
				);
				if (round % 2) variants.reverse();
				for (const [kind, packageDir] of variants) {
					const stack = kind.startsWith("rules")
						? new Stack(
								kind,
								n,
								program(n, e.cos.appId),
								providerEnv(e.endpoints()),
							)
						: kind === "wide"
							? new Stack("wide", n, wideFloorOf(program(n, e.cos.appId)), {})
							: new Stack("floor", n, floorProgram(n), {});
					if (packageDir) {
						const at = path.join(stack.dir, "node_modules");
						fs.mkdirSync(at, { recursive: true });
						fs.symlinkSync(
							packageDir,
							path.join(at, "pulumi-bucket-replication"),
						);
					}
					await stack.init();
					try {
						for (const op of OPS) {
							const r = await measured(e, stack, op, root);
							rows.push({ n, kind, round, op, ...r });
							process.stderr.write(
								`[memory] n=${n} ${kind} ${op}: VmHWM ${r.vmHwmMiB} MiB ${JSON.stringify(r.atPeakRssMiB)} peak ${JSON.stringify(r.peakMiB)} modules ${r.modules} threads ${r.threadsAtPeak} host CPU ${r.cpuMs} ms mark-compacts [ms, heap used, old space, pause ms] ${JSON.stringify(r.majors)} scavenges ${r.minors?.count} (${Math.round(r.minors?.totalMs ?? 0)} ms) requests ${JSON.stringify(r.requests)}\n`,
							);
						}
					} finally {
						delete stack.env.NODE_OPTIONS;
						await stack.remove();
					}
					if (OPS.includes("destroy")) await e.idle();
				}
			}
	} finally {
		await e.close();
	}
	console.log(`Provider host memory, MiB; hook output in ${root}`);
	console.log(
		"| n | stack | op | VmHWM | peak heap used | peak external | RSS at peak: heap total / used | old space at peak | host CPU s | requests COS / OSS / BOS |",
	);
	console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
	for (const r of rows)
		console.log(
			`| ${r.n} | ${r.kind} | ${r.op} | ${r.vmHwmMiB} | ${r.peakMiB?.heapUsed} | ${r.peakMiB?.external} | ${r.atPeakRssMiB?.heapTotal} / ${r.atPeakRssMiB?.heapUsed} | ${r.atPeakRssMiB?.old_space} | ${(r.cpuMs ?? 0) / 1000} | ${r.requests.cos} / ${r.requests.oss} / ${r.requests.bos} |`,
		);
	// Per stack and operation over the rounds: min / median, and the medians against the floor's.
	const median = (xs) => {
		const s = [...xs].sort((a, b) => a - b);
		const m = s.length >> 1;
		return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
	};
	const groups = new Map();
	for (const r of rows) {
		const key = `${r.n}|${r.op}|${r.kind}`;
		if (!groups.has(key)) groups.set(key, []);
		groups.get(key).push(r);
	}
	const stat = (rs, f) => {
		const xs = rs.map(f);
		const round = (x) => Math.round(x * 1000) / 1000;
		return { min: round(Math.min(...xs)), median: round(median(xs)) };
	};
	console.log(
		"\n| n | op | stack | rounds | VmHWM min / median | vs floor | host CPU s min / median | vs floor |",
	);
	console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
	for (const [key, rs] of groups) {
		const [n, op, kind] = key.split("|");
		const floor = groups.get(`${n}|${op}|floor`);
		const mem = stat(rs, (r) => r.vmHwmMiB);
		const cpu = stat(rs, (r) => (r.cpuMs ?? 0) / 1000);
		const ratio = (value, f) =>
			floor ? `${(value / median(floor.map(f))).toFixed(3)}x` : "";
		console.log(
			`| ${n} | ${op} | ${kind} | ${rs.length} | ${mem.min} / ${mem.median} | ${ratio(mem.median, (r) => r.vmHwmMiB)} | ${cpu.min} / ${cpu.median} | ${ratio(cpu.median, (r) => (r.cpuMs ?? 0) / 1000)} |`,
		);
	}
	if (process.env.BENCH_JSON)
		fs.writeFileSync(process.env.BENCH_JSON, JSON.stringify(rows, null, 1));
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
