import { spawn } from "node:child_process";
import {
	existsSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	statSync,
	writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { defaultAccount, randomAccount } from "../../emulator/core/accounts";
import { lockDataDir } from "../../emulator/core/lock";
import { bin, cosClient, exited, start } from "./bin-helpers";

/**
 * The emulators' identity and lifetime, through the built bin (`npm test` builds first): the fixed
 * default keys, the same keys and COS APPID across restarts with `--data-dir`, the documented
 * `--accounts` format, and an emulator that stops when the process that started it ends.
 */

/** Running: it exists and is not a zombie waiting for its new parent to reap it (Linux `/proc`). */
function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
	} catch {
		return false;
	}
	try {
		return readFileSync(`/proc/${pid}/stat`, "utf8").split(" ")[2] !== "Z";
	} catch {
		return false;
	}
}

const region = "ap-guangzhou";

describe("replication-emulator identity and lifetime", () => {
	const cleanup: Array<() => void> = [];
	afterEach(() => {
		for (const f of cleanup.splice(0)) f();
	});

	function tempDir(): string {
		const dir = mkdtempSync(join(tmpdir(), "emulator-identity-"));
		cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
		return dir;
	}

	it("starts with the fixed, documented default account", async () => {
		const { child, endpoints } = await start([]);
		cleanup.push(() => child.kill("SIGKILL"));
		const account = defaultAccount();
		expect(endpoints.cos).toMatchObject(account.cos);
		expect(endpoints.oss).toMatchObject(account.oss);
		expect(endpoints.bos).toMatchObject(account.bos);
		expect(endpoints.cos.appId).toBe("1250000000");
		child.kill("SIGTERM");
		expect(await exited(child)).toBe(0);
	});

	it("keeps the accounts of --accounts in --data-dir: a restart without --accounts has the same keys, APPID and buckets", async () => {
		const dir = tempDir();
		const accountsFile = join(dir, "my-accounts.json");
		writeFileSync(
			accountsFile,
			JSON.stringify({
				accounts: [randomAccount("ci"), randomAccount("other")],
			}),
		);
		const dataDir = join(dir, "state");
		const first = await start([
			"--data-dir",
			dataDir,
			"--accounts",
			accountsFile,
		]);
		cleanup.push(() => first.child.kill("SIGKILL"));
		const Bucket = `kept-${first.endpoints.cos.appId}`;
		await cosClient(first.endpoints).putBucket({ Bucket, Region: region });
		first.child.kill("SIGTERM");
		await exited(first.child);

		const second = await start(["--data-dir", dataDir]);
		cleanup.push(() => second.child.kill("SIGKILL"));
		expect({ ...second.endpoints.cos, endpoint: "" }).toEqual({
			...first.endpoints.cos,
			endpoint: "",
		});
		expect(second.endpoints.oss.accessKeyId).toBe(
			first.endpoints.oss.accessKeyId,
		);
		expect(second.endpoints.bos.accessKey).toBe(first.endpoints.bos.accessKey);
		await cosClient(second.endpoints).headBucket({ Bucket, Region: region });
		const saved = JSON.parse(
			readFileSync(join(dataDir, "accounts.json"), "utf8"),
		);
		// The keys are readable by their owner only.
		expect(statSync(join(dataDir, "accounts.json")).mode & 0o777).toBe(0o600);
		expect(saved.accounts.map((a: { name: string }) => a.name)).toEqual([
			"ci",
			"other",
		]);
		second.child.kill("SIGTERM");
		await exited(second.child);

		// emulator/README.md: "A start with `--accounts` replaces the saved accounts."
		const replacement = join(dir, "new-accounts.json");
		writeFileSync(
			replacement,
			JSON.stringify({ accounts: [randomAccount("new")] }),
		);
		const third = await start([
			"--data-dir",
			dataDir,
			"--accounts",
			replacement,
		]);
		third.child.kill("SIGTERM");
		await exited(third.child);
		const fourth = await start(["--data-dir", dataDir]);
		cleanup.push(() => fourth.child.kill("SIGKILL"));
		expect(fourth.endpoints.cos.secretId).toBe(third.endpoints.cos.secretId);
		expect(fourth.endpoints.cos.secretId).not.toBe(
			first.endpoints.cos.secretId,
		);
		expect(
			JSON.parse(
				readFileSync(join(dataDir, "accounts.json"), "utf8"),
			).accounts.map((a: { name: string }) => a.name),
		).toEqual(["new"]);
	});

	type Accounts = ReturnType<typeof randomAccount>[];
	it.each<[string, (accounts: Accounts) => void, string]>([
		[
			"a missing field",
			(a) => {
				delete (a[0] as Partial<Accounts[number]>).bos;
			},
			"accounts[0].bos.accessKey must be a non-empty string",
		],
		[
			"a COS APPID that is not digits (no bucket name could end with it)",
			(a) => {
				a[1].cos.appId = "12a";
			},
			"accounts[1].cos.appId must be digits",
		],
		[
			"two accounts with one COS APPID",
			(a) => {
				a[1].cos.appId = a[0].cos.appId;
			},
			"accounts[1].cos.appId is the same as accounts[0]'s",
		],
		[
			"an empty COS security token",
			(a) => {
				a[0].cos.securityToken = "";
			},
			"accounts[0].cos.securityToken, when given, must be a non-empty string",
		],
		[
			"an OSS expiration that is not a time",
			(a) => {
				a[1].oss.securityToken = "token";
				a[1].oss.expiration = "tomorrow";
			},
			"accounts[1].oss.expiration, when given, must be an ISO 8601 time, beside a securityToken",
		],
		[
			"a BOS expiration without a security token",
			(a) => {
				a[0].bos.expiration = "2030-01-01T00:00:00Z";
			},
			"accounts[0].bos.expiration, when given, must be an ISO 8601 time, beside a securityToken",
		],
		[
			"two accounts with one OSS key id",
			(a) => {
				a[1].oss.accessKeyId = a[0].oss.accessKeyId;
			},
			"accounts[1].oss.accessKeyId is the same as accounts[0]'s",
		],
	])(
		"refuses an --accounts file with %s, naming the field",
		async (_name, spoil, message) => {
			const dir = tempDir();
			const accountsFile = join(dir, "accounts.json");
			const accounts = [randomAccount("ci"), randomAccount("other")];
			accounts[1].cos.appId = String(Number(accounts[0].cos.appId) + 1);
			spoil(accounts);
			writeFileSync(accountsFile, JSON.stringify({ accounts }));
			const child = spawn(process.execPath, [bin, "--accounts", accountsFile], {
				stdio: ["ignore", "pipe", "pipe"],
			});
			let stderr = "";
			child.stderr?.on("data", (d) => {
				stderr += d;
			});
			expect(await exited(child)).toBe(1);
			expect(stderr).toContain(message);
		},
	);

	it("refuses a second emulator on a --data-dir in use, and takes over the lock a kill -9 left", async () => {
		const dataDir = join(tempDir(), "state");
		const first = await start(["--data-dir", dataDir]);
		cleanup.push(() => first.child.kill("SIGKILL"));
		await cosClient(first.endpoints).putBucket({
			Bucket: "kept-1250000000",
			Region: "ap-guangzhou",
		});

		const second = spawn(process.execPath, [bin, "--data-dir", dataDir], {
			stdio: ["ignore", "pipe", "pipe"],
		});
		cleanup.push(() => second.kill("SIGKILL"));
		let stderr = "";
		second.stderr?.on("data", (d) => {
			stderr += d;
		});
		expect(await exited(second)).toBe(1);
		expect(stderr).toContain(
			`data directory ${dataDir} is in use by another emulator (pid ${first.child.pid})`,
		);
		// emulator/README.md: should that pid be another program by then, the message says to delete the lock.
		expect(stderr).toContain(`delete ${dataDir}/lock`);

		first.child.kill("SIGKILL");
		await exited(first.child);
		const third = await start(["--data-dir", dataDir]);
		cleanup.push(() => third.child.kill("SIGKILL"));
		// The refused start wrote nothing: the first one's bucket is still there.
		const head = await cosClient(third.endpoints).headBucket({
			Bucket: "kept-1250000000",
			Region: "ap-guangzhou",
		});
		expect(head.statusCode).toBe(200);
		third.child.kill("SIGTERM");
		expect(await exited(third.child)).toBe(0);
		expect(existsSync(join(dataDir, "lock"))).toBe(false);
	});

	it("takes a lock holding its own pid: a container restarted on its volume is pid 1 again", () => {
		const dataDir = tempDir();
		writeFileSync(join(dataDir, "lock"), String(process.pid));
		const release = lockDataDir(dataDir);
		expect(readFileSync(join(dataDir, "lock"), "utf8")).toBe(
			String(process.pid),
		);
		release();
		expect(existsSync(join(dataDir, "lock"))).toBe(false);
	});

	it("--env lines read back unchanged by `. ./emulator.env` when an --accounts key holds spaces, $ or quotes, with each cloud's security token", async () => {
		const dir = tempDir();
		const accountsFile = join(dir, "accounts.json");
		const envFile = join(dir, "emulator.env");
		const account = randomAccount("ci");
		account.cos.secretKey = `s3cr$t with space&'quote"`;
		// Temporary keys: --env prints each cloud's token too (README, Accounts and keys).
		account.cos.securityToken = "cos+sts/token==";
		account.oss.securityToken = "oss $sts 'token'";
		account.bos.securityToken = "bos-sts-token";
		writeFileSync(accountsFile, JSON.stringify({ accounts: [account] }));
		const child = spawn(
			process.execPath,
			[bin, "--env", "--accounts", accountsFile],
			{
				stdio: ["ignore", "pipe", "inherit"],
			},
		);
		cleanup.push(() => child.kill("SIGKILL"));
		const lines: string[] = [];
		await new Promise<void>((resolve, reject) => {
			child.once("exit", (code) => reject(new Error(`exited with ${code}`)));
			createInterface({ input: child.stdout as NodeJS.ReadableStream }).on(
				"line",
				(line) => {
					lines.push(line);
					if (lines.length === 13) resolve();
				},
			);
		});
		writeFileSync(envFile, `${lines.join("\n")}\n`);
		// The README's way: source the file in sh, then the provider reads the variables.
		const shell = spawn(
			"sh",
			[
				"-c",
				`. "$0" && printf '%s|%s|%s|%s|%s' "$TENCENTCLOUD_SECRET_KEY" "$ALICLOUD_ACCESS_KEY" "$TENCENTCLOUD_SECURITY_TOKEN" "$ALICLOUD_SECURITY_TOKEN" "$BAIDUCLOUD_SECURITY_TOKEN"`,
				envFile,
			],
			{ stdio: ["ignore", "pipe", "inherit"] },
		);
		let printed = "";
		shell.stdout?.on("data", (d) => {
			printed += d;
		});
		expect(await exited(shell)).toBe(0);
		expect(printed).toBe(
			[
				account.cos.secretKey,
				account.oss.accessKeyId,
				account.cos.securityToken,
				account.oss.securityToken,
				account.bos.securityToken,
			].join("|"),
		);
	});

	it("stops when the process that started it ends (as after `kill $!` of `npx replication-emulator &`)", async () => {
		// A parent that starts the emulator and then is killed; the emulator is left with another parent.
		const parent = spawn(
			process.execPath,
			[
				"-e",
				`const c = require("node:child_process").spawn(process.execPath, [${JSON.stringify(bin)}], { stdio: ["ignore", "inherit", "inherit"] });
				 process.stdout.write(c.pid + "\\n"); setInterval(() => {}, 1000);`,
			],
			{ stdio: ["ignore", "pipe", "inherit"] },
		);
		cleanup.push(() => parent.kill("SIGKILL"));
		const lines = createInterface({
			input: parent.stdout as NodeJS.ReadableStream,
		})[Symbol.asyncIterator]();
		const pid = Number((await lines.next()).value);
		cleanup.push(() => {
			if (alive(pid)) process.kill(pid, "SIGKILL");
		});
		// The emulator's JSON line: it is serving.
		expect(JSON.parse((await lines.next()).value).cos.appId).toBe("1250000000");
		parent.kill("SIGKILL");
		while (alive(pid)) await new Promise((r) => setTimeout(r, 100));
		expect(alive(pid)).toBe(false);
	});
});
