#!/usr/bin/env node
import { parseArgs } from "node:util";
import { providerEnv, startEmulators } from "./index";

const help = `replication-emulator: local emulators of Tencent COS, Alibaba OSS and Baidu BOS replication APIs.

Starts all three services and prints one line of JSON with their endpoints and keys, then serves
until SIGINT or SIGTERM, or until the process that started it ends (so \`kill $!\` after
\`npx replication-emulator &\` stops it too).

Keys: without --accounts, the fixed default account (COS APPID 1250000000), the same on every start.
With --data-dir, the accounts are saved there and reused on the next start.

Options:
  --host <addr>                interface to listen on (default 127.0.0.1)
  --cos-port <n>               COS port (default: a free port)
  --oss-port <n>               OSS port (default: a free port)
  --bos-port <n>               BOS port (default: a free port)
  --data-dir <dir>             keep state and accounts on disk (survive restarts and kill -9); default: memory
  --accounts <file>            JSON file of accounts and their keys, see the emulator's README; default: the
                               accounts saved in --data-dir, else the default account
  --replication-delay-ms <n>   delay before a replicated object appears (default 50)
  --oss-starting-delay-ms <n>  how long a new OSS rule stays "starting" (default 100)
  --oss-closing-delay-ms <n>   how long a deleted OSS rule stays "closing" (default 300)
  --clock-skew-ms <n>          allowed clock skew of signed requests (default 900000)
  --fault-rate <0..1>          fraction of requests failing with throttling, 5xx or a reset (default 0)
  --ambiguous-fault-rate <0..1> fraction of requests that take effect and then lose their answer (connection
                               reset after the write), as when a client's timeout fires (default 0)
  --fault-seed <n>             seed of the fault sequence (default 1)
  --latency-ms <n>             latency added to every response (default 0)
  --env                        print shell \`export\` lines for this package's provider instead of JSON
  -h, --help                   show this help
`;

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			host: { type: "string" },
			"cos-port": { type: "string" },
			"oss-port": { type: "string" },
			"bos-port": { type: "string" },
			"data-dir": { type: "string" },
			accounts: { type: "string" },
			"replication-delay-ms": { type: "string" },
			"oss-starting-delay-ms": { type: "string" },
			"oss-closing-delay-ms": { type: "string" },
			"clock-skew-ms": { type: "string" },
			"fault-rate": { type: "string" },
			"fault-seed": { type: "string" },
			"ambiguous-fault-rate": { type: "string" },
			"latency-ms": { type: "string" },
			env: { type: "boolean" },
			help: { type: "boolean", short: "h" },
		},
	});
	if (values.help) {
		process.stdout.write(help);
		return;
	}
	const num = (name: keyof typeof values): number | undefined => {
		const raw = values[name];
		if (raw === undefined || typeof raw !== "string") return undefined;
		const n = Number(raw);
		if (!Number.isFinite(n) || n < 0)
			throw new Error(`--${name} must be a non-negative number, got "${raw}"`);
		return n;
	};
	// A rate is a fraction of requests; 1.5 would silently mean "every request", hiding a typo.
	const fraction = (name: keyof typeof values): number | undefined => {
		const n = num(name);
		if (n !== undefined && n > 1)
			throw new Error(
				`--${name} must be between 0 and 1, got "${values[name]}"`,
			);
		return n;
	};
	const emulators = await startEmulators({
		host: values.host,
		ports: { cos: num("cos-port"), oss: num("oss-port"), bos: num("bos-port") },
		dataDir: values["data-dir"],
		accountsFile: values.accounts,
		replicationDelayMs: num("replication-delay-ms"),
		ossStartingDelayMs: num("oss-starting-delay-ms"),
		ossClosingDelayMs: num("oss-closing-delay-ms"),
		clockSkewMs: num("clock-skew-ms"),
		faults: {
			rate: fraction("fault-rate"),
			seed: num("fault-seed"),
			ambiguousRate: fraction("ambiguous-fault-rate"),
			latencyMs: num("latency-ms"),
		},
	});
	// Before printing: whoever reads the line may signal at once.
	const stop = () => {
		emulators.close().then(() => process.exit(0));
	};
	process.once("SIGINT", stop);
	process.once("SIGTERM", stop);
	stopWithParent(stop);
	if (values.env) {
		const env = providerEnv(emulators.endpoints());
		const lines = Object.entries(env).map(
			([k, v]) => `export ${k}=${shellQuote(v)}`,
		);
		process.stdout.write(`${lines.join("\n")}\n`);
	} else {
		process.stdout.write(`${JSON.stringify(emulators.endpoints())}\n`);
	}
}

/**
 * A value as POSIX `sh` reads it back unchanged: the README sources these lines (`. ./emulator.env`),
 * and a key from `--accounts` may hold spaces, `$` or quotes. Plain values stay unquoted.
 */
function shellQuote(value: string): string {
	if (/^[\w@%+=:,./-]+$/.test(value)) return value;
	return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * Stops when the process that started this one ends. `npx` runs the bin as a child and does not
 * stop it when killed, so `kill $!` would otherwise leave the emulator running; a child whose parent
 * ends is handed to another parent (init or a subreaper), which is what this watches for.
 */
function stopWithParent(stop: () => void): void {
	const parent = process.ppid;
	const timer = setInterval(() => {
		if (process.ppid !== parent) {
			clearInterval(timer);
			stop();
		}
	}, 500);
	timer.unref();
}

main().catch((error: unknown) => {
	process.stderr.write(
		`replication-emulator: ${error instanceof Error ? error.message : String(error)}\n`,
	);
	process.exit(1);
});
