import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { bin, exited } from "./bin-helpers";

const root = join(__dirname, "../..");

/** The `sh` block of emulator/README.md that runs the emulator in the background. */
function backgroundSnippet(): string {
	const readme = readFileSync(join(root, "emulator/README.md"), "utf8");
	const section = readme.slice(readme.indexOf("In the background"));
	const match = /```sh\n([\s\S]*?)```/.exec(section);
	if (!match) throw new Error("no sh block after 'In the background'");
	return match[1];
}

/** Whether something listens on the URL's port (a refused connection means no). */
function listening(url: string): Promise<boolean> {
	const { hostname, port } = new URL(url);
	return new Promise((resolve) => {
		const socket = connect(Number(port), hostname);
		socket.once("connect", () => {
			socket.destroy();
			resolve(true);
		});
		socket.once("error", () => resolve(false));
	});
}

describe("emulator/README.md: the emulator in the background of a script", () => {
	const cleanup: Array<() => void> = [];
	afterEach(() => {
		for (const f of cleanup.splice(0)) f();
	});

	it("stops with the script even when a step fails (the snippet's trap), and never sources an earlier run's emulator.env", async () => {
		const dir = mkdtempSync(join(tmpdir(), "emulator-background-"));
		cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
		const snippet = backgroundSnippet();
		expect(snippet).toContain("# ... pulumi preview / up / destroy ...");
		// The placeholder becomes a step that records the endpoint and fails. `npx` is replaced by a
		// shell that runs the built bin and waits for it, as npx does (npm exec runs `sh -c`): the
		// emulator's parent outlives the script unless the script kills it.
		const npx = `sh -c '"$0" "$1" "$2"; exit $?' "${process.execPath}" "${bin}"`;
		const script = snippet
			.replace("npx replication-emulator", npx)
			.replace(
				/^# \.\.\. pulumi preview \/ up \/ destroy \.\.\.$/m,
				'echo "$TENCENTCLOUD_COS_ENDPOINT" > endpoint.txt; exit 3',
			);
		writeFileSync(join(dir, "ci.sh"), script);
		// An earlier run's file, with its dead endpoint: the snippet must not source it.
		const stale = "http://127.0.0.1:1";
		writeFileSync(
			join(dir, "emulator.env"),
			`export TENCENTCLOUD_COS_ENDPOINT=${stale}\n`,
		);
		const shell = spawn("sh", ["ci.sh"], {
			cwd: dir,
			stdio: ["ignore", "inherit", "inherit"],
		});
		cleanup.push(() => shell.kill("SIGKILL"));
		expect(await exited(shell)).toBe(3);
		const endpoint = readFileSync(join(dir, "endpoint.txt"), "utf8").trim();
		expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(endpoint).not.toBe(stale);
		// Stopping takes a moment after the script ends: wait for the final state.
		const deadline = Date.now() + 60_000;
		while ((await listening(endpoint)) && Date.now() < deadline)
			await new Promise((r) => setTimeout(r, 200));
		expect(await listening(endpoint)).toBe(false);
	});
});
