import { bosService } from "./bos";
import {
	type Account,
	defaultAccount,
	durableAccounts,
	readAccountsFile,
} from "./core/accounts";
import type { FaultOptions } from "./core/faults";
import { type RequestRecord, startService } from "./core/http";
import { lockDataDir } from "./core/lock";
import type { TemporaryCredentials } from "./core/securityToken";
import type { CloudOptions, CloudService } from "./core/service";
import { cosService } from "./cos";
import { ossService } from "./oss";

export type { Account } from "./core/accounts";
export { defaultAccount } from "./core/accounts";
export type { FaultOptions } from "./core/faults";
export type { RequestRecord } from "./core/http";
export { DataDirInUseError } from "./core/lock";
export { providerEnv } from "./env";

export interface EmulatorOptions {
	/** Interface to listen on. @default "127.0.0.1" */
	host?: string;
	/** Fixed ports; a missing one is chosen free. @default {} */
	ports?: { cos?: number; oss?: number; bos?: number };
	/**
	 * Directory for durable state (survives restarts and `kill -9`). One running emulator per
	 * directory: a second start throws `DataDirInUseError`. @default undefined (memory only)
	 */
	dataDir?: string;
	/**
	 * Accounts and their keys; the first one is printed on start.
	 * @default the accounts saved in `dataDir`, else one account with fixed, documented keys
	 */
	accounts?: Account[];
	/** A JSON file `{"accounts": [...]}`, read when `accounts` is not given. @default undefined */
	accountsFile?: string;
	/** Delay before a replicated object appears in the destination. @default 50 */
	replicationDelayMs?: number;
	/** OSS: how long a new rule stays `starting`. @default 100 */
	ossStartingDelayMs?: number;
	/** OSS: how long a deleted rule stays `closing` before it is gone. @default 300 */
	ossClosingDelayMs?: number;
	/** Allowed clock skew of signed requests. @default 900000 (15 minutes, as the services) */
	clockSkewMs?: number;
	/** Transient failures and latency, for tests of retries. @default none */
	faults?: FaultOptions;
}

/**
 * What a client needs to reach one emulated service; the shape printed by `replication-emulator`.
 * `securityToken` and `expiration` come with temporary (STS) keys only: an account given them.
 */
export interface Endpoints {
	cos: {
		endpoint: string;
		secretId: string;
		secretKey: string;
		appId: string;
	} & TemporaryCredentials;
	oss: {
		endpoint: string;
		accessKeyId: string;
		accessKeySecret: string;
	} & TemporaryCredentials;
	bos: {
		endpoint: string;
		accessKey: string;
		secretKey: string;
	} & TemporaryCredentials;
}

export interface RunningEmulators extends Endpoints {
	accounts: Account[];
	/** Requests answered by each service, for tests that count what was sent. */
	requests: {
		cos: RequestRecord[];
		oss: RequestRecord[];
		bos: RequestRecord[];
	};
	/** Resolves when no replication or OSS closing work is pending on any service. */
	idle(): Promise<void>;
	/**
	 * Runs every pending replication, OSS status change and closing now, as if their delays had passed,
	 * so that a test never races a timer.
	 */
	flush(): void;
	/** The endpoints and the first account's keys, as one JSON line would print them. */
	endpoints(): Endpoints;
	close(): Promise<void>;
}

/** Starts the COS, OSS and BOS emulators. Call `close()` when done. */
export async function startEmulators(
	options: EmulatorOptions = {},
): Promise<RunningEmulators> {
	const given =
		options.accounts ??
		(options.accountsFile ? readAccountsFile(options.accountsFile) : undefined);
	const unlock = options.dataDir ? lockDataDir(options.dataDir) : () => {};
	try {
		return await startUnlocked(options, given, unlock);
	} catch (error) {
		unlock();
		throw error;
	}
}

async function startUnlocked(
	options: EmulatorOptions,
	given: Account[] | undefined,
	unlock: () => void,
): Promise<RunningEmulators> {
	const accounts = options.dataDir
		? durableAccounts(options.dataDir, given)
		: (given ?? [defaultAccount()]);
	const cloudOptions: CloudOptions = {
		accounts,
		dataDir: options.dataDir,
		replicationDelayMs: options.replicationDelayMs ?? 50,
		startingDelayMs: options.ossStartingDelayMs ?? 100,
		closingDelayMs: options.ossClosingDelayMs ?? 300,
		clockSkewMs: options.clockSkewMs ?? 15 * 60 * 1000,
	};
	const services: Record<"cos" | "oss" | "bos", CloudService> = {
		cos: cosService(cloudOptions),
		oss: ossService(cloudOptions),
		bos: bosService(cloudOptions),
	};
	const listen = (name: "cos" | "oss" | "bos") =>
		startService(services[name], {
			host: options.host,
			port: options.ports?.[name],
			faults: options.faults,
		});
	const [cos, oss, bos] = await Promise.all([
		listen("cos"),
		listen("oss"),
		listen("bos"),
	]);
	const first = accounts[0];
	const endpoints: Endpoints = {
		cos: { endpoint: cos.endpoint, ...first.cos },
		oss: { endpoint: oss.endpoint, ...first.oss },
		bos: { endpoint: bos.endpoint, ...first.bos },
	};
	return {
		...endpoints,
		accounts,
		requests: { cos: cos.requests, oss: oss.requests, bos: bos.requests },
		endpoints: () => endpoints,
		flush() {
			for (const s of Object.values(services)) s.flush();
		},
		async idle() {
			await Promise.all(Object.values(services).map((s) => s.idle()));
		},
		async close() {
			await Promise.all([cos.close(), oss.close(), bos.close()]);
			for (const s of Object.values(services)) s.close();
			unlock();
		},
	};
}
