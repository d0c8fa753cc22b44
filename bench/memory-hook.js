// Loaded with `node --require` (through NODE_OPTIONS) by bench/provider-memory.js. It does nothing except
// in the dynamic provider host (`pulumi-resource-pulumi-nodejs`, which runs
// @pulumi/pulumi/cmd/dynamic-provider): there it samples `process.memoryUsage()` every 20 ms and writes
// the peaks to $MEMHOOK_DIR/<pid>.json. The engine kills the host at the end of a command, so the file
// is rewritten whenever a peak moves (at most every 200 ms) rather than at exit.
// MEMHOOK_GC_EVERY_MS=<ms> (with --expose-gc in NODE_OPTIONS): the live heap over time.
// MEMHOOK_SNAPSHOT_AFTER_MS=<ms>: one heap snapshot that long after the host started.
// MEMHOOK_SURVIVORS=1: where the allocations that outlive young-generation GCs come from; =all: where
// all allocations come from.
// MEMHOOK_CPU_PROFILE=1: CPU profiles of the host, one file per 2 s slice.
// MEMHOOK_MODULES=1: also the paths of the loaded modules, to <pid>.modules.
// MEMHOOK_SNAPSHOT_MIB=<n>: also write one heap snapshot the first time heapUsed exceeds n MiB.
// MEMHOOK_TIMELINE_MS=<ms>: also RSS and the old space's size and use at that interval.
const fs = require("node:fs");
const path = require("node:path");
const v8 = require("node:v8");

if (
	process.env.MEMHOOK_DIR &&
	process.argv.some((a) => a.includes("dynamic-provider"))
) {
	const dir = process.env.MEMHOOK_DIR;
	const snapshotAt = Number(process.env.MEMHOOK_SNAPSHOT_MIB ?? 0) * 1048576;
	const file = path.join(dir, `${process.pid}.json`);
	const mib = (n) => Math.round((n / 1048576) * 10) / 10;
	const peak = { rss: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
	let atRss = {};
	let atThreads = 0;
	let dirty = false;
	let snapshotTaken = false;
	let modulesWritten = 0;
	const t0 = Date.now();
	const sample = () => {
		const u = process.memoryUsage();
		if (u.rss > peak.rss) {
			atRss = { ...u, ms: Date.now() - t0 };
			for (const space of v8.getHeapSpaceStatistics())
				atRss[space.space_name] = space.space_size;
			// What RSS is made of (anonymous memory, mapped files such as the node binary) and the threads
			// (each libuv pool thread may get its own malloc arena).
			const status = fs.readFileSync("/proc/self/status", "utf8");
			for (const key of ["RssAnon", "RssFile"])
				atRss[key] =
					Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
			atThreads = Number(/Threads:\s+(\d+)/.exec(status)?.[1] ?? 0);
			dirty = true;
		}
		for (const k of Object.keys(peak))
			if (u[k] > peak[k]) {
				peak[k] = u[k];
				dirty = true;
			}
		if (snapshotAt && !snapshotTaken && u.heapUsed > snapshotAt) {
			snapshotTaken = true;
			v8.writeHeapSnapshot(path.join(dir, `${process.pid}.heapsnapshot`));
		}
	};
	// The host's CPU time (user + system) so far: the file is rewritten as it moves, so the last write
	// holds the CPU of the whole command to within the 200 ms write interval.
	let cpuMs = 0;
	const write = () => {
		const cpu = process.cpuUsage();
		const ms = Math.round((cpu.user + cpu.system) / 1000);
		if (ms - cpuMs >= 10) {
			cpuMs = ms;
			dirty = true;
		}
		if (!dirty) return;
		dirty = false;
		const status = fs.readFileSync("/proc/self/status", "utf8");
		const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
		const out = {
			vmHwmMiB: Math.round(hwm * 10) / 10,
			peakMiB: Object.fromEntries(
				Object.entries(peak).map(([k, v]) => [k, mib(v)]),
			),
			atPeakRssMiB: Object.fromEntries(
				Object.entries(atRss).map(([k, v]) => [k, k === "ms" ? v : mib(v)]),
			),
			modules: Object.keys(require.cache).length,
			threadsAtPeak: atThreads,
			cpuMs,
			live,
			majors,
			minors,
			timeline,
		};
		fs.writeFileSync(file, JSON.stringify(out));
		if (process.env.MEMHOOK_MODULES && out.modules !== modulesWritten) {
			modulesWritten = out.modules;
			fs.writeFileSync(
				path.join(dir, `${process.pid}.modules`),
				Object.keys(require.cache).join("\n"),
			);
		}
	};
	// MEMHOOK_GC_EVERY_MS (with --expose-gc): heap used after a full GC, over time ([ms, MiB] pairs).
	const live = [];
	const every = Number(process.env.MEMHOOK_GC_EVERY_MS ?? 0);
	if (every && global.gc)
		setInterval(() => {
			global.gc();
			live.push([Date.now() - t0, mib(process.memoryUsage().heapUsed)]);
			dirty = true;
		}, every).unref();
	// After each mark-compact: [ms, heap used (about the live heap), old space size (MiB), its pause
	// (ms)]. And the young-generation GCs (scavenges): how often objects get the chance to be promoted,
	// and their pauses in all (ms).
	const majors = [];
	const minors = { count: 0, lastMs: 0, totalMs: 0 };
	const { PerformanceObserver, constants } = require("node:perf_hooks");
	new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) {
			if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) {
				minors.count++;
				minors.lastMs = Date.now() - t0;
				minors.totalMs += entry.duration;
			}
			if (entry.detail?.kind !== constants.NODE_PERFORMANCE_GC_MAJOR) continue;
			const old = v8
				.getHeapSpaceStatistics()
				.find((s) => s.space_name === "old_space");
			majors.push([
				Date.now() - t0,
				mib(process.memoryUsage().heapUsed),
				mib(old?.space_size ?? 0),
				Math.round(entry.duration * 10) / 10,
			]);
			dirty = true;
		}
	}).observe({ entryTypes: ["gc"] });
	// MEMHOOK_SURVIVORS=1: sampled allocations that survived young-generation GCs (promoted, or live),
	// by allocation stack, rewritten every 2 s to <pid>.heapprofile (Chrome DevTools format).
	if (process.env.MEMHOOK_SURVIVORS) {
		const session = new (require("node:inspector").Session)();
		session.connect();
		session.post("HeapProfiler.startSampling", {
			samplingInterval: 4096,
			includeObjectsCollectedByMajorGC: true,
			// MEMHOOK_SURVIVORS=all: every sampled allocation, the young-generation garbage included.
			includeObjectsCollectedByMinorGC: process.env.MEMHOOK_SURVIVORS === "all",
		});
		setInterval(() => {
			session.post("HeapProfiler.getSamplingProfile", (error, result) => {
				if (!error)
					fs.writeFileSync(
						path.join(dir, `${process.pid}.heapprofile`),
						JSON.stringify(result.profile),
					);
			});
		}, 2000).unref();
	}
	// MEMHOOK_CPU_PROFILE=1: CPU profiles of the host from its start, one per 2 s slice, to
	// <pid>-<slice>.cpuprofile (the engine kills the host at the end: the last slice is lost).
	if (process.env.MEMHOOK_CPU_PROFILE) {
		const session = new (require("node:inspector").Session)();
		session.connect();
		session.post("Profiler.enable");
		session.post("Profiler.setSamplingInterval", { interval: 1000 });
		session.post("Profiler.start");
		let slice = 0;
		const save = () =>
			session.post("Profiler.stop", (error, result) => {
				if (!error)
					fs.writeFileSync(
						path.join(dir, `${process.pid}-${slice++}.cpuprofile`),
						JSON.stringify(result.profile),
					);
				session.post("Profiler.start");
			});
		setInterval(save, 2000).unref();
	}
	const snapshotAfter = Number(process.env.MEMHOOK_SNAPSHOT_AFTER_MS ?? 0);
	if (snapshotAfter)
		setTimeout(() => {
			v8.writeHeapSnapshot(
				path.join(dir, `${process.pid}-${snapshotAfter}ms.heapsnapshot`),
			);
		}, snapshotAfter).unref();
	// MEMHOOK_TIMELINE_MS=<ms>: [ms, RSS, old space size, old space used] (MiB) at that interval.
	const timeline = [];
	const timelineEvery = Number(process.env.MEMHOOK_TIMELINE_MS ?? 0);
	if (timelineEvery)
		setInterval(() => {
			const old = v8
				.getHeapSpaceStatistics()
				.find((s) => s.space_name === "old_space");
			timeline.push([
				Date.now() - t0,
				mib(process.memoryUsage.rss()),
				mib(old?.space_size ?? 0),
				mib(old?.space_used_size ?? 0),
			]);
			dirty = true;
		}, timelineEvery).unref();
	setInterval(sample, 20).unref();
	setInterval(write, 200).unref();
	process.on("exit", () => {
		sample();
		dirty = true;
		write();
	});
}
