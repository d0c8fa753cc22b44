#!/usr/bin/env node
// Fleet benchmark (issue 13): the real Pulumi CLI runs create, no-op `preview`, no-op `up` and
// `refresh` of N replication rules (a third each on COS, OSS and BOS, ten per source bucket) on the
// emulators, and of N trivial dynamic resources whose `diff` returns {changes: false} (the engine's
// floor), in the same run. Rounds interleave the two stacks operation by operation (and swap which goes
// first), so drift in the machine's load hits both alike. Prints min and median wall time, CPU time of
// the CLI's whole process tree, the ratio to the floor, the requests each operation sent to the
// emulators, state bytes per resource, the dynamic provider's peak memory, and the CPU split by process
// (engine, language host, program, provider host: which part of the tree a difference is in), and the
// CPU of the emulators, which run in this process (how much of a run the emulators cost, issue 13 item 5).
//
//   node bench/fleet.js                    sizes 30, 300 (3 rounds) and 1,000 (1 round: about 10 minutes)
//   BENCH_SIZES=30,300 node bench/fleet.js  without 1,000
//   BENCH_SIZES=30 BENCH_ROUNDS=1 node bench/fleet.js
//   BENCH_OPS=create ...                   only these operations (create is needed: it makes the
//                                          stacks; destroy always runs)
//   BENCH_PARALLEL=64 ...                  `--parallel 64` on every operation of both stacks (the
//                                          engine's default is 4 per CPU; a COS create holds one slot
//                                          through its settle time, docs/cos.md)
//   BENCH_WIDE=1 ...                       also a third stack, the "wide floor": the floor's trivial
//                                          resources given the rules' own inputs (what the engine and the
//                                          program cost for data of the rules' shape, without our provider)
const { spawn } = require("node:child_process");
const { randomBytes } = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const { performance } = require("node:perf_hooks");
const COS = require("cos-nodejs-sdk-v5");
const OSS = require("ali-oss");
const { BosClient } = require("@baiducloud/sdk");
const { providerEnv, startEmulators } = require("../dist/emulator");
const offline = require("../scripts/pulumi-offline.js");

const SIZES = (process.env.BENCH_SIZES ?? "30,300,1000").split(",").map(Number);
/** Rounds per size: BENCH_ROUNDS, or 3 below 1,000 rules and 1 from 1,000 (a round of 1,000 takes minutes). */
const roundsFor = (n) =>
	Number(process.env.BENCH_ROUNDS ?? (n >= 1000 ? 1 : 3));
const PARALLEL = process.env.BENCH_PARALLEL
	? ["--parallel", process.env.BENCH_PARALLEL]
	: [];
const RULES_PER_BUCKET = 10; // BOS allows 10 rules per bucket (reference §3)
const OPS = (process.env.BENCH_OPS ?? "create,preview,up,refresh").split(",");
const CLK_TCK = 100; // USER_HZ on Linux

const COS_ROLE = "qcs::cam::uin/100000000001:uin/100000000001";

/** Rule i of the fleet: its cloud, its source bucket index and its index within that bucket. */
function slot(i) {
	const cloud = ["cos", "oss", "bos"][i % 3];
	const k = Math.floor(i / 3);
	return {
		cloud,
		k,
		bucket: Math.floor(k / RULES_PER_BUCKET),
		j: k % RULES_PER_BUCKET,
	};
}

function sourceBuckets(n, cloud) {
	const count = Math.ceil(Math.ceil(n / 3) / RULES_PER_BUCKET);
	return Array.from({ length: count }, (_, b) => `${cloud}-bench-src-${b}`);
}

/** The program of the rule stack: plain JavaScript, so no TypeScript compile is timed for either stack. */
function rulesProgram(n, appId) {
	const lines = [
		'const { bos, cos, oss } = require("pulumi-bucket-replication");',
	];
	for (let i = 0; i < n; i++) {
		const { cloud, k, bucket, j } = slot(i);
		const prefix = `p${String(k).padStart(4, "0")}/`;
		if (cloud === "cos")
			lines.push(
				`new cos.BucketReplicationRule("cos-${k}", { bucket: "cos-bench-src-${bucket}-${appId}", region: "ap-guangzhou", role: "${COS_ROLE}", ruleId: "r${k}", prefix: "${prefix}", destination: { bucket: "qcs::cos:ap-beijing::cos-bench-dst-${appId}" } });`,
			);
		else if (cloud === "oss")
			lines.push(
				`new oss.BucketReplicationRule("oss-${k}", { bucket: "oss-bench-src-${bucket}", region: "oss-cn-hangzhou", ruleId: "r${k}", prefixes: ["${prefix}"], destination: { bucket: "oss-bench-dst-${j}", location: "oss-cn-hangzhou" } });`,
			);
		else
			lines.push(
				`new bos.BucketReplicationRule("bos-${k}", { bucket: "bos-bench-src-${bucket}", region: "bj", ruleId: "r${k}", resource: ["bos-bench-src-${bucket}/${prefix}*"], destination: { bucket: "bos-bench-dst" } });`,
			);
	}
	return `${lines.join("\n")}\n`;
}

/**
 * BENCH_WIDE=1: the floor's trivial resources, each given the inputs of one rule of `rulesProgram` and
 * returning them as outputs, so that the program, the engine and the host move data of the rules' shape
 * with neither our provider nor the SDKs. (bench/provider-memory.js has the same stack for memory.)
 */
function wideFloorProgram(n, appId) {
	return wideFloorOf(rulesProgram(n, appId));
}

/** The wide floor of a rules program's text: each rule declaration becomes a trivial `Wide` resource. */
function wideFloorOf(rules) {
	const resources = rules
		.split("\n")
		.filter((l) => l.startsWith("new "))
		.map((l) => l.replace(/^new \w+\.BucketReplicationRule\(/, "new Wide("));
	return `const pulumi = require("@pulumi/pulumi");
const provider = {
	async create(inputs) { return { id: inputs.ruleId, outs: inputs }; },
	async diff() { return { changes: false }; },
};
class Wide extends pulumi.dynamic.Resource {
	constructor(name, props) { super(provider, name, props, undefined, "bench", "Wide"); }
}
${resources.join("\n")}
`;
}

/** The engine's floor: the same number of trivial dynamic resources; `diff` says nothing changed. */
function floorProgram(n) {
	return `const pulumi = require("@pulumi/pulumi");
const provider = {
	async create(inputs) { return { id: inputs.name, outs: inputs }; },
	async diff() { return { changes: false }; },
};
class Floor extends pulumi.dynamic.Resource {
	constructor(name) { super(provider, name, { name }, undefined, "bench", "Floor"); }
}
for (let i = 0; i < ${n}; i++) new Floor("r" + i);
`;
}

/** Source and destination buckets of every cloud, made directly through the official SDKs. */
async function makeBuckets(e, n) {
	const cos = new COS({
		SecretId: e.cos.secretId,
		SecretKey: e.cos.secretKey,
		Protocol: "http:",
		Ip: new URL(e.cos.endpoint).host,
	});
	const cosBuckets = [
		...sourceBuckets(n, "cos").map((b) => [
			`${b}-${e.cos.appId}`,
			"ap-guangzhou",
		]),
		[`cos-bench-dst-${e.cos.appId}`, "ap-beijing"],
	];
	for (const [Bucket, Region] of cosBuckets) {
		await cos.putBucket({ Bucket, Region });
		await cos.putBucketVersioning({
			Bucket,
			Region,
			VersioningConfiguration: { Status: "Enabled" },
		});
	}
	const ossClient = new OSS({
		accessKeyId: e.oss.accessKeyId,
		accessKeySecret: e.oss.accessKeySecret,
		endpoint: e.oss.endpoint,
		region: "oss-cn-hangzhou",
	});
	const ossDst = Array.from(
		{ length: RULES_PER_BUCKET },
		(_, j) => `oss-bench-dst-${j}`,
	);
	for (const b of [...sourceBuckets(n, "oss"), ...ossDst])
		await ossClient.putBucket(b);
	const bosClient = new BosClient({
		endpoint: e.bos.endpoint,
		credentials: { ak: e.bos.accessKey, sk: e.bos.secretKey },
	});
	for (const b of [...sourceBuckets(n, "bos"), "bos-bench-dst"])
		await bosClient.createBucket(b);
}

/** User + system CPU seconds of this process's waited-for children (the CLI and its whole tree). */
function childrenCpuSeconds() {
	const fields = fs
		.readFileSync("/proc/self/stat", "utf8")
		.split(") ")[1]
		.split(" ");
	// After "pid (comm) ": field 3 is index 0, so cutime (16) and cstime (17) are 13 and 14.
	return (Number(fields[13]) + Number(fields[14])) / CLK_TCK;
}

/** User + system CPU seconds of this process since `start` (a `process.cpuUsage()`). */
function cpuSince(start) {
	const { user, system } = process.cpuUsage(start);
	return (user + system) / 1e6;
}

/**
 * Which part of the CLI's tree a process is, by its command line: the engine (`pulumi`), the Node
 * language host, the program it runs, or the dynamic provider host (also the short-lived `git` and
 * `node --version` the engine starts, as `other`).
 */
function processKind(cmdline) {
	if (cmdline.includes("dynamic-provider")) return "host";
	if (cmdline.includes("pulumi-language-nodejs")) return "langhost";
	if (cmdline.includes("cmd/run")) return "program";
	if (/(^|\/)pulumi\0/.test(cmdline)) return "engine";
	return "other";
}

/**
 * One look at the processes under `rootPid`: records each one's kind and CPU seconds so far into
 * `seen` (pid -> {kind, cpu}), and returns the peak resident memory (VmHWM, MiB) of the dynamic provider
 * hosts among them. A process's CPU is known up to the last look before it exits (100 ms apart), so the
 * split by kind is a little short of the tree's total, which comes exactly from `childrenCpuSeconds`.
 */
function sampleTree(rootPid, seen) {
	const stats = new Map();
	for (const name of fs.readdirSync("/proc")) {
		if (!/^\d+$/.test(name)) continue;
		try {
			const fields = fs
				.readFileSync(`/proc/${name}/stat`, "utf8")
				.split(") ")[1]
				.split(" ");
			// After "pid (comm) ": ppid is index 1, utime (14) and stime (15) are 11 and 12.
			stats.set(Number(name), {
				ppid: Number(fields[1]),
				cpu: (Number(fields[11]) + Number(fields[12])) / CLK_TCK,
			});
		} catch {}
	}
	let peak = 0;
	for (const [pid, { cpu }] of stats) {
		let p = pid;
		while (p > 1 && p !== rootPid) p = stats.get(p)?.ppid ?? 0;
		if (p !== rootPid) continue;
		try {
			// Read every time: a child shows its parent's command line until it execs, and an exited
			// one (a zombie) none, when its kind is already known.
			const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
			const kind =
				pid === rootPid
					? "engine"
					: cmd
						? processKind(cmd)
						: (seen.get(pid)?.kind ?? "other");
			seen.set(pid, { kind, cpu: Math.max(cpu, seen.get(pid)?.cpu ?? 0) });
			if (kind !== "host") continue;
			const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
			const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
			peak = Math.max(peak, kb / 1024);
		} catch {}
	}
	return peak;
}

/**
 * Runs the CLI; resolves with wall seconds, CPU seconds of its tree, that CPU by kind of process
 * (`sampleTree`) and the provider's peak memory.
 */
function runTimed(args, cwd, env) {
	return new Promise((resolve, reject) => {
		const cpu0 = childrenCpuSeconds();
		// The emulators run in this process: its CPU during the run, less what the sampling itself takes.
		const own0 = process.cpuUsage();
		let sampling = 0;
		const t0 = performance.now();
		const child = spawn(
			"pulumi",
			[...args, "--non-interactive", "--color", "never"],
			{
				cwd,
				env,
				stdio: ["ignore", "pipe", "pipe"],
			},
		);
		let out = "";
		child.stdout.on("data", (d) => {
			out += d;
		});
		child.stderr.on("data", (d) => {
			out += d;
		});
		let peak = 0;
		const seen = new Map();
		const sampler = setInterval(() => {
			const look0 = process.cpuUsage();
			peak = Math.max(peak, sampleTree(child.pid, seen));
			sampling += cpuSince(look0);
		}, 100);
		child.on("error", reject);
		child.on("close", (code) => {
			clearInterval(sampler);
			const wall = (performance.now() - t0) / 1000;
			if (code !== 0)
				return reject(
					new Error(`pulumi ${args.join(" ")} exited ${code}\n${out}`),
				);
			const byKind = {};
			for (const { kind, cpu } of seen.values())
				byKind[kind] = (byKind[kind] ?? 0) + cpu;
			byKind.emulators = cpuSince(own0) - sampling;
			resolve({
				wall,
				cpu: childrenCpuSeconds() - cpu0,
				byKind,
				peakMiB: peak,
				out,
			});
		});
	});
}

class Stack {
	constructor(kind, n, program, env) {
		this.kind = kind;
		this.n = n;
		this.name = `bench-${kind}-${n}-${randomBytes(4).toString("hex")}`;
		this.dir = path.join(offline.stateRoot, "projects", this.name);
		this.env = offline.pulumiEnv({ ...process.env, ...env });
		fs.mkdirSync(this.dir, { recursive: true });
		fs.writeFileSync(
			path.join(this.dir, "Pulumi.yaml"),
			`name: ${this.name}\nruntime: nodejs\n`,
		);
		fs.writeFileSync(
			path.join(this.dir, "package.json"),
			JSON.stringify({ name: this.name, main: "index.js" }),
		);
		fs.writeFileSync(path.join(this.dir, "index.js"), program);
	}
	run(args) {
		return runTimed([...args, "--stack", "bench"], this.dir, this.env);
	}
	async init() {
		await this.run(["stack", "init"]).catch(() =>
			this.run(["stack", "select"]),
		);
	}
	op(name) {
		const args = {
			create: ["up", "--yes", "--skip-preview"],
			preview: ["preview"],
			up: ["up", "--yes", "--skip-preview"],
			refresh: ["refresh", "--yes", "--skip-preview"],
			destroy: ["destroy", "--yes", "--skip-preview"],
		}[name];
		return this.run([...args, ...PARALLEL]);
	}
	/** Bytes per resource of the checkpoint, and the size of `__provider` as stored. */
	async stateSize() {
		const { out } = await this.run(["stack", "export"]);
		const state = JSON.parse(out);
		const resources = (state.deployment.resources ?? []).filter((r) =>
			r.type.startsWith("pulumi-nodejs:dynamic"),
		);
		const total = resources.reduce(
			(sum, r) => sum + JSON.stringify(r).length,
			0,
		);
		return {
			perResource: total / resources.length,
			provider: String(resources[0]?.outputs?.__provider ?? "").length,
		};
	}
	async remove() {
		await this.run(["destroy", "--yes", "--skip-preview"]).catch(() => {});
		await this.run(["stack", "rm", "--yes", "--force"]).catch(() => {});
		fs.rmSync(this.dir, { recursive: true, force: true });
	}
}

/** The kinds of process of the CLI's tree, as `processKind` names them, in table order. */
const KINDS = ["engine", "langhost", "program", "host", "other", "emulators"];

const min = (xs) => Math.min(...xs);
const median = (xs) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2
		? s[(s.length - 1) / 2]
		: (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function countRequests(e) {
	const byCloud = {
		cos: e.requests.cos.length,
		oss: e.requests.oss.length,
		bos: e.requests.bos.length,
	};
	for (const list of Object.values(e.requests)) list.splice(0);
	return byCloud;
}

async function benchSize(e, n) {
	const rules = new Stack(
		"rules",
		n,
		rulesProgram(n, e.cos.appId),
		providerEnv(e.endpoints()),
	);
	const floor = new Stack("floor", n, floorProgram(n), {});
	const stacks = [rules, floor];
	if (process.env.BENCH_WIDE === "1")
		stacks.push(new Stack("wide", n, wideFloorProgram(n, e.cos.appId), {}));
	for (const stack of stacks) await stack.init();
	const results = {};
	for (const k of stacks.map((stack) => stack.kind)) {
		results[k] = {};
		for (const op of [...OPS, "destroy"])
			results[k][op] = {
				wall: [],
				cpu: [],
				byKind: [],
				requests: [],
				byCloud: [],
				peakMiB: [],
			};
	}
	const state = {};
	try {
		const ROUNDS = roundsFor(n);
		for (let round = 0; round < ROUNDS; round++) {
			const order = round % 2 ? [...stacks].reverse() : stacks;
			for (const op of [...OPS, "destroy"]) {
				for (const stack of order) {
					countRequests(e);
					const r = await stack.op(op);
					const slot = results[stack.kind][op];
					slot.wall.push(r.wall);
					slot.cpu.push(r.cpu);
					slot.byKind.push(r.byKind);
					slot.peakMiB.push(r.peakMiB);
					const sent = countRequests(e);
					slot.requests.push(sent.cos + sent.oss + sent.bos);
					slot.byCloud.push(sent);
					if (op === "create" && round === 0)
						state[stack.kind] = await stack.stateSize();
					process.stderr.write(
						`[fleet] n=${n} round ${round + 1}/${ROUNDS} ${op} ${stack.kind}: ${r.wall.toFixed(1)} s wall, ${r.cpu.toFixed(1)} s CPU (${KINDS.map((kind) => `${kind} ${(r.byKind[kind] ?? 0).toFixed(2)}`).join(", ")}), load ${require("node:os").loadavg()[0].toFixed(1)}\n`,
					);
				}
				// OSS deletes are waited for by the provider; let the emulators settle before the next round.
				if (op === "destroy") await e.idle();
			}
		}
	} finally {
		for (const stack of stacks) await stack.remove();
	}
	return { n, results, state };
}

function table(all) {
	const lines = [
		`Fleet benchmark: ${SIZES.map((n) => `${roundsFor(n)} round(s) of ${n}`).join(", ")}${PARALLEL.length ? `, ${PARALLEL.join(" ")}` : ""}; Node ${process.version}, ${require("node:os").cpus().length} cores, load average ${require("node:os").loadavg()[0].toFixed(1)} at the end.`,
		"Wall and CPU seconds of the `pulumi` process tree: min / median; ratio = rules / floor (median).",
		"",
		"| measure | n | rules: wall | floor: wall | ratio wall | rules: CPU | floor: CPU | ratio CPU | requests (rules) |",
		"| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
	];
	const f = (xs) => `${min(xs).toFixed(2)} / ${median(xs).toFixed(2)}`;
	const peak = (r) =>
		Math.round(Math.max(...r.create.peakMiB, ...(r.up?.peakMiB ?? [])));
	for (const { n, results } of all) {
		for (const op of OPS) {
			const r = results.rules[op];
			const fl = results.floor[op];
			const label = {
				create: "create",
				preview: "no-op `preview`",
				up: "no-op `up`",
				refresh: "`refresh`",
			}[op];
			lines.push(
				`| ${label} | ${n} | ${f(r.wall)} | ${f(fl.wall)} | ${(median(r.wall) / median(fl.wall)).toFixed(2)}x | ${f(r.cpu)} | ${f(fl.cpu)} | ${(median(r.cpu) / median(fl.cpu)).toFixed(2)}x | ${[...new Set(r.requests)].join(", ")} (${(median(r.requests) / n).toFixed(2)} per rule) |`,
			);
		}
	}
	lines.push("");
	lines.push(
		"| n | state per resource: rules | floor | ratio | `__provider`: rules | floor | provider peak MiB (create): rules | floor |",
	);
	lines.push("| --- | --- | --- | --- | --- | --- | --- | --- |");
	for (const { n, results, state } of all) {
		lines.push(
			`| ${n} | ${Math.round(state.rules.perResource)} B | ${Math.round(state.floor.perResource)} B | ${(state.rules.perResource / state.floor.perResource).toFixed(2)}x | ${state.rules.provider} B | ${state.floor.provider} B | ${peak(results.rules)} | ${peak(results.floor)} |`,
		);
	}
	lines.push("");
	lines.push(
		"Requests per rule by cloud (first round; a third of the rules on each cloud, ten per source bucket):",
	);
	lines.push("");
	lines.push("| measure | n | COS | OSS | BOS |");
	lines.push("| --- | --- | --- | --- | --- |");
	for (const { n, results } of all)
		for (const op of ["create", "refresh"].filter((o) => OPS.includes(o))) {
			const sent = results.rules[op].byCloud[0];
			const per = (cloud) =>
				`${sent[cloud]} (${(sent[cloud] / Math.ceil(n / 3)).toFixed(2)})`;
			lines.push(
				`| ${op} | ${n} | ${per("cos")} | ${per("oss")} | ${per("bos")} |`,
			);
		}
	lines.push("");
	lines.push(
		"Seconds by stack, medians over the rounds; CPU of the tree, then by process (sampled every 100 ms, so a little short of the tree's total):",
	);
	lines.push("");
	lines.push(
		"| measure | n | stack | wall | CPU | engine (`pulumi`) | language host | program | provider host | other | emulators (this process, less its sampling) |",
	);
	lines.push(
		"| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
	);
	for (const { n, results } of all)
		for (const op of OPS)
			for (const [kind, result] of Object.entries(results)) {
				const { wall, cpu, byKind } = result[op];
				const cell = (k) => median(byKind.map((b) => b[k] ?? 0)).toFixed(2);
				lines.push(
					`| ${op} | ${n} | ${kind} | ${median(wall).toFixed(2)} | ${median(cpu).toFixed(2)} | ${KINDS.map(cell).join(" | ")} |`,
				);
			}
	return lines.join("\n");
}

async function main() {
	offline.ensurePulumi();
	const e = await startEmulators();
	const all = [];
	try {
		await makeBuckets(e, Math.max(...SIZES));
		for (const n of SIZES) all.push(await benchSize(e, n));
	} finally {
		await e.close();
	}
	console.log(table(all));
	if (process.env.BENCH_JSON)
		fs.writeFileSync(process.env.BENCH_JSON, JSON.stringify(all, null, 1));
}

module.exports = {
	main,
	makeBuckets,
	rulesProgram,
	floorProgram,
	wideFloorProgram,
	wideFloorOf,
	Stack,
};
if (require.main === module)
	main().catch((error) => {
		console.error(error);
		process.exit(1);
	});
