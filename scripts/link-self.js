// Links node_modules/pulumi-bucket-replication to this checkout, so that the demo, the examples and the
// end-to-end tests resolve the package by name, exactly as a user's project does (the dynamic provider
// host `require`s "pulumi-bucket-replication/provider" from the project directory at call time).
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const link = path.join(root, "node_modules", "pulumi-bucket-replication");
try {
	if (fs.realpathSync(link) === root) process.exit(0);
	fs.rmSync(link, { recursive: true, force: true });
} catch {
	// not there yet
}
fs.mkdirSync(path.dirname(link), { recursive: true });
fs.symlinkSync(path.relative(path.dirname(link), root), link, "dir");
