import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";
import COS from "cos-nodejs-sdk-v5";
import type { Endpoints } from "../../emulator/index";

/** The built bin (`npm test` builds first), run as users run it. */
export const bin = join(__dirname, "../../dist/emulator/cli.js");

export interface Running {
	child: ChildProcess;
	endpoints: Endpoints;
}

/** Starts the bin with `args` and waits for its JSON line. */
export function start(args: string[]): Promise<Running> {
	const child = spawn(process.execPath, [bin, ...args], {
		stdio: ["ignore", "pipe", "inherit"],
	});
	return new Promise((resolve, reject) => {
		child.once("error", reject);
		child.once("exit", (code) =>
			reject(
				new Error(`replication-emulator exited with ${code} before printing`),
			),
		);
		createInterface({ input: child.stdout as NodeJS.ReadableStream }).once(
			"line",
			(line) => resolve({ child, endpoints: JSON.parse(line) as Endpoints }),
		);
	});
}

/** The exit code, once the process has exited. */
export function exited(child: ChildProcess): Promise<number | null> {
	return new Promise((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null)
			resolve(child.exitCode);
		else child.once("exit", (code) => resolve(code));
	});
}

/** A COS SDK client for the endpoints the bin printed. */
export function cosClient(endpoints: Endpoints): COS {
	return new COS({
		SecretId: endpoints.cos.secretId,
		SecretKey: endpoints.cos.secretKey,
		Protocol: "http:",
		Ip: new URL(endpoints.cos.endpoint).host,
	});
}

/** A port that was free a moment ago. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once("error", reject);
		server.listen(0, "127.0.0.1", () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}
