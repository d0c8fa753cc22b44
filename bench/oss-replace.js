#!/usr/bin/env node
// OSS replacement latency (issue 13, item 3): the provider runtime deletes a rule and creates its
// replacement (same source, destination and rule id), against the OSS emulator with a closing time of
// BENCH_CLOSING_MS (300 ms by default, the emulator's default). Reports how long the replacement took
// beyond the closing time: the time from the old rule's disappearance to the new rule's creation, plus
// the delete and create requests themselves.
const { performance } = require("node:perf_hooks");
const OSS = require("ali-oss");
const { providerEnv, startEmulators } = require("../dist/emulator");

const CLOSING_MS = Number(process.env.BENCH_CLOSING_MS ?? 300);
const REPLACES = Number(process.env.BENCH_REPLACES ?? 10);

async function main() {
	const e = await startEmulators({ ossClosingDelayMs: CLOSING_MS });
	Object.assign(process.env, providerEnv(e.endpoints()));
	const runtime = require("../dist/provider");
	const client = new OSS({
		accessKeyId: e.oss.accessKeyId,
		accessKeySecret: e.oss.accessKeySecret,
		endpoint: e.oss.endpoint,
		region: "oss-cn-hangzhou",
	});
	await client.putBucket("replace-src");
	await client.putBucket("replace-dst");
	const inputs = async (prefix) =>
		(
			await runtime.check(
				{},
				{
					__resource: "OssBucketReplicationRule",
					bucket: "replace-src",
					region: "oss-cn-hangzhou",
					ruleId: "r1",
					prefixes: [prefix],
					destination: { bucket: "replace-dst", location: "oss-cn-hangzhou" },
				},
			)
		).inputs;
	let { id, outs } = await runtime.create(await inputs("p0/"));
	const extra = [];
	try {
		for (let i = 1; i <= REPLACES; i++) {
			const next = await inputs(`p${i}/`);
			const t0 = performance.now();
			await runtime.delete(id, outs);
			({ id, outs } = await runtime.create(next));
			extra.push(performance.now() - t0 - CLOSING_MS);
		}
		await runtime.delete(id, outs);
	} finally {
		await e.close();
	}
	extra.sort((a, b) => a - b);
	const ms = (x) => `${Math.round(x)} ms`;
	console.log(
		`OSS replace (delete, wait for closing, create) with a ${CLOSING_MS} ms closing time, ${REPLACES} replacements:\n`,
	);
	console.log("| measure | min | median | max |\n| --- | --- | --- | --- |");
	console.log(
		`| replace time beyond the closing time | ${ms(extra[0])} | ${ms(extra[Math.floor(extra.length / 2)])} | ${ms(extra[extra.length - 1])} |`,
	);
	return extra;
}

module.exports = { main };
if (require.main === module)
	main().catch((error) => {
		console.error(error);
		process.exit(1);
	});
