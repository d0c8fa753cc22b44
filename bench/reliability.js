#!/usr/bin/env node
// Reliability matrices (issue 10), through the real Pulumi CLI against the emulators, on a stack of
// 20 rules per cloud plus their 18 buckets (78 resources). `npm run test:reliability` builds and runs it.
//
// (i) Faults: 30% of requests fail (throttling, 5xx, connection reset before acting) and 15% of the rest
//     take effect and then lose their answer (connection reset after the write). Per seed: `up` from
//     empty, a no-op `up`, an `up` changing 10 rules (4 COS and 3 BOS updates, 3 OSS replacements), and
//     `destroy`. An operation that fails is run once more, plainly, as a user would.
// (ii) Kills: per kill point, `up` from empty killed after k writes, the OSS replacement killed between
//     its delete and its create, `destroy` killed after k writes; SIGKILL to the CLI and every plugin.
//     Each is followed by exactly the commands of docs/recovery.md, then the interrupted command again.
//
// After every operation: a no-op `up --expect-no-changes` (after ups), and state against the cloud,
// read with the official SDKs with faults off: orphans (cloud only), ghosts (state only), duplicates.
//
//   RELIABILITY_SEEDS=1,2,3,4,5,6   seeds of the fault matrix (one run each)
//   RELIABILITY_KILLS=10,30,50,70   kill points k of `up` (destroy is killed at k*3/4, the
//                                 replacement after the ((index mod 3) + 1)-th OSS rule delete)
//   RELIABILITY_RULES=20        rules per cloud
//   BUCKET_REPLICATION_MAX_RETRIES etc. pass through to the provider.
const { randomBytes } = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const { providerEnv, startEmulators } = require("../dist/emulator");
const offline = require("../scripts/pulumi-offline.js");
const kit = require("../test/support/recovery-kit.js");

const list = (value, fallback) =>
	(value ?? fallback).split(",").filter(Boolean).map(Number);
const SEEDS = list(process.env.RELIABILITY_SEEDS, "1,2,3,4,5,6");
// Below the writes of an `up` from empty (83 since COS batches share writes), so each is a kill.
const KILLS = list(process.env.RELIABILITY_KILLS, "10,30,50,70");
const RULES = Number(process.env.RELIABILITY_RULES ?? 20);
const UP = ["up", "--yes", "--skip-preview"];
const DESTROY = ["destroy", "--yes", "--skip-preview"];
const NO_CHANGES = [...UP, "--expect-no-changes"];

const rows = [];

function log(text) {
	process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);
}

/** The first error lines of a failed run, for the report. */
function errorOf(result) {
	const lines = `${result.stdout}\n${result.stderr}`
		.split("\n")
		.filter((l) => /error:|Error:/.test(l) && !/^\s*$/.test(l));
	return lines.slice(0, 2).join(" | ").trim().slice(0, 300);
}

/** Leaves a stack that could not be checked in place, and lists its state files, for a post-mortem. */
function keep(ctx) {
	if (!ctx.project) return;
	ctx.kept = true;
	const dir = path.join(
		offline.stateRoot,
		"state",
		".pulumi",
		"stacks",
		ctx.project.name,
	);
	const files = fs.existsSync(dir)
		? fs
				.readdirSync(dir)
				.map((f) => `${f} ${fs.statSync(path.join(dir, f)).size} B`)
		: [];
	log(`kept ${ctx.project.dir}; state files: ${files.join(", ")}`);
}

async function emulate(faults) {
	const emulators = await startEmulators({ faults, ossClosingDelayMs: 1500 });
	const spec = {
		tag: `b${randomBytes(3).toString("hex")}`,
		appId: emulators.cos.appId,
		rules: RULES,
	};
	const env = providerEnv(emulators.endpoints());
	return { emulators, spec, env };
}

/**
 * Checks the stack after an operation and records a row. `expectEmpty`: after destroy, the cloud and
 * state must both be empty.
 */
async function record(row, ctx, spec, { expectEmpty = false } = {}) {
	if (!expectEmpty && (row.converged || row.eventually)) {
		const noop = await kit.run(ctx.project, NO_CHANGES);
		row.noChanges = noop.code === 0;
		if (!row.noChanges) row.errors.push(`no-op up: ${errorOf(noop)}`);
	}
	let found;
	try {
		found = await kit.compare(ctx.project, ctx.emulators, ctx.faults, spec);
	} catch (error) {
		// A stack whose state cannot be read at all: recorded as not converged, with the reason.
		row.errors.push(String(error.message).split("\n")[0]);
		row.ok = false;
		rows.push(row);
		log(
			`${row.matrix} ${row.op} ${row.point}: NOT converged (${row.errors.join("; ")})`,
		);
		throw Object.assign(error, { recorded: true });
	}
	if (expectEmpty) {
		row.orphans = found.cloud.length;
		row.ghosts = found.state.length;
	} else {
		row.orphans = found.orphans.length;
		row.ghosts = found.ghosts.length;
		if (found.state.length !== kit.resourceCount(spec))
			row.errors.push(
				`state has ${found.state.length} of ${kit.resourceCount(spec)} resources`,
			);
	}
	row.duplicates = found.duplicates.length;
	row.pendingOperations = found.pendingOperations;
	if (found.orphans.length + found.ghosts.length > 0)
		row.errors.push(
			`orphans ${JSON.stringify(found.orphans.slice(0, 3))} ghosts ${JSON.stringify(found.ghosts.slice(0, 3))}`,
		);
	row.ok =
		row.converged &&
		(expectEmpty || row.noChanges) &&
		row.orphans + row.ghosts + row.duplicates + row.pendingOperations === 0 &&
		row.errors.length === 0;
	rows.push(row);
	const first =
		row.matrix === "kills"
			? `killed after ${row.writesAtKill} writes${row.tornAttrs ? ", empty .attrs removed" : ""}`
			: `first ${row.firstOk ? "ok" : "failed"}`;
	log(
		`${row.matrix} ${row.op} ${row.point}: ${first}, ${row.ok ? "converged" : "NOT converged"}${row.errors.length ? ` (${row.errors.join("; ")})` : ""}`,
	);
}

/** One fault-matrix operation: the command, once more if it failed, then the checks. */
async function faulted(ctx, op, args, spec, point) {
	const row = { matrix: "faults", op, point, errors: [] };
	const started = Date.now();
	const first = await kit.run(ctx.project, args);
	row.firstOk = first.code === 0;
	if (!row.firstOk) {
		row.firstError = errorOf(first);
		const again = await kit.run(ctx.project, args);
		row.converged = again.code === 0;
		if (!row.converged) {
			row.errors.push(`rerun: ${errorOf(again)}`);
			// Wedged, or only out of luck with the retry budget? Up to 3 more plain runs tell.
			for (row.laterRuns = 1; row.laterRuns <= 3; row.laterRuns++)
				if ((await kit.run(ctx.project, args)).code === 0) {
					row.eventually = true;
					break;
				}
		}
	} else row.converged = true;
	row.seconds = (Date.now() - started) / 1000;
	await record(row, ctx, spec, { expectEmpty: op === "destroy" });
}

async function faultRun(seed) {
	const faults = { rate: 0.3, ambiguousRate: 0.15, seed };
	const { emulators, spec, env } = await emulate(faults);
	const ctx = { emulators, faults };
	const point = `seed ${seed}`;
	try {
		ctx.project = await kit.createProject(
			"reliability-faults",
			kit.program(spec),
			env,
		);
		await faulted(ctx, "up from empty", UP, spec, point);
		await faulted(ctx, "no-op up", UP, spec, point);
		const changed = { ...spec, changed: 10 };
		kit.setProgram(ctx.project, kit.program(changed));
		await faulted(ctx, "up changing 10", UP, changed, point);
		await faulted(ctx, "destroy", DESTROY, changed, point);
	} catch (error) {
		keep(ctx);
		throw error;
	} finally {
		Object.assign(faults, { rate: 0, ambiguousRate: 0 });
		if (ctx.project && !ctx.kept) await kit.removeProject(ctx.project);
		await emulators.close();
	}
}

/** One kill-matrix operation: killed when `killWhen` says so, the documented recovery, the checks. */
async function killed(ctx, op, args, spec, point, killWhen, rerun) {
	const row = { matrix: "kills", op, point, errors: [], firstOk: false };
	kit.clearRequests(ctx.emulators);
	const result = await kit.run(ctx.project, args, { killWhen });
	if (!result.killed) {
		row.errors.push(
			`finished before the kill point (exit ${result.code}): not a kill`,
		);
		row.firstOk = result.code === 0;
	}
	if (result.survivors.length > 0)
		row.errors.push(`processes left running: ${result.survivors.join(" ")}`);
	row.writesAtKill = kit.writesDone(ctx.emulators);
	const steps = await kit.recover(ctx.project, rerun);
	row.tornAttrs = steps[0].stdout.trim() !== "";
	const failed = steps.find((s) => s.code !== 0);
	row.converged = !failed;
	if (failed)
		row.errors.push(`pulumi ${failed.args.join(" ")}: ${errorOf(failed)}`);
	await record(row, ctx, spec, { expectEmpty: op === "destroy" });
}

async function killRun(k, index) {
	const { emulators, spec, env } = await emulate(undefined);
	const ctx = { emulators };
	try {
		ctx.project = await kit.createProject(
			"reliability-kills",
			kit.program(spec),
			env,
		);
		const after = (n) => () => kit.writesDone(emulators) >= n;
		await killed(ctx, "up", UP, spec, `k=${k}`, after(k), ["up", "--yes"]);

		const changed = { ...spec, changed: 10 };
		kit.setProgram(ctx.project, kit.program(changed));
		const deletes = (index % 3) + 1;
		const ossDeleted = () =>
			emulators.requests.oss.filter(
				(r) => r.rawQuery.includes("comp=delete") && r.status < 300,
			).length >= deletes;
		await killed(
			ctx,
			"OSS replacement",
			UP,
			changed,
			`after OSS delete ${deletes}`,
			ossDeleted,
			["up", "--yes"],
		);

		const d = Math.round((k * 3) / 4);
		await killed(ctx, "destroy", DESTROY, changed, `k=${d}`, after(d), [
			"destroy",
			"--yes",
		]);
	} catch (error) {
		keep(ctx);
		throw error;
	} finally {
		if (ctx.project && !ctx.kept) await kit.removeProject(ctx.project);
		await emulators.close();
	}
}

function table() {
	const groups = new Map();
	for (const r of rows) {
		const key = `${r.matrix} | ${r.op}`;
		if (!groups.has(key)) groups.set(key, []);
		groups.get(key).push(r);
	}
	const sum = (rs, f) => rs.reduce((n, r) => n + (f(r) || 0), 0);
	const lines = [
		"| matrix | operation | runs | succeeded first time | converged after recovery | converged on a later plain run | orphans | duplicates | ghosts |",
		"| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
	];
	for (const [key, rs] of groups) {
		const first =
			rs[0].matrix === "kills"
				? `killed (${sum(rs, (r) => r.tornAttrs)} left an empty .attrs)`
				: sum(rs, (r) => r.firstOk);
		lines.push(
			`| ${key} | ${rs.length} | ${first} | ${sum(rs, (r) => r.ok)} | ${sum(rs, (r) => !r.ok && r.eventually && r.orphans + r.ghosts + r.duplicates === 0)} | ${sum(rs, (r) => r.orphans)} | ${sum(rs, (r) => r.duplicates)} | ${sum(rs, (r) => r.ghosts)} |`,
		);
	}
	return lines.join("\n");
}

async function main() {
	const started = Date.now();
	log(
		`${SEEDS.length} fault runs (seeds ${SEEDS.join(",")}), ${KILLS.length} kill runs (k ${KILLS.join(",")}), ${RULES} rules per cloud`,
	);
	const runs = [
		...SEEDS.map((seed) => () => faultRun(seed)),
		...KILLS.map((k, index) => () => killRun(k, index)),
	];
	for (const one of runs) {
		try {
			await one();
		} catch (error) {
			// The rest of that run is skipped; the other runs go on.
			if (!error.recorded)
				rows.push({ matrix: "error", op: "run", errors: [String(error)] });
			log(`run stopped: ${error.stack}`);
		}
	}
	console.log(`\n${table()}\n`);
	const failures = rows.filter((r) => r.firstError || r.errors.length);
	for (const r of failures)
		console.log(
			`${r.matrix} ${r.op} ${r.point}: ${r.firstError ? `first attempt: ${r.firstError}` : ""}${r.errors.length ? ` then: ${r.errors.join("; ")}` : ""}`,
		);
	console.log(`\n${((Date.now() - started) / 60000).toFixed(1)} minutes`);
	console.log(JSON.stringify(rows));
	process.exitCode = rows.every((r) => r.ok) ? 0 : 1;
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
