// What the recovery test (test/e2e/recovery.test.ts) and the reliability matrices (bench/reliability.js)
// share: a stack of buckets and rules on COS, OSS and BOS, a real `pulumi` run that can be killed with
// SIGKILL (the CLI and every plugin it started) once the emulators have taken k writes, the documented
// recovery commands (docs/recovery.md), and the comparison of state with the cloud through the
// official SDKs: orphans (in the cloud, not in state), ghosts (in state, not in the cloud), duplicates.
// Plain CommonJS so that the bench runs it with node and no TypeScript step.
const { execFileSync, spawn } = require("node:child_process");
const { randomBytes } = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const COS = require("cos-nodejs-sdk-v5");
const OSS = require("ali-oss");
const { BosClient } = require("@baiducloud/sdk");
const offline = require("../../scripts/pulumi-offline.js");

/**
 * The commands docs/recovery.md gives after an interrupted `pulumi up` or `destroy`, in order; then
 * the interrupted command runs again (`up --yes` or `destroy --yes`).
 */
const RECOVERY_COMMANDS = [
	["cancel", "--yes"],
	["refresh", "--clear-pending-creates", "--yes"],
];

const COS_ROLE = "qcs::cam::uin/100000000001:uin/100000000001";
/** BOS allows 10 rules per bucket; the other clouds get the same layout. */
const RULES_PER_SOURCE = 10;

/**
 * The buckets and rules of a stack: `rules` rules per cloud, ten per source bucket; the first `changed`
 * rules (taken in turn from COS, OSS and BOS) get another prefix (an update on COS and BOS, a
 * replacement on OSS). OSS rules have no `ruleId`: theirs is derived from the destination.
 */
function layout({ tag, appId, rules, changed = 0 }) {
	const sources = Math.ceil(rules / RULES_PER_SOURCE);
	const range = (n) => Array.from({ length: n }, (_, i) => i);
	const prefix = (cloud, i) =>
		`${i * 3 + cloud < changed ? "q" : "p"}${String(i).padStart(2, "0")}/`;
	return {
		cos: {
			sources: range(sources).map((s) => `rc-${tag}-src${s}-${appId}`),
			destination: `rc-${tag}-dst-${appId}`,
			rules: range(rules).map((i) => ({
				i,
				source: Math.floor(i / RULES_PER_SOURCE),
				ruleId: `r${i}`,
				prefix: prefix(0, i),
			})),
		},
		oss: {
			sources: range(sources).map((s) => `rc-${tag}-src${s}`),
			destinations: range(Math.min(rules, RULES_PER_SOURCE)).map(
				(d) => `rc-${tag}-dst${d}`,
			),
			rules: range(rules).map((i) => ({
				i,
				source: Math.floor(i / RULES_PER_SOURCE),
				destination: i % RULES_PER_SOURCE,
				prefix: prefix(1, i),
			})),
		},
		bos: {
			sources: range(sources).map((s) => `rc-${tag}-src${s}`),
			destination: `rc-${tag}-dst`,
			rules: range(rules).map((i) => ({
				i,
				source: Math.floor(i / RULES_PER_SOURCE),
				ruleId: `r${i}`,
				prefix: prefix(2, i),
			})),
		},
	};
}

/** The program of `layout(spec)`, in plain JavaScript (no TypeScript compile on every run). */
function program(spec) {
	const l = layout(spec);
	const out = [
		'const pulumi = require("@pulumi/pulumi");',
		'const { bos, cos, oss } = require("pulumi-bucket-replication");',
		`const role = "${COS_ROLE}";`,
		`const cosDst = new cos.Bucket("cos-dst", { bucket: "${l.cos.destination}", region: "ap-beijing", versioning: "Enabled" });`,
		`const ossDst = [${l.oss.destinations.map((b, d) => `new oss.Bucket("oss-dst${d}", { bucket: "${b}", region: "oss-cn-hangzhou", versioning: "Enabled" })`).join(", ")}];`,
		`const bosDst = new bos.Bucket("bos-dst", { bucket: "${l.bos.destination}", region: "bj", versioning: "enabled" });`,
		`const cosSrc = [${l.cos.sources.map((b, s) => `new cos.Bucket("cos-src${s}", { bucket: "${b}", region: "ap-guangzhou", versioning: "Enabled" })`).join(", ")}];`,
		`const ossSrc = [${l.oss.sources.map((b, s) => `new oss.Bucket("oss-src${s}", { bucket: "${b}", region: "oss-cn-hangzhou", versioning: "Enabled" })`).join(", ")}];`,
		`const bosSrc = [${l.bos.sources.map((b, s) => `new bos.Bucket("bos-src${s}", { bucket: "${b}", region: "bj", versioning: "enabled" })`).join(", ")}];`,
	];
	for (const r of l.cos.rules)
		out.push(
			`new cos.BucketReplicationRule("cos-${r.i}", { bucket: cosSrc[${r.source}].bucket, region: cosSrc[${r.source}].region, role, ruleId: "${r.ruleId}", prefix: "${r.prefix}", destination: { bucket: pulumi.interpolate\`qcs::cos:ap-beijing::\${cosDst.bucket}\` } });`,
		);
	for (const r of l.oss.rules)
		out.push(
			`new oss.BucketReplicationRule("oss-${r.i}", { bucket: ossSrc[${r.source}].bucket, region: ossSrc[${r.source}].region, prefixes: ["${r.prefix}"], destination: { bucket: ossDst[${r.destination}].bucket, location: ossDst[${r.destination}].region }, deleteTimeoutSeconds: 120 });`,
		);
	for (const r of l.bos.rules)
		out.push(
			`new bos.BucketReplicationRule("bos-${r.i}", { bucket: bosSrc[${r.source}].bucket, region: "bj", ruleId: "${r.ruleId}", resource: ["${l.bos.sources[r.source]}/${r.prefix}*"], destination: { bucket: bosDst.bucket } });`,
		);
	return `${out.join("\n")}\n`;
}

/** Resources of `layout(spec)`: buckets and rules, not counting the stack itself. */
function resourceCount(spec) {
	const l = layout(spec);
	return (
		l.cos.sources.length +
		1 +
		l.oss.sources.length +
		l.oss.destinations.length +
		l.bos.sources.length +
		1 +
		3 * spec.rules
	);
}

/** A project directory under `.pulumi/projects/` (it resolves this package by name) with a new stack. */
async function createProject(name, programText, env = {}) {
	const project = {
		name: `${name}-${randomBytes(4).toString("hex")}`,
		stack: "test",
		env,
	};
	project.dir = path.join(offline.stateRoot, "projects", project.name);
	fs.mkdirSync(project.dir, { recursive: true });
	fs.writeFileSync(
		path.join(project.dir, "Pulumi.yaml"),
		`name: ${project.name}\nruntime: nodejs\n`,
	);
	fs.writeFileSync(
		path.join(project.dir, "package.json"),
		JSON.stringify({ name: project.name, main: "index.js" }),
	);
	setProgram(project, programText);
	const init = await run(project, ["stack", "init"]);
	if (init.code !== 0) throw new Error(`stack init: ${init.stderr}`);
	return project;
}

function setProgram(project, programText) {
	fs.writeFileSync(path.join(project.dir, "index.js"), programText);
}

/** Deletes what is left of the stack, the stack and the directory. */
async function removeProject(project) {
	await run(project, ["cancel", "--yes"]);
	await run(project, ["destroy", "--yes", "--skip-preview"]);
	await run(project, ["stack", "rm", "--yes", "--force"]);
	fs.rmSync(project.dir, { recursive: true, force: true });
}

/** Parent pid of every process, from /proc. */
function parents() {
	const map = new Map();
	for (const name of fs.readdirSync("/proc")) {
		if (!/^\d+$/.test(name)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
			map.set(
				Number(name),
				Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]),
			);
		} catch {
			// gone meanwhile
		}
	}
	return map;
}

/** `root` and every process below it. */
function tree(root) {
	const children = new Map();
	for (const [pid, ppid] of parents()) {
		if (!children.has(ppid)) children.set(ppid, []);
		children.get(ppid).push(pid);
	}
	const out = [];
	const queue = [root];
	while (queue.length > 0) {
		const pid = queue.shift();
		out.push(pid);
		queue.push(...(children.get(pid) ?? []));
	}
	return out;
}

/**
 * SIGKILL for the CLI and everything it started, as a CI runner's kill -9 of the job does. Pulumi puts
 * each plugin (language host, program, dynamic provider) in its own process group, so killing the CLI's
 * group is not enough: the tree is found through /proc, frozen with SIGSTOP (so that nothing forks or
 * writes meanwhile) until no new process appears, then killed. Returns the pids killed.
 */
function killTree(root) {
	const seen = new Set();
	for (let round = 0; round < 10; round++) {
		const fresh = tree(root).filter((pid) => !seen.has(pid));
		if (fresh.length === 0) break;
		for (const pid of fresh) {
			seen.add(pid);
			try {
				process.kill(pid, "SIGSTOP");
			} catch {
				// already gone
			}
		}
	}
	for (const pid of seen) {
		try {
			process.kill(pid, "SIGKILL");
		} catch {
			// already gone
		}
	}
	return [...seen];
}

/** Whether any of `pids` still runs (a zombie waiting for its parent does not count). */
function anyAlive(pids) {
	return pids.some((pid) => {
		try {
			const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
			return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
		} catch {
			return false;
		}
	});
}

/**
 * Runs `pulumi <args>` for the project's stack. With `killWhen`, polls it every 20 ms and kills the
 * CLI's whole process tree the first time it returns true. Never rejects on a non-zero exit.
 */
function run(project, args, { killWhen, echo = false } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(
			"pulumi",
			[
				...args,
				"--stack",
				project.stack,
				"--non-interactive",
				"--color",
				"never",
			],
			{
				cwd: project.dir,
				env: offline.pulumiEnv({ ...process.env, ...project.env }),
				stdio: ["ignore", "pipe", "pipe"],
			},
		);
		let stdout = "";
		let stderr = "";
		let killed;
		child.stdout.on("data", (d) => {
			stdout += d;
			if (echo) process.stdout.write(d);
		});
		child.stderr.on("data", (d) => {
			stderr += d;
			if (echo) process.stderr.write(d);
		});
		const timer = killWhen
			? setInterval(() => {
					if (killed === undefined && killWhen()) killed = killTree(child.pid);
				}, 20)
			: undefined;
		child.on("error", reject);
		child.on("close", async (code) => {
			clearInterval(timer);
			// SIGKILL is delivered asynchronously: give the killed processes a moment to be gone.
			for (let i = 0; killed && i < 100 && anyAlive(killed); i++)
				await new Promise((r) => setTimeout(r, 50));
			resolve({
				code: code ?? 1,
				stdout,
				stderr,
				killed: killed !== undefined,
				survivors: killed ? killed.filter((pid) => anyAlive([pid])) : [],
			});
		});
	});
}

/**
 * The file backend's first step in docs/recovery.md: a kill while the CLI was saving the checkpoint
 * can leave its metadata file (`<stack>.json.attrs`) empty (gocloud.dev's fileblob writes the data
 * file atomically, its `.attrs` file not), and every command then fails with `failed to load
 * checkpoint: EOF`. The empty file is removed, exactly as the documented `find` does; the checkpoint
 * itself is the last complete one.
 */
function removeTornAttrs(project) {
	const args = [
		path.join(offline.stateRoot, "state", ".pulumi", "stacks", project.name),
		"-name",
		"*.attrs",
		"-size",
		"0",
		"-print",
		"-delete",
	];
	const stdout = execFileSync("find", args, { encoding: "utf8" });
	return {
		args: ["find", ...args],
		code: 0,
		stdout,
		stderr: "",
		killed: false,
		survivors: [],
	};
}

/**
 * The documented recovery: the file backend's `find` (its step's stdout lists the files it removed),
 * RECOVERY_COMMANDS, then `rerun` (the interrupted command, such as
 * `["up", "--yes"]`), stopping at the first command that fails.
 */
async function recover(project, rerun) {
	const results = [removeTornAttrs(project)];
	for (const args of [...RECOVERY_COMMANDS, rerun]) {
		const result = await run(project, args);
		results.push({ args, ...result });
		if (result.code !== 0) break;
	}
	return results;
}

/** Writes (not GET or HEAD) that the emulators carried out, since their request logs were last cleared. */
function writesDone(emulators) {
	let n = 0;
	for (const log of Object.values(emulators.requests))
		for (const r of log)
			if (r.method !== "GET" && r.method !== "HEAD" && r.status < 300) n++;
	return n;
}

/** Empties the emulators' request logs, so that `writesDone` counts from now. */
function clearRequests(emulators) {
	for (const log of Object.values(emulators.requests)) log.length = 0;
}

/** Retries a read through faults the emulators inject (an injected fault never changes anything on a GET). */
async function read(call) {
	for (let attempt = 0; ; attempt++) {
		try {
			return await call();
		} catch (error) {
			const status = error?.statusCode ?? error?.status ?? error?.status_code;
			const transient = status === undefined || status === 429 || status >= 500;
			if (!transient || attempt >= 30) throw error;
			await new Promise((r) => setTimeout(r, 50));
		}
	}
}

const codeOf = (error) => error?.code ?? error?.error?.Code;

/**
 * Everything the stack could have made, as the cloud shows it through the official SDKs: the buckets
 * of `layout(spec)` that exist and every rule on its source buckets. Keys: `<cloud> bucket <name>` and
 * `<cloud> rule <bucket>/<id>`. `duplicates`: rules of one bucket that differ only by id.
 */
async function cloudInventory(endpoints, spec) {
	const l = layout(spec);
	const keys = [];
	const duplicates = [];
	const note = (cloud, bucket, rules) => {
		const seen = new Map();
		for (const { id, signature } of rules) {
			keys.push(`${cloud} rule ${bucket}/${id}`);
			if (seen.has(signature))
				duplicates.push(`${cloud} ${bucket}: ${seen.get(signature)} and ${id}`);
			seen.set(signature, id);
		}
	};

	const cos = new COS({
		SecretId: endpoints.cos.secretId,
		SecretKey: endpoints.cos.secretKey,
		Protocol: "http:",
		Ip: new URL(endpoints.cos.endpoint).host,
	});
	const cosBuckets = [
		[l.cos.destination, "ap-beijing"],
		...l.cos.sources.map((b) => [b, "ap-guangzhou"]),
	];
	for (const [Bucket, Region] of cosBuckets) {
		try {
			await read(() => cos.headBucket({ Bucket, Region }));
		} catch (error) {
			if (error?.statusCode === 404) continue;
			throw error;
		}
		keys.push(`cos bucket ${Bucket}`);
		let rules = [];
		try {
			const { ReplicationConfiguration } = await read(() =>
				cos.getBucketReplication({ Bucket, Region }),
			);
			rules = [ReplicationConfiguration?.Rules ?? []].flat();
		} catch (error) {
			if (
				codeOf(error) !== "ReplicationConfigurationnotFoundError" &&
				error?.statusCode !== 404
			)
				throw error;
		}
		note(
			"cos",
			Bucket,
			rules.map((r) => ({
				id: r.ID,
				signature: JSON.stringify([
					r.Destination?.Bucket,
					r.Prefix ?? r.Filter,
				]),
			})),
		);
	}

	const oss = new OSS({
		accessKeyId: endpoints.oss.accessKeyId,
		accessKeySecret: endpoints.oss.accessKeySecret,
		endpoint: endpoints.oss.endpoint,
		region: "oss-cn-hangzhou",
	});
	for (const bucket of [...l.oss.destinations, ...l.oss.sources]) {
		try {
			await read(() => oss.getBucketInfo(bucket));
		} catch (error) {
			if (codeOf(error) === "NoSuchBucket") continue;
			throw error;
		}
		keys.push(`oss bucket ${bucket}`);
		let rules = [];
		try {
			const result = await read(() =>
				oss.request({
					method: "GET",
					bucket,
					subres: "replication",
					successStatuses: [200],
					xmlResponse: true,
				}),
			);
			rules = [result.data?.Rule ?? []].flat();
		} catch (error) {
			if (codeOf(error) !== "NoSuchReplicationConfiguration") throw error;
		}
		note(
			"oss",
			bucket,
			rules.map((r) => ({
				id: r.ID,
				signature: JSON.stringify([r.Destination?.Bucket, r.PrefixSet]),
			})),
		);
	}

	const bos = new BosClient({
		endpoint: endpoints.bos.endpoint,
		credentials: { ak: endpoints.bos.accessKey, sk: endpoints.bos.secretKey },
	});
	for (const bucket of [l.bos.destination, ...l.bos.sources]) {
		if (!(await read(() => bos.doesBucketExist(bucket)))) continue;
		keys.push(`bos bucket ${bucket}`);
		const { body } = await read(() =>
			bos.sendRequest("GET", {
				bucketName: bucket,
				params: { replication: "", list: "" },
			}),
		);
		note(
			"bos",
			bucket,
			(body?.rules ?? []).map((r) => ({
				id: r.id,
				signature: JSON.stringify([r.destination, r.resource]),
			})),
		);
	}
	return { keys: keys.sort(), duplicates };
}

const TYPES = {
	CosBucket: "cos bucket",
	OssBucket: "oss bucket",
	BosBucket: "bos bucket",
	CosBucketReplicationRule: "cos rule",
	OssBucketReplicationRule: "oss rule",
	BosBucketReplicationRule: "bos rule",
};

/** The stack's resources as keys like `cloudInventory`'s, and its pending operations. */
async function stateInventory(project) {
	const exported = await run(project, ["stack", "export"]);
	if (exported.code !== 0) throw new Error(`stack export: ${exported.stderr}`);
	const { deployment } = JSON.parse(exported.stdout);
	const keys = [];
	for (const r of deployment.resources ?? []) {
		const kind = TYPES[String(r.type).split(":").pop()];
		if (!kind) continue;
		const o = r.outputs ?? {};
		keys.push(
			kind.endsWith("bucket")
				? `${kind} ${o.bucket}`
				: `${kind} ${o.bucket}/${o.ruleId}`,
		);
	}
	return {
		keys: keys.sort(),
		pendingOperations: (deployment.pending_operations ?? []).length,
	};
}

/**
 * State against the cloud with the emulators' faults off (the fault options object is the one the
 * emulators read on every request). Orphans are in the cloud only, ghosts in state only; duplicates
 * are two cloud rules of one bucket that differ only by id, or a key twice in state.
 */
async function compare(project, emulators, faults, spec) {
	const saved = faults ? { ...faults } : undefined;
	if (faults) Object.assign(faults, { rate: 0, ambiguousRate: 0 });
	try {
		const state = await stateInventory(project);
		const cloud = await cloudInventory(emulators.endpoints(), spec);
		const inState = new Set(state.keys);
		const inCloud = new Set(cloud.keys);
		return {
			state: state.keys,
			cloud: cloud.keys,
			pendingOperations: state.pendingOperations,
			orphans: cloud.keys.filter((k) => !inState.has(k)),
			ghosts: state.keys.filter((k) => !inCloud.has(k)),
			duplicates: [
				...cloud.duplicates,
				...state.keys.filter((k, i) => state.keys[i - 1] === k),
			],
		};
	} finally {
		if (faults) Object.assign(faults, saved);
	}
}

module.exports = {
	RECOVERY_COMMANDS,
	layout,
	program,
	resourceCount,
	createProject,
	setProgram,
	removeProject,
	run,
	killTree,
	recover,
	writesDone,
	clearRequests,
	cloudInventory,
	stateInventory,
	compare,
};
