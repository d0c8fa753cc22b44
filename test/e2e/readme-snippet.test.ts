import { execFile, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
	existsSync,
	lstatSync,
	readdirSync,
	readFileSync,
	writeFileSync,
} from "node:fs";
import { request } from "node:http";
import { dirname, join, normalize } from "node:path";
import COS from "cos-nodejs-sdk-v5";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	providerEnv,
	type RunningEmulators,
	startEmulators,
} from "../../emulator";
import { installPacked, type PackedInstall } from "../support/packed";
import { root, TestProject } from "../support/pulumi";
import { expectQuietUp, requestCount } from "../support/requests";

/**
 * The README's program, as a new user runs it: the package packed with `npm pack` and installed from the
 * tarball into a directory of its own outside this checkout, the README's main code block copied
 * verbatim into `index.ts`, the README's `pulumi config set` lines, and the real Pulumi CLI against the
 * emulators: `preview --diff`, `up`, an `up` that sends nothing, previews with no cloud keys, `destroy`.
 */

const readme = readFileSync(join(root, "README.md"), "utf8");

/** The fenced blocks of a Markdown text, in order. */
function codeBlocks(markdown: string, lang: string): string[] {
	return [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)]
		.filter((m) => m[1] === lang)
		.map((m) => m[2]);
}

/** The README's main program: its first TypeScript block. */
const program = codeBlocks(readme, "ts")[0];

/** `pulumi config set <key> <value>` lines of the README's shell blocks. */
const configLines = codeBlocks(readme, "sh")
	.flatMap((block) => block.split("\n"))
	.map((line) => /^pulumi config set (\S+) (\S+)/.exec(line))
	.filter((m): m is RegExpExecArray => m !== null)
	.map((m) => [m[1], m[2]] as const);

/** Variables that give the provider keys or endpoints: none is set for a keyless run. */
const cloudVariables = /^(TENCENTCLOUD|ALICLOUD|BAIDUCLOUD)_/;

describe("the README's program, installed from the packed tarball, through the real Pulumi CLI", () => {
	let install: PackedInstall;
	let emulators: RunningEmulators;
	let project: TestProject;

	beforeAll(async () => {
		install = await installPacked();
		emulators = await startEmulators({
			replicationDelayMs: 10,
			ossStartingDelayMs: 50,
			ossClosingDelayMs: 100,
		});
		writeFileSync(
			join(install.dir, "Pulumi.yaml"),
			`name: readme-${randomBytes(4).toString("hex")}\nruntime: nodejs\n`,
		);
		writeFileSync(join(install.dir, "index.ts"), program);
		project = await TestProject.open(install.dir, {
			...providerEnv(emulators.endpoints()),
			BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "10",
		});
	});
	afterAll(async () => {
		await project?.remove();
		await emulators?.close();
		install?.remove();
	});

	it("the README has one program, and the config lines it needs", () => {
		expect(program).toContain('from "pulumi-bucket-replication"');
		expect(configLines.map(([key]) => key)).toEqual([
			"tencentcloud:appId",
			"tencentcloud:uin",
			"bucketPrefix",
		]);
		// The emulators' default account is the one the README's values are for.
		expect(configLines[0][1]).toBe(emulators.cos.appId);
	});

	it("the tarball holds every file the README, the TSDoc, the exports and the bins point to, and runs no install-time script", () => {
		const files = new Set(install.tarball.files);
		const missing: string[] = [];
		const need = (path: string, from: string) => {
			if (!files.has(normalize(path))) missing.push(`${path} (from ${from})`);
		};
		const { manifest } = install.tarball;
		for (const target of [
			manifest.main,
			manifest.types,
			...Object.values(manifest.exports ?? {}),
			...Object.values(manifest.bin ?? {}),
			...Object.values(manifest.typesVersions?.["*"] ?? {}).flat(),
		])
			if (target) need(target, "package.json");
		for (const bin of Object.values(manifest.bin ?? {}))
			expect(
				readFileSync(
					join(install.dir, "node_modules/pulumi-bucket-replication", bin),
					"utf8",
				).startsWith("#!/usr/bin/env node"),
				bin,
			).toBe(true);

		// Relative links of every shipped Markdown file (the README's first), from its own directory.
		for (const doc of install.tarball.files.filter((f) => f.endsWith(".md"))) {
			const text = readFileSync(join(root, doc), "utf8");
			for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
				if (/^[a-z]+:/.test(target) || target.startsWith("#")) continue;
				need(join(dirname(doc), target.split("#")[0]), doc);
			}
		}
		expect(files.has("README.md")).toBe(true);

		// Paths the public TSDoc names (`See docs/bos.md`), as shipped in the declarations.
		for (const dts of install.tarball.files.filter((f) =>
			/^dist\/sdk\/.*\.d\.ts$/.test(f),
		)) {
			const text = readFileSync(
				join(install.dir, "node_modules/pulumi-bucket-replication", dts),
				"utf8",
			);
			for (const [path] of text.matchAll(/\b[\w.-]+(?:\/[\w.-]+)+\.md\b/g))
				need(path, dts);
		}
		expect(missing).toEqual([]);

		// Nothing left in dist/ by a source file since removed: scripts/build.js swaps in a fresh dist/.
		expect(
			install.tarball.files.filter(
				(f) =>
					f.startsWith("dist/") &&
					!existsSync(
						join(root, f.slice(5).replace(/(\.d)?\.js$|\.d\.ts$/, ".ts")),
					),
			),
		).toEqual([]);

		const installTime = ["preinstall", "install", "postinstall", "prepare"];
		expect(
			Object.keys(manifest.scripts ?? {}).filter((s) =>
				installTime.includes(s),
			),
		).toEqual([]);
	});

	it("every subpath of `exports` has its types under moduleResolution node10 (Pulumi's default for a TypeScript program), node16, nodenext and bundler", async () => {
		const subpaths = Object.keys(install.tarball.manifest.exports ?? {})
			.filter((s) => s !== "./package.json")
			.map((s) => `pulumi-bucket-replication${s.slice(1)}`);
		expect(subpaths).toContain("pulumi-bucket-replication/emulator");
		// strict: a module found without types is an error too (TS7016), not `any`. A CommonJS and an ES module.
		const source = subpaths
			.map((s, i) => `import * as m${i} from "${s}";\nexport { m${i} };\n`)
			.join("");
		writeFileSync(join(install.dir, "subpaths.ts"), source);
		writeFileSync(join(install.dir, "subpaths.mts"), source);
		const failures: string[] = [];
		for (const [resolution, module] of [
			["node10", "commonjs"],
			["node16", "node16"],
			["nodenext", "nodenext"],
			["bundler", "esnext"],
		]) {
			const tsc = await runTsc(install.dir, [
				"--noEmit",
				"--strict",
				// Resolution errors are in the files above; checking @pulumi/pulumi's declarations would triple the time.
				"--skipLibCheck",
				"--moduleResolution",
				resolution,
				"--module",
				module,
				"--target",
				"es2022",
				// A user's project has @types/node (from `pulumi new typescript`); @pulumi/pulumi brings none.
				"--typeRoots",
				join(root, "node_modules/@types"),
				"--types",
				"node",
				"subpaths.ts",
				"subpaths.mts",
			]);
			if (tsc) failures.push(`${resolution}:\n${tsc}`);
		}
		expect(failures).toEqual([]);
	}, 600_000);

	it("installs as a copy, so the program loads one @pulumi/pulumi", () => {
		const modules = join(install.dir, "node_modules");
		expect(
			lstatSync(join(modules, "pulumi-bucket-replication")).isSymbolicLink(),
		).toBe(false);
		const copies: string[] = [];
		const walk = (dir: string) => {
			for (const entry of readdirSync(dir, { withFileTypes: true })) {
				if (!entry.isDirectory()) continue;
				const path = join(dir, entry.name);
				if (path.endsWith(join("@pulumi", "pulumi"))) copies.push(path);
				walk(path);
			}
		};
		walk(modules);
		expect(copies).toEqual([join(modules, "@pulumi", "pulumi")]);
	});

	it("preview --diff, up, an up that sends nothing, keyless previews, drift found and repaired, destroy", async () => {
		for (const [key, value] of configLines) await project.setConfig(key, value);

		const preview = await project.preview();
		expect(preview.stdout).toContain("+ 10 to create");

		// What the README's Credentials section says is kept where: a key set with `config set --secret`
		// is in the state, encrypted, as an input of the default `pulumi-nodejs` provider; keys from the
		// environment are nowhere in it.
		await project.setConfig(
			"tencentcloud:secretKey",
			emulators.cos.secretKey,
			true,
		);
		const created = await project.up();
		expect(created.stdout).toContain("+ 10 created");
		const provider = (await project.exportState()).deployment.resources?.find(
			(r) => r.type === "pulumi:providers:pulumi-nodejs",
		) as { inputs?: Record<string, { ciphertext?: string }> } | undefined;
		expect(provider?.inputs?.["tencentcloud:secretKey"]?.ciphertext).toMatch(
			/^v1:/,
		);
		const state = project.stateFileText();
		for (const secret of [
			emulators.cos.secretKey,
			emulators.oss.accessKeySecret,
			emulators.bos.secretKey,
		])
			expect(state).not.toContain(secret);
		await project.mustRun(["config", "rm", "tencentcloud:secretKey"]);

		const requests = () => requestCount(emulators);
		const before = requests();
		await expectQuietUp(project, requests);

		// As in a pull request's CI job: no key and no endpoint of any cloud, and still a preview.
		const withKeys = project.env;
		project.env = Object.fromEntries(
			Object.entries(withKeys).filter(([name]) => !cloudVariables.test(name)),
		);
		try {
			await project.mustRun(["preview", "--diff", "--expect-no-changes"]);
			writeFileSync(
				join(install.dir, "index.ts"),
				program.replace('prefix: "logs/"', 'prefix: "logs/v2/"'),
			);
			const changed = await project.preview();
			expect(changed.stdout).toContain('~ prefix: "logs/" => "logs/v2/"');
			expect(changed.stdout).toContain("~ 1 to update");
		} finally {
			project.env = withKeys;
			writeFileSync(join(install.dir, "index.ts"), program);
		}
		expect(requests()).toBe(before);

		// Drift, as the CI example's scheduled job finds it: the COS rules deleted outside Pulumi, then the
		// source bucket's versioning suspended (README "Why": on every resource, buckets too), make
		// `preview --refresh --expect-no-changes` fail (a preview without refresh sees nothing); `up --refresh`
		// puts both back.
		const prefix = configLines.find(([key]) => key === "bucketPrefix")?.[1];
		const logs = {
			Bucket: `${prefix}-logs-${emulators.cos.appId}`,
			Region: "ap-guangzhou",
		};
		const cosClient = new COS({
			SecretId: emulators.cos.secretId,
			SecretKey: emulators.cos.secretKey,
			Protocol: "http:",
			Ip: new URL(emulators.cos.endpoint).host,
		});
		await cosClient.deleteBucketReplication(logs);
		await cosClient.putBucketVersioning({
			...logs,
			VersioningConfiguration: { Status: "Suspended" },
		});
		const drift = await project.run([
			"preview",
			"--refresh",
			"--expect-no-changes",
		]);
		expect(drift.code, drift.stdout).not.toBe(0);
		await project.mustRun(["preview", "--expect-no-changes"]);
		const repaired = await project.mustRun([
			"up",
			"--yes",
			"--skip-preview",
			"--refresh",
		]);
		expect(repaired.stdout).toContain("+ 1 created");
		expect(repaired.stdout).toContain("~ 1 updated");
		expect(
			(await cosClient.getBucketVersioning(logs)).VersioningConfiguration
				.Status,
		).toBe("Enabled");
		await project.mustRun(["preview", "--refresh", "--expect-no-changes"]);

		const destroyed = await project.destroy();
		expect(destroyed.stdout).toContain("- 10 deleted");
	}, 600_000);

	it("the README's emulator lines, run again where an earlier run left emulator.env, export the new emulators, and `kill $!` stops them", async () => {
		const envFile = join(install.dir, "emulator.env");
		// A file an earlier run left behind, naming emulators that are gone.
		writeFileSync(
			envFile,
			"export TENCENTCLOUD_COS_ENDPOINT=http://127.0.0.1:9\n",
		);
		// The README's lines up to `. ./emulator.env`, as written; then what they exported, and `$!`.
		const block = codeBlocks(readme, "sh").find((b) =>
			b.includes("npx replication-emulator"),
		);
		const lines = (block ?? "").split("\n");
		const start = lines.slice(
			0,
			lines.findIndex((l) => l.startsWith(". ./emulator.env")) + 1,
		);
		const [endpoint, pid] = execFileSync(
			"bash",
			[
				"-e",
				"-c",
				[...start, 'echo "$TENCENTCLOUD_COS_ENDPOINT"', "echo $!"].join("\n"),
			],
			// stderr not piped, so the call returns while the emulators run on.
			{
				cwd: install.dir,
				encoding: "utf8",
				stdio: ["ignore", "pipe", "ignore"],
			},
		)
			.trim()
			.split("\n");
		const npx = Number(pid);
		try {
			expect(endpoint).not.toBe("http://127.0.0.1:9");
			expect(await answers(endpoint)).toBe(true);
			process.kill(npx, "SIGTERM");
			while (await answers(endpoint)) await sleep(200);
			expect(await answers(endpoint)).toBe(false);
		} finally {
			if (existsSync(`/proc/${npx}`)) process.kill(npx, "SIGKILL");
		}
	});
});

/** Runs this checkout's TypeScript compiler in `cwd`: its output when it fails, else "". */
function runTsc(cwd: string, args: string[]): Promise<string> {
	return new Promise((resolve) => {
		execFile(
			process.execPath,
			[join(root, "node_modules/typescript/bin/tsc"), ...args],
			{ cwd, encoding: "utf8" },
			(error, stdout, stderr) => resolve(error ? `${stdout}${stderr}` : ""),
		);
	});
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether an HTTP server answers at `endpoint` (any status). */
function answers(endpoint: string): Promise<boolean> {
	return new Promise((resolve) => {
		const req = request(endpoint, { method: "GET", agent: false }, (res) => {
			res.resume();
			resolve(true);
		});
		req.on("error", () => resolve(false));
		req.end();
	});
}
