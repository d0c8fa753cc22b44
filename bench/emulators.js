#!/usr/bin/env node
// Emulator throughput (issue 13, item 5): GET replication with signed requests, per service, driven by
// the official SDKs from this process, against the `replication-emulator` bin pinned to one core
// (`taskset -c 1`; this process is moved to core 0). Reports requests per second of wall time and,
// the figure that does not depend on the client or on other load, requests per second of the
// emulator's own CPU time (user + system, from /proc/<pid>/stat). Goal: 10,000 per CPU-second.
// Two ways to drive it: the SDKs themselves (the emulator then waits for the client, which signs every
// request, and pays for waking up on each), and "saturated": one request each SDK signed, captured on
// the wire and sent again byte for byte on keep-alive connections as fast as the emulator answers
// (verified in full each time; the SDKs sign for 15 minutes or more): its throughput.
//
//   node bench/emulators.js
//   BENCH_REQUESTS=5000 BENCH_WARMUP=20000 BENCH_CONCURRENCY=16 BENCH_SERVICES=COS,BOS,trivial BENCH_PROFILE_DIR=/tmp/prof node bench/emulators.js
//     (the profile dir gets a V8 CPU profile of the emulator, open it in Chrome DevTools; `trivial`
//     adds the trivial-server rows, which run by default)
//   BENCH_SERVICES=BOS BENCH_COMPARE_CLI=/tmp/before/dist/emulator/cli.js node bench/emulators.js
//     (another build driven at the same time, pinned to the same core: a fair comparison on a busy
//     machine; BENCH_EMULATOR_CLI replaces this build's bin)
//   BENCH_SERVICES=BOS BENCH_COMPARE_CLI=dist/emulator/cli.js BENCH_COMPARE_NODE_ARGS=--single-threaded-gc BENCH_SPLIT=1 node bench/emulators.js
//     (Node options for the bin, BENCH_NODE_ARGS, or for the compared one; BENCH_SPLIT adds a column:
//     the emulator's CPU per request on its main thread and on its other threads, user + system)
const { execFileSync, spawn } = require("node:child_process");
const fs = require("node:fs");
const http = require("node:http");
const net = require("node:net");
const os = require("node:os");
const path = require("node:path");
const { performance } = require("node:perf_hooks");
const { createInterface } = require("node:readline");
const COS = require("cos-nodejs-sdk-v5");
const OSS = require("ali-oss");
const { BosClient } = require("@baiducloud/sdk");

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
// Requests before the measured ones, so that the table shows the steady state: after 1,000, much of
// V8's optimizing is still in the measured window (a BOS request then costs about a fifth more). The
// warm-up's own CPU per request is reported in its own column: a one-off per emulator process.
const WARMUP = Number(process.env.BENCH_WARMUP ?? 20000);
const CLK_TCK = 100; // USER_HZ on Linux

function hasTaskset() {
	try {
		execFileSync("taskset", ["-V"], { stdio: "ignore" });
		return true;
	} catch {
		return false;
	}
}

/**
 * Starts the bin `cli` (pinned to core 1 when taskset exists), with Node options `nodeArgs` (a
 * space-separated string); resolves with its pid and endpoints.
 */
async function startBin(pinned, cli, nodeArgs = "") {
	const node = [
		...nodeArgs.split(" ").filter(Boolean),
		...(process.env.BENCH_PROFILE_DIR
			? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
			: []),
		cli,
	];
	const child = pinned
		? spawn("taskset", ["-c", "1", process.execPath, ...node], {
				stdio: ["ignore", "pipe", "inherit"],
			})
		: spawn(process.execPath, node, { stdio: ["ignore", "pipe", "inherit"] });
	const line = await new Promise((resolve) =>
		createInterface({ input: child.stdout }).once("line", resolve),
	);
	return { child, endpoints: JSON.parse(line) };
}

/** User + system CPU seconds of process `pid` so far. */
function cpuSeconds(pid) {
	const fields = fs
		.readFileSync(`/proc/${pid}/stat`, "utf8")
		.split(") ")[1]
		.split(" ");
	return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/**
 * With BENCH_SPLIT: user and system CPU ticks of `pid`'s main thread (our JavaScript, Node's and the
 * syscalls) and of its other threads (V8's background compiler and GC helpers, libuv's pool).
 */
function threadTicks(pid) {
	const ticks = {};
	for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
		let stat;
		try {
			stat = fs.readFileSync(`/proc/${pid}/task/${task}/stat`, "utf8");
		} catch {
			continue; // the thread ended
		}
		const name = task === String(pid) ? "main thread" : "other threads";
		const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
		ticks[name] ??= { user: 0, sys: 0 };
		ticks[name].user += Number(fields[11]);
		ticks[name].sys += Number(fields[12]);
	}
	return ticks;
}

/** "main thread 40 + 25 µs, other threads 12 + 0 µs" (user + system, per request) between two readings. */
function splitText(before, after) {
	const us = (n) => Math.round((n * 1e6) / CLK_TCK / REQUESTS);
	return ["main thread", "other threads"]
		.map((name) => {
			const a = after[name] ?? { user: 0, sys: 0 };
			const b = before[name] ?? { user: 0, sys: 0 };
			return `${name} ${us(a.user - b.user)} + ${us(a.sys - b.sys)} µs`;
		})
		.join(", ");
}

/** Runs `call` REQUESTS times with CONCURRENCY in flight. */
async function drive(call, requests = REQUESTS) {
	let next = 0;
	await Promise.all(
		Array.from({ length: CONCURRENCY }, async () => {
			while (next++ < requests) await call();
		}),
	);
}

/** COS SDK client for `e.cos.endpoint`. */
function cosClient(e) {
	return new COS({
		SecretId: e.cos.secretId,
		SecretKey: e.cos.secretKey,
		Protocol: "http:",
		Ip: new URL(e.cos.endpoint).host,
	});
}

/** The GET replication of the bucket `cosSetup` makes, from a new client for `e`. */
function cosGet(e) {
	const cos = cosClient(e);
	return () =>
		cos.getBucketReplication({
			Bucket: `bench-src-${e.cos.appId}`,
			Region: "ap-guangzhou",
		});
}

async function cosSetup(e) {
	const cos = cosClient(e);
	const Region = "ap-guangzhou";
	const src = `bench-src-${e.cos.appId}`;
	const dst = `bench-dst-${e.cos.appId}`;
	for (const Bucket of [src, dst]) {
		await cos.putBucket({ Bucket, Region });
		await cos.putBucketVersioning({
			Bucket,
			Region,
			VersioningConfiguration: { Status: "Enabled" },
		});
	}
	await cos.putBucketReplication({
		Bucket: src,
		Region,
		ReplicationConfiguration: {
			Role: `qcs::cam::uin/100000000001:uin/100000000001`,
			Rules: [
				{
					ID: "r1",
					Status: "Enabled",
					Prefix: "logs/",
					Destination: { Bucket: `qcs::cos:${Region}::${dst}` },
				},
			],
		},
	});
	return cosGet(e);
}

/** ali-oss client for `e.oss.endpoint`. */
function ossClient(e) {
	return new OSS({
		accessKeyId: e.oss.accessKeyId,
		accessKeySecret: e.oss.accessKeySecret,
		endpoint: e.oss.endpoint,
		region: "oss-cn-hangzhou",
	});
}

/** The GET replication of the bucket `ossSetup` makes, from a new client for `e`. */
function ossGet(e) {
	const client = ossClient(e);
	return () =>
		client.request({
			...client._bucketRequestParams("GET", "bench-src", "replication"),
			successStatuses: [200],
		});
}

async function ossSetup(e) {
	const client = ossClient(e);
	await client.putBucket("bench-src");
	await client.putBucket("bench-dst");
	const xml = `<?xml version="1.0" encoding="UTF-8"?><ReplicationConfiguration><Rule><PrefixSet><Prefix>logs/</Prefix></PrefixSet><Action>ALL</Action><Destination><Bucket>bench-dst</Bucket><Location>oss-cn-hangzhou</Location></Destination></Rule></ReplicationConfiguration>`;
	const add = client._bucketRequestParams("POST", "bench-src", {
		replication: "",
		comp: "add",
	});
	await client.request({
		...add,
		mime: "xml",
		content: xml,
		successStatuses: [200],
	});
	return ossGet(e);
}

async function bosSetup(e) {
	const client = new BosClient({
		endpoint: e.bos.endpoint,
		credentials: { ak: e.bos.accessKey, sk: e.bos.secretKey },
	});
	await client.createBucket("bench-src");
	await client.createBucket("bench-dst");
	const rule = {
		id: "r1",
		status: "enabled",
		resource: ["bench-src/logs/*"],
		destination: { bucket: "bench-dst" },
		replicateDeletes: "disabled",
	};
	const put = {
		bucketName: "bench-src",
		params: { replication: "", id: "r1" },
		body: JSON.stringify(rule),
	};
	await client.sendRequest("PUT", put);
	return () =>
		client.sendRequest("GET", {
			bucketName: "bench-src",
			params: { replication: "", id: "r1" },
		});
}

/**
 * The same GET with `Connection: keep-alive`, as the provider sends it (provider/bos/client.ts), so
 * that Node's global agent reuses connections. Runs after `bosSetup`, on its bucket and rule.
 */
async function bosKeepAliveSetup(e) {
	const client = new BosClient({
		endpoint: e.bos.endpoint,
		credentials: { ak: e.bos.accessKey, sk: e.bos.secretKey },
	});
	return () =>
		client.sendRequest("GET", {
			bucketName: "bench-src",
			params: { replication: "", id: "r1" },
			headers: { Connection: "keep-alive" },
		});
}

/** The anchor: a trivial Node server (one JSON body, no parsing, no auth) in the same pinned setup. */
const TRIVIAL_SERVER = `require("node:http").createServer((req, res) => req.resume().on("end", () => res.end("{}"))).listen(0, "127.0.0.1", function () { console.log(JSON.stringify({ port: this.address().port })); });`;

async function startTrivial(pinned) {
	const args = ["-e", TRIVIAL_SERVER];
	const child = pinned
		? spawn("taskset", ["-c", "1", process.execPath, ...args], {
				stdio: ["ignore", "pipe", "inherit"],
			})
		: spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
	const line = await new Promise((resolve) =>
		createInterface({ input: child.stdout }).once("line", resolve),
	);
	return { child, port: JSON.parse(line).port };
}

/**
 * The BOS SDK's GET replication against the trivial server: the floor of the BOS row, same client and
 * pace (it signs every request and sends `Connection: close`), with none of the emulator's work.
 */
function bosSdkGet(port) {
	const client = new BosClient({
		endpoint: `http://127.0.0.1:${port}`,
		credentials: { ak: "bench", sk: "bench" },
	});
	return () =>
		client.sendRequest("GET", {
			bucketName: "bench-src",
			params: { replication: "", id: "r1" },
		});
}

/** A plain GET from Node's http client; `close` sends `Connection: close`, as the BOS SDK does. */
function plainGet(port, close) {
	const agent = close ? undefined : new http.Agent({ keepAlive: true });
	return () =>
		new Promise((resolve, reject) => {
			const req = http.get(
				{
					port,
					host: "127.0.0.1",
					path: "/bucket?replication",
					agent,
					headers: close ? { connection: "close" } : {},
				},
				(res) => res.resume().on("end", resolve),
			);
			req.on("error", reject);
		});
}

/**
 * The bytes of one request that `makeCall(endpoint)`'s call sends: made through a recording proxy in
 * this process, in front of `endpoint`.
 */
async function captureRequest(endpoint, makeCall) {
	const target = new URL(endpoint);
	let sent = [];
	const proxy = net.createServer((client) => {
		const upstream = net.connect(Number(target.port), target.hostname);
		client.on("data", (chunk) => {
			sent.push(chunk);
			upstream.write(chunk);
		});
		upstream.pipe(client);
		client.on("error", () => upstream.destroy());
		upstream.on("error", () => client.destroy());
	});
	await new Promise((resolve) => proxy.listen(0, "127.0.0.1", resolve));
	try {
		const call = await makeCall(`http://127.0.0.1:${proxy.address().port}`);
		sent = [];
		await call();
		return Buffer.concat(sent);
	} finally {
		proxy.close();
	}
}

/**
 * A call that sends `request` (bytes an SDK signed, from `captureRequest`) again as it is, on a pool of
 * keep-alive connections to `port`, and resolves when the whole answer is read. The emulator verifies
 * each one in full: the SDKs sign for 15 minutes or more. With this client the emulator never waits for
 * the next request, as it does for the SDK, which signs every request: the throughput at saturation.
 */
function replayCall(port, request) {
	const idle = [];
	// One connection: sends the request and resolves with its answer, one request at a time.
	const connect = () => {
		const socket = net.connect(port, "127.0.0.1");
		socket.setNoDelay(true);
		let buffered = Buffer.alloc(0);
		let waiting;
		socket.on("data", (chunk) => {
			buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
			const end = buffered.indexOf("\r\n\r\n");
			if (end < 0) return;
			const head = buffered.subarray(0, end).toString("latin1");
			const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
			if (buffered.length < end + 4 + length) return;
			buffered = Buffer.alloc(0);
			const { resolve, reject } = waiting;
			idle.push(connection);
			if (head.startsWith("HTTP/1.1 200")) resolve();
			else
				reject(new Error(`replayed request answered ${head.split("\r\n")[0]}`));
		});
		socket.on("error", (error) => waiting?.reject(error));
		const connection = (resolve, reject) => {
			waiting = { resolve, reject };
			socket.write(request);
		};
		return connection;
	};
	return () =>
		new Promise((resolve, reject) =>
			(idle.pop() ?? connect())(resolve, reject),
		);
}

async function measure(pid, call) {
	return (await measureTogether([{ pid, call }]))[0];
}

/**
 * Several emulators driven at the same time, each with CONCURRENCY in flight: on the same core, they
 * share the load and the client's pace, so two builds compare fairly on a busy machine.
 */
async function measureTogether(targets) {
	// Warm-up: JIT on both sides.
	const warm0 = targets.map(({ pid }) => cpuSeconds(pid));
	await Promise.all(targets.map(({ call }) => drive(call, WARMUP)));
	const cpu0 = targets.map(({ pid }) => cpuSeconds(pid));
	const split = process.env.BENCH_SPLIT;
	const threads0 = split ? targets.map(({ pid }) => threadTicks(pid)) : [];
	const t0 = performance.now();
	const walls = await Promise.all(
		targets.map(async ({ call }) => {
			await drive(call);
			return (performance.now() - t0) / 1000;
		}),
	);
	return targets.map(({ pid }, i) => {
		const cpu = cpuSeconds(pid) - cpu0[i];
		return {
			perWallSecond: REQUESTS / walls[i],
			perCpuSecond: REQUESTS / cpu,
			cpu,
			warmupCpu: cpu0[i] - warm0[i],
			split: split ? splitText(threads0[i], threadTicks(pid)) : undefined,
		};
	});
}

async function main() {
	const pinned = process.platform === "linux" && hasTaskset();
	// This process drives the clients from core 0 while it runs, then gets its cores back: `npm run
	// bench` runs the fleet next in this same process, and every CLI it spawns inherits the affinity.
	const cores = pinned
		? execFileSync("taskset", ["-p", String(process.pid)], { encoding: "utf8" })
				.trim()
				.split(" ")
				.pop()
		: undefined;
	if (pinned) execFileSync("taskset", ["-cp", "0", String(process.pid)]);
	try {
		return await measureAll(pinned);
	} finally {
		if (cores) execFileSync("taskset", ["-p", cores, String(process.pid)]);
	}
}

async function measureAll(pinned) {
	// Another build's bin, to compare two versions on the same machine and load: alone
	// (BENCH_EMULATOR_CLI), or driven at the same time as this one (BENCH_COMPARE_CLI).
	const clis = [
		process.env.BENCH_EMULATOR_CLI ??
			path.join(__dirname, "../dist/emulator/cli.js"),
		...(process.env.BENCH_COMPARE_CLI ? [process.env.BENCH_COMPARE_CLI] : []),
	];
	const bins = [];
	const rows = [];
	// The COS SDK's request, replayed to the trivial server too: the floor of the saturated rows.
	let cosRequest;
	const only = process.env.BENCH_SERVICES?.split(",");
	try {
		const nodeArgs = [
			process.env.BENCH_NODE_ARGS,
			process.env.BENCH_COMPARE_NODE_ARGS,
		];
		for (const [i, cli] of clis.entries())
			bins.push(await startBin(pinned, cli, nodeArgs[i]));
		for (const [name, setup, service = name] of [
			["COS", cosSetup],
			["OSS", ossSetup],
			["BOS", bosSetup],
			["BOS, keep-alive (as the provider sends it)", bosKeepAliveSetup, "BOS"],
		]) {
			if (only && !only.includes(service)) continue;
			const targets = [];
			for (const { child, endpoints } of bins)
				targets.push({ pid: child.pid, call: await setup(endpoints) });
			const [result, compared] = await measureTogether(targets);
			rows.push([name, result]);
			if (compared) rows.push([`${name} (BENCH_COMPARE_CLI)`, compared]);
		}
		// Saturated: the same GET replication, signed by the SDK, replayed (keep-alive connections).
		for (const [service, client] of [
			["COS", cosGet],
			["OSS", ossGet],
			["BOS", bosKeepAliveSetup],
		]) {
			if (only && !only.includes(service)) continue;
			const targets = [];
			for (const { child, endpoints } of bins) {
				const key = service.toLowerCase();
				const request = await captureRequest(
					endpoints[key].endpoint,
					(endpoint) =>
						client({ ...endpoints, [key]: { ...endpoints[key], endpoint } }),
				);
				if (service === "COS") cosRequest ??= request;
				const port = Number(new URL(endpoints[key].endpoint).port);
				targets.push({ pid: child.pid, call: replayCall(port, request) });
			}
			const name = `${service}, saturated (the SDK's signed request replayed)`;
			const [result, compared] = await measureTogether(targets);
			rows.push([name, result]);
			if (compared) rows.push([`${name} (BENCH_COMPARE_CLI)`, compared]);
		}
	} finally {
		for (const { child } of bins) {
			child.kill("SIGTERM");
			await new Promise((resolve) => child.once("exit", resolve));
		}
	}
	// Each row on a fresh server, so that none is warmer than the one before.
	for (const [name, client] of [
		["trivial server, keep-alive", (port) => plainGet(port, false)],
		[
			"trivial server, `Connection: close` (as the BOS SDK)",
			(port) => plainGet(port, true),
		],
		["trivial server, driven by the BOS SDK", bosSdkGet],
		[
			"trivial server, saturated (the COS SDK's request replayed)",
			(port) => cosRequest && replayCall(port, cosRequest),
		],
	]) {
		if (only && !only.includes("trivial")) break;
		const trivial = await startTrivial(pinned);
		try {
			const call = client(trivial.port);
			if (call) rows.push([name, await measure(trivial.child.pid, call)]);
		} finally {
			trivial.child.kill("SIGTERM");
			await new Promise((resolve) => trivial.child.once("exit", resolve));
		}
	}
	const lines = [
		`Emulator throughput: GET replication, signed, official SDKs; ${REQUESTS} requests after ${WARMUP} of warm-up, ${CONCURRENCY} in flight; emulator ${pinned ? "pinned to core 1 (taskset)" : "not pinned (no taskset)"}, client in this process; Node ${process.version}; load average ${os
			.loadavg()
			.map((n) => n.toFixed(1))
			.join(", ")}.`,
		"",
		`| service | requests / s (wall) | requests / s of emulator CPU | emulator CPU per request | during the warm-up |${process.env.BENCH_SPLIT ? " of which user + system |" : ""}`,
		`| --- | --- | --- | --- | --- |${process.env.BENCH_SPLIT ? " --- |" : ""}`,
	];
	for (const [name, r] of rows)
		lines.push(
			`| ${name} | ${Math.round(r.perWallSecond)} | ${Math.round(r.perCpuSecond)} | ${((r.cpu / REQUESTS) * 1e6).toFixed(0)} µs | ${WARMUP ? `${((r.warmupCpu / WARMUP) * 1e6).toFixed(0)} µs` : "-"} |${r.split ? ` ${r.split} |` : ""}`,
		);
	console.log(lines.join("\n"));
	return rows;
}

module.exports = { main, cosSetup, ossSetup, bosSetup };
if (require.main === module)
	main().catch((error) => {
		console.error(error);
		process.exit(1);
	});
