#!/usr/bin/env node
// Benchmarks of the emulators: start-up time, and GET replication requests per second per service,
// driven by the official SDKs (so signing and parsing on the client side are part of the cost, as they
// are for the provider). Run with `npm run bench`; prints a Markdown table. Numbers depend on the
// machine; compare runs on the same machine only.
const { spawn } = require("node:child_process");
const path = require("node:path");
const { performance } = require("node:perf_hooks");
const { createInterface } = require("node:readline");
const COS = require("cos-nodejs-sdk-v5");
const OSS = require("ali-oss");
const { BosClient } = require("@baiducloud/sdk");
const { startEmulators } = require("../dist/emulator");

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
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

/** Runs `call` REQUESTS times with CONCURRENCY in flight; returns requests per second. */
async function throughput(call) {
	let next = 0;
	const t0 = performance.now();
	await Promise.all(
		Array.from({ length: CONCURRENCY }, async () => {
			while (next++ < REQUESTS) await call();
		}),
	);
	return REQUESTS / ((performance.now() - t0) / 1000);
}

async function cosSetup(e) {
	const cos = new COS({
		SecretId: e.cos.secretId,
		SecretKey: e.cos.secretKey,
		Protocol: "http:",
		Ip: new URL(e.cos.endpoint).host,
	});
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
	return () => cos.getBucketReplication({ Bucket: src, Region });
}

async function ossSetup(e) {
	const options = {
		accessKeyId: e.oss.accessKeyId,
		accessKeySecret: e.oss.accessKeySecret,
		endpoint: e.oss.endpoint,
		region: "oss-cn-hangzhou",
	};
	const client = new OSS(options);
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
	return () =>
		client.request({
			...client._bucketRequestParams("GET", "bench-src", "replication"),
			successStatuses: [200],
		});
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

async function main() {
	const starts = await timeStarts();
	const binStarts = await timeBinStarts();
	const emulators = await startEmulators();
	const rows = [];
	for (const [name, setup] of [
		["COS", cosSetup],
		["OSS", ossSetup],
		["BOS", bosSetup],
	]) {
		const call = await setup(emulators);
		await throughput(call); // warm-up
		rows.push([name, Math.round(await throughput(call))]);
	}
	const rss = Math.round(process.memoryUsage().rss / 1024 / 1024);
	await emulators.close();

	console.log(
		`Emulator benchmark (${REQUESTS} requests, ${CONCURRENCY} in flight, client and server in one Node ${process.version} process)\n`,
	);
	console.log("| measure | value |\n| --- | --- |");
	console.log(
		`| \`startEmulators()\` in process, all three services (median of ${STARTS}) | ${starts.median.toFixed(1)} ms (max ${starts.max.toFixed(1)} ms) |`,
	);
	console.log(
		`| \`replication-emulator\` bin, spawn to JSON line (median of ${STARTS}) | ${binStarts.median.toFixed(0)} ms (max ${binStarts.max.toFixed(0)} ms) |`,
	);
	for (const [name, rps] of rows)
		console.log(`| ${name} GET replication, official SDK | ${rps} req/s |`);
	console.log(`| resident memory after the run | ${rss} MiB |`);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
