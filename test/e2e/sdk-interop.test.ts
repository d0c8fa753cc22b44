import { execFile, execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulators, startEmulators } from "../../emulator";
import { root } from "../support/pulumi";

/**
 * The emulators driven by the vendors' official Python and Go SDKs (test/interop), over HTTP with their
 * real signatures: the versions emulator/README.md lists under "Other languages' SDKs". The SDKs are
 * installed once (pip, the Go module proxy) and cached next to the CLI build; without Python, Go or
 * the network, the checks skip and say why.
 */

const cache =
	process.env.PULUMI_BUILD_CACHE ??
	join(homedir(), ".cache", "pulumi-bucket-replication");
const interop = join(root, "test", "interop");

// Pinned: the versions emulator/README.md's table records.
const pythonPackages = [
	"cos-python-sdk-v5==1.9.44",
	"oss2==2.19.1",
	"bce-python-sdk==0.9.79",
];

const hash = (parts: string[]) =>
	createHash("sha256").update(parts.join("\n")).digest("hex").slice(0, 12);

/** A virtualenv with the three Python SDKs, or why there is none. */
function pythonSdks(): { python: string } | { skip: string } {
	const venv = join(cache, `interop-python-${hash(pythonPackages)}`);
	const python = join(venv, "bin", "python");
	const ready = () =>
		spawnSync(python, ["-c", "import qcloud_cos, oss2, baidubce"], {
			stdio: "ignore",
		}).status === 0;
	if (existsSync(python) && ready()) return { python };
	try {
		execFileSync("python3", ["-m", "venv", venv], { stdio: "pipe" });
		execFileSync(
			python,
			["-m", "pip", "install", "--quiet", ...pythonPackages],
			{ stdio: "pipe", timeout: 300_000 },
		);
	} catch (error) {
		rmSync(venv, { recursive: true, force: true });
		return {
			skip: `could not install ${pythonPackages.join(" ")} with pip (${String(error).split("\n")[0]})`,
		};
	}
	return ready() ? { python } : { skip: "the Python SDKs do not import" };
}

/** test/interop/go built with the pinned SDKs of its go.sum, or why it is not. */
function goSdks(): { binary: string } | { skip: string } {
	const dir = join(interop, "go");
	const sources = ["go.mod", "go.sum", "main.go"].map((f) =>
		readFileSync(join(dir, f), "utf8"),
	);
	const binary = join(cache, `interop-go-${hash(sources)}`, "sdk-check");
	if (existsSync(binary)) return { binary };
	if (spawnSync("go", ["version"], { stdio: "ignore" }).status !== 0)
		return { skip: "Go is not on PATH" };
	const built = spawnSync("go", ["build", "-trimpath", "-o", binary, "."], {
		cwd: dir,
		encoding: "utf8",
		timeout: 600_000,
		env: {
			...process.env,
			GOWORK: "off",
			GOFLAGS: "-mod=readonly -modcacherw",
			GOTOOLCHAIN: "local",
			CGO_ENABLED: "0",
		},
	});
	if (built.status !== 0)
		return {
			skip: `go build of test/interop/go failed (is the Go module proxy reachable?): ${built.stderr.split("\n").slice(-3).join(" ")}`,
		};
	return { binary };
}

/**
 * Each call's outcome, `name -> "ok"` or `name -> "FAIL: why"`, as the checker printed them. Run
 * asynchronously: the emulators answer from this process's event loop.
 */
async function outcomes(
	command: string,
	args: string[],
): Promise<Map<string, string>> {
	const { stdout, stderr } = await new Promise<{
		stdout: string;
		stderr: string;
	}>((resolve) =>
		execFile(command, args, { timeout: 120_000 }, (_, stdout, stderr) =>
			resolve({ stdout, stderr }),
		),
	);
	const lines = stdout.split("\n").filter(Boolean);
	expect(lines.length, `${stdout}\n${stderr}`).toBeGreaterThan(5);
	const result = new Map<string, string>();
	for (const line of lines) {
		const [name, outcome, why] = line.split("\t");
		const key = result.has(name) ? `${name} (again)` : name;
		result.set(key, outcome === "ok" ? "ok" : `FAIL: ${why}`);
	}
	return result;
}

const failures = (result: Map<string, string>) =>
	[...result].filter(([, outcome]) => outcome !== "ok");

let emulators: RunningEmulators;
let endpoints: string;
let work: string;
beforeAll(async () => {
	emulators = await startEmulators({ replicationDelayMs: 20 });
	work = mkdtempSync(join(tmpdir(), "sdk-interop-"));
	endpoints = join(work, "emulators.json");
	writeFileSync(endpoints, JSON.stringify(emulators.endpoints()));
});
afterAll(async () => {
	await emulators?.close();
	if (work) rmSync(work, { recursive: true, force: true });
});

// Installs from PyPI and builds Go modules (minutes on a new machine): `npm run test:long` runs it.
const skipLong = !process.env.LONG_TESTS;

describe.skipIf(skipLong)(
	"the vendors' Python SDKs against the emulators",
	() => {
		let sdks: ReturnType<typeof pythonSdks>;
		beforeAll(() => {
			mkdirSync(cache, { recursive: true });
			sdks = pythonSdks();
		});

		it.for(["cos", "oss-v1", "oss-v4", "bos"])(
			"%s: every replication call succeeds",
			async (check, ctx) => {
				if ("skip" in sdks) return ctx.skip(sdks.skip);
				const result = await outcomes(sdks.python, [
					join(interop, "sdk_check.py"),
					endpoints,
					check,
				]);
				expect(failures(result)).toEqual([]);
			},
		);
	},
);

describe.skipIf(skipLong)("the vendors' Go SDKs against the emulators", () => {
	let sdks: ReturnType<typeof goSdks>;
	beforeAll(() => {
		sdks = goSdks();
	});

	it.for(["cos", "oss-v1", "oss-v4", "ossv2-v1", "ossv2-v4"])(
		"%s: every replication call succeeds",
		async (check, ctx) => {
			if ("skip" in sdks) return ctx.skip(sdks.skip);
			expect(failures(await outcomes(sdks.binary, [endpoints, check]))).toEqual(
				[],
			);
		},
	);

	// The one known difference (emulator/README.md): BOS documents latestReplicationTime as an
	// Integer and the emulator sends one; bce-sdk-go declares it a string and cannot decode it.
	it("bos: every replication call succeeds but bce-sdk-go's GetBucketReplicationProgress", async (ctx) => {
		if ("skip" in sdks) return ctx.skip(sdks.skip);
		const result = await outcomes(sdks.binary, [endpoints, "bos"]);
		expect(failures(result)).toEqual([
			[
				"GetBucketReplicationProgress",
				expect.stringContaining(
					"cannot unmarshal number into Go struct field GetBucketReplicationProgressResult.latestReplicationTime of type string",
				),
			],
		]);
	});
});
