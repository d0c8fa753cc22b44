// `npm run build`: compiles into a fresh directory and swaps it in as dist/, so dist/ holds exactly what
// the current sources compile to. tsc alone only adds and overwrites: the output of a removed or renamed
// source file would stay in dist/ and ship in `npm pack` and in the plugin archive (scripts/pack-plugin.js).
//
// Why not `rm -rf dist && tsc`: several people and test runs share one checkout, and tests load dist/
// (through node_modules/pulumi-bucket-replication) while someone rebuilds. Deleting first leaves no dist/
// for the whole compile (tens of seconds); here dist/ is missing only between two renames. Two builds at
// once each compile into their own directory; the last to finish wins.
//
// As with plain tsc, type errors still emit: the output is swapped in and the build fails (exit 2), so a
// colleague's half-edited file does not keep your change out of dist/. When tsc emits nothing, dist/ is
// left as it was.
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const dist = path.join(root, "dist");
const prefix = ".dist-";

/** Whether process `pid` still runs (its build directory is then not a leftover). */
function alive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === "EPERM";
	}
}

// Directories a killed build left behind (`.dist-<pid>-...`, gitignored).
for (const name of fs.readdirSync(root)) {
	const pid = Number(name.slice(prefix.length).split("-")[0]);
	if (name.startsWith(prefix) && !alive(pid))
		fs.rmSync(path.join(root, name), { recursive: true, force: true });
}

const fresh = path.join(root, `${prefix}${process.pid}-build`);
const tsc = spawnSync(
	process.execPath,
	[
		require.resolve("typescript/bin/tsc"),
		"-p",
		path.join(root, "tsconfig.build.json"),
		"--outDir",
		fresh,
	],
	{ cwd: root, stdio: "inherit" },
);
// 0: built; 2: type errors, files emitted anyway (tsc's DiagnosticsPresent_OutputsGenerated).
if (tsc.status !== 0 && tsc.status !== 2) {
	fs.rmSync(fresh, { recursive: true, force: true });
	process.exit(tsc.status ?? 1);
}

// The commands are executable before they appear in dist/ (npm sets the mode only on install).
const { bin } = require("../package.json");
for (const file of Object.values(bin)) {
	const target = path.join(fresh, path.relative("dist", file));
	if (fs.existsSync(target)) fs.chmodSync(target, 0o755);
}

for (let attempt = 0; ; attempt++) {
	const old = path.join(root, `${prefix}${process.pid}-old-${attempt}`);
	try {
		fs.renameSync(dist, old);
	} catch (error) {
		if (error.code !== "ENOENT") throw error;
	}
	try {
		fs.renameSync(fresh, dist);
		fs.rmSync(old, { recursive: true, force: true });
		break;
	} catch (error) {
		// Another build swapped its dist/ in between our two renames: move that one aside too.
		fs.rmSync(old, { recursive: true, force: true });
		if (!["ENOTEMPTY", "EEXIST"].includes(error.code) || attempt >= 10)
			throw error;
	}
}
process.exitCode = tsc.status;
