// Links node_modules/pulumi-bucket-replication to this checkout, so that the demo, the examples and the
// end-to-end tests resolve the package by name, exactly as a user's project does (the dynamic provider
// host `require`s "pulumi-bucket-replication/provider" from the project directory at call time). Also
// links the package's commands into node_modules/.bin, so `npx replication-emulator` runs this checkout's
// bin instead of looking for the package on the registry.
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const modules = path.join(root, "node_modules");

/** Points `link` at `target` (relative), replacing whatever is there. */
function link(target, at) {
	fs.mkdirSync(path.dirname(at), { recursive: true });
	try {
		if (fs.realpathSync(at) === path.resolve(path.dirname(at), target)) return;
	} catch {
		// not there yet, or a dangling link
	}
	fs.rmSync(at, { recursive: true, force: true });
	fs.symlinkSync(
		path.relative(path.dirname(at), path.resolve(path.dirname(at), target)),
		at,
	);
}

link(root, path.join(modules, "pulumi-bucket-replication"));
const { bin } = require("../package.json");
for (const [name, file] of Object.entries(bin)) {
	// scripts/build.js made the files executable.
	link(
		path.join(modules, "pulumi-bucket-replication", file),
		path.join(modules, ".bin", name),
	);
}
