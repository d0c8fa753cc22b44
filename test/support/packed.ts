import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { root } from "./pulumi";

const run = promisify(execFile);

/** What `npm pack` made of this checkout. */
export interface Tarball {
	/** The `.tgz` file. */
	file: string;
	/** Paths inside the package, as `npm pack --json` lists them (`dist/sdk/index.js`, `README.md`, ...). */
	files: string[];
	/** The package.json inside the tarball. */
	manifest: {
		bin?: Record<string, string>;
		main?: string;
		types?: string;
		exports?: Record<string, string>;
		typesVersions?: Record<string, Record<string, string[]>>;
		scripts?: Record<string, string>;
	};
}

/** A directory outside this checkout where the packed package is installed, as a user's repository has it. */
export interface PackedInstall {
	dir: string;
	tarball: Tarball;
	/** Deletes the directory and the tarball. */
	remove(): void;
}

/**
 * Packs this checkout (its built `dist/`: `npm test` builds first, so `prepack` is skipped) and
 * installs the tarball, with the `@pulumi/pulumi` of the lockfile (or `pulumiVersion`), into a fresh
 * temporary directory: a real copy, not a link, so the programs there load one `@pulumi/pulumi`.
 * `--prefer-offline` reuses the npm cache that `npm ci` filled, so this takes seconds and needs the
 * registry only on a cold cache (always for another `pulumiVersion` the first time).
 */
export async function installPacked(
	pulumiVersion?: string,
	/** More `npm install` flags (`--legacy-peer-deps` for a version below the peerDependency's floor). */
	installFlags: string[] = [],
): Promise<PackedInstall> {
	const dir = mkdtempSync(join(tmpdir(), "bucket-replication-user-"));
	const { stdout } = await run(
		"npm",
		["pack", "--ignore-scripts", "--json", "--pack-destination", dir],
		{ cwd: root, maxBuffer: 16 * 1024 * 1024 },
	);
	const [packed] = JSON.parse(stdout) as Array<{
		filename: string;
		files: Array<{ path: string }>;
	}>;
	const file = join(dir, packed.filename);
	const lock = JSON.parse(
		readFileSync(join(root, "package-lock.json"), "utf8"),
	);
	const pulumi: string =
		pulumiVersion ?? lock.packages["node_modules/@pulumi/pulumi"].version;
	writeFileSync(
		join(dir, "package.json"),
		JSON.stringify({
			name: "user-infra",
			private: true,
			main: "index.ts",
			dependencies: {
				"@pulumi/pulumi": pulumi,
				"pulumi-bucket-replication": `file:./${packed.filename}`,
			},
		}),
	);
	await run(
		"npm",
		["install", "--prefer-offline", "--no-audit", "--no-fund", ...installFlags],
		{ cwd: dir, maxBuffer: 16 * 1024 * 1024 },
	);
	const manifest = JSON.parse(
		readFileSync(
			join(dir, "node_modules/pulumi-bucket-replication/package.json"),
			"utf8",
		),
	);
	return {
		dir,
		tarball: { file, files: packed.files.map((f) => f.path), manifest },
		remove: () => rmSync(dir, { recursive: true, force: true }),
	};
}
