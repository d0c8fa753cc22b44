#!/usr/bin/env node
// Packs the provider plugin as the archive `pulumi plugin install resource bucket-replication <version>
// --file <archive>` installs: pulumi-resource-bucket-replication-v<version>-<os>-<arch>.tar.gz in the
// directory given as argument (default .pulumi/plugin-archives, kept out of the npm package),
// holding the executable `pulumi-resource-bucket-replication` (a shell script that runs Node.js), the
// built package (dist/, plugin/schema.json, package.json) and the node_modules it needs at run time:
// the cloud SDKs, and from @pulumi/pulumi only its generated gRPC stubs with @grpc/grpc-js and
// google-protobuf. It needs `node` (20 or newer) on PATH where it runs, nothing else. Run `npm run
// build` first. Prints the archive's path.
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const pkg = JSON.parse(
	fs.readFileSync(path.join(root, "package.json"), "utf8"),
);

/** The directory of package `name` as Node resolves it from `from`. */
function packageDir(name, from) {
	for (let dir = from; ; dir = path.dirname(dir)) {
		const candidate = path.join(dir, "node_modules", name);
		if (fs.existsSync(path.join(candidate, "package.json"))) return candidate;
		if (path.dirname(dir) === dir)
			throw new Error(`cannot find ${name} from ${from}: run npm ci`);
	}
}

/** `name` and everything it depends on, by directory (each once). */
function closure(name, from, seen = new Map()) {
	const dir = fs.realpathSync(packageDir(name, from));
	if ([...seen.values()].includes(dir)) return seen;
	seen.set(
		path.relative(path.join(root, "node_modules"), packageDir(name, from)),
		dir,
	);
	const manifest = JSON.parse(
		fs.readFileSync(path.join(dir, "package.json"), "utf8"),
	);
	for (const dep of Object.keys(manifest.dependencies ?? {}))
		closure(dep, dir, seen);
	return seen;
}

function pack(outDir = path.join(root, ".pulumi", "plugin-archives")) {
	const platform = `${process.platform === "win32" ? "windows" : process.platform}-${process.arch === "x64" ? "amd64" : process.arch}`;
	const name = `pulumi-resource-bucket-replication-v${pkg.version}-${platform}`;
	const stage = fs.mkdtempSync(path.join(os.tmpdir(), "pack-plugin-"));
	const copy = (from, to) =>
		fs.cpSync(from, path.join(stage, to), {
			recursive: true,
			dereference: true,
		});

	for (const part of [
		"dist/provider",
		"dist/plugin",
		"plugin/schema.json",
		"package.json",
		"LICENSE",
	]) {
		if (fs.existsSync(path.join(root, part))) copy(path.join(root, part), part);
	}
	const modules = new Map();
	for (const dep of [
		...Object.keys(pkg.dependencies ?? {}),
		"@grpc/grpc-js",
		"google-protobuf",
	])
		closure(dep, path.join(root, "node_modules", "@pulumi", "pulumi"), modules);
	for (const [relative, dir] of modules)
		copy(dir, path.join("node_modules", relative));
	// From the Node SDK only what the plugin loads: package.json and the generated gRPC stubs.
	copy(
		path.join(root, "node_modules/@pulumi/pulumi/package.json"),
		"node_modules/@pulumi/pulumi/package.json",
	);
	copy(
		path.join(root, "node_modules/@pulumi/pulumi/proto"),
		"node_modules/@pulumi/pulumi/proto",
	);

	const executable = path.join(stage, "pulumi-resource-bucket-replication");
	fs.writeFileSync(
		executable,
		'#!/bin/sh\n# The bucket-replication provider plugin: Node.js serves it (node 20 or newer on PATH).\nexec node "$(dirname "$0")/dist/plugin/main.js" "$@"\n',
	);
	fs.chmodSync(executable, 0o755);

	fs.mkdirSync(outDir, { recursive: true });
	const archive = path.join(path.resolve(outDir), `${name}.tar.gz`);
	execFileSync("tar", ["-czf", archive, "-C", stage, "."]);
	fs.rmSync(stage, { recursive: true, force: true });
	return archive;
}

module.exports = { pack };

if (require.main === module) console.log(pack(process.argv[2]));
