import { randomBytes } from "node:crypto";
import {
	chmodSync,
	existsSync,
	mkdirSync,
	readFileSync,
	writeFileSync,
} from "node:fs";
import { join } from "node:path";
import type { TemporaryCredentials } from "./securityToken";

/**
 * One tenant of the emulators, with its keys for each cloud. Buckets belong to one account. A cloud's
 * keys with a `securityToken` are temporary STS credentials: each request must carry that token, until
 * `expiration` (ISO 8601) when given (core/securityToken.ts; each cloud's securityToken.ts).
 */
export interface Account {
	name: string;
	cos: {
		secretId: string;
		secretKey: string;
		appId: string;
	} & TemporaryCredentials;
	oss: { accessKeyId: string; accessKeySecret: string } & TemporaryCredentials;
	bos: { accessKey: string; secretKey: string } & TemporaryCredentials;
}

function token(bytes: number): string {
	return randomBytes(bytes).toString("hex");
}

/**
 * The well-known account the emulators start with when given no accounts: fixed, public keys (like
 * the `test`/`test` of other local cloud emulators), so CI jobs and scripts can hard-code them and a
 * restart changes nothing. They sign requests to the emulators only: no real service accepts them.
 */
export function defaultAccount(): Account {
	return {
		name: "default",
		cos: {
			secretId: "AKIDreplicationemulator",
			secretKey: "replication-emulator-secret",
			appId: "1250000000",
		},
		oss: {
			accessKeyId: "LTAIreplicationemulator",
			accessKeySecret: "replication-emulator-secret",
		},
		bos: {
			accessKey: "replication-emulator-ak",
			secretKey: "replication-emulator-sk",
		},
	};
}

/** A fresh account with random keys (tests use them to prove that keys are not hard-coded). */
export function randomAccount(name = "default"): Account {
	return {
		name,
		cos: {
			secretId: `AKID${token(16)}`,
			secretKey: token(16),
			appId: String(1250000000 + (randomBytes(3).readUIntBE(0, 3) % 1_000_000)),
		},
		oss: { accessKeyId: `LTAI${token(10)}`, accessKeySecret: token(15) },
		bos: { accessKey: token(16), secretKey: token(16) },
	};
}

const fields: Record<"cos" | "oss" | "bos", string[]> = {
	cos: ["secretId", "secretKey", "appId"],
	oss: ["accessKeyId", "accessKeySecret"],
	bos: ["accessKey", "secretKey"],
};

/** `securityToken` and `expiration` of one cloud's keys, when given; `where` names them in errors. */
function checkTemporary(keys: Record<string, unknown>, where: string): void {
	const { securityToken, expiration } = keys;
	if (
		securityToken !== undefined &&
		(typeof securityToken !== "string" || !securityToken)
	)
		throw new Error(
			`${where}.securityToken, when given, must be a non-empty string`,
		);
	if (
		expiration !== undefined &&
		(typeof expiration !== "string" ||
			securityToken === undefined ||
			Number.isNaN(Date.parse(expiration)))
	)
		throw new Error(
			`${where}.expiration, when given, must be an ISO 8601 time, beside a securityToken`,
		);
}

/** The accounts of `{"accounts": [Account, ...]}`, every field checked; `source` names it in errors. */
export function parseAccounts(text: string, source: string): Account[] {
	const parsed = JSON.parse(text) as { accounts?: unknown };
	if (!Array.isArray(parsed.accounts) || parsed.accounts.length === 0) {
		throw new Error(
			`${source}: expected {"accounts": [...]} with at least one account (see the emulator's README)`,
		);
	}
	for (const [i, account] of parsed.accounts.entries()) {
		const a = account as Record<string, Record<string, unknown> | undefined>;
		if (typeof a.name !== "string" || !a.name)
			throw new Error(`${source}: accounts[${i}].name must be a string`);
		for (const [cloud, keys] of Object.entries(fields)) {
			for (const key of keys) {
				if (typeof a[cloud]?.[key] !== "string" || !a[cloud]?.[key])
					throw new Error(
						`${source}: accounts[${i}].${cloud}.${key} must be a non-empty string`,
					);
			}
			checkTemporary(a[cloud] ?? {}, `${source}: accounts[${i}].${cloud}`);
		}
		// COS bucket names end with "-<APPID>" in digits (addressing.ts); another APPID names no bucket.
		if (!/^\d+$/.test(String(a.cos?.appId)))
			throw new Error(`${source}: accounts[${i}].cos.appId must be digits`);
	}
	const accounts = parsed.accounts as Account[];
	// A request is matched to its account by key id, and a COS bucket by APPID: a value shared by two
	// accounts would give one account's buckets to the other.
	const unique: Array<[string, (a: Account) => string]> = [
		["cos.secretId", (a) => a.cos.secretId],
		["cos.appId", (a) => a.cos.appId],
		["oss.accessKeyId", (a) => a.oss.accessKeyId],
		["bos.accessKey", (a) => a.bos.accessKey],
	];
	for (const [field, value] of unique) {
		const seen = new Map<string, number>();
		for (const [i, account] of accounts.entries()) {
			const first = seen.get(value(account));
			if (first !== undefined)
				throw new Error(
					`${source}: accounts[${i}].${field} is the same as accounts[${first}]'s; each account needs its own`,
				);
			seen.set(value(account), i);
		}
	}
	return accounts;
}

/** Reads `{"accounts": [Account, ...]}`; the first account is the one printed on start. */
export function readAccountsFile(path: string): Account[] {
	return parseAccounts(readFileSync(path, "utf8"), path);
}

/**
 * The accounts of a durable emulator: the ones given, else those saved in `dataDir` by an earlier
 * start, else the default account; saved to `dataDir/accounts.json` so that a restart keeps the same
 * keys and COS APPID (buckets belong to accounts, and COS bucket names end with the APPID).
 */
export function durableAccounts(
	dataDir: string,
	given: Account[] | undefined,
): Account[] {
	const file = join(dataDir, "accounts.json");
	if (!given && existsSync(file)) return readAccountsFile(file);
	const accounts = given ?? [defaultAccount()];
	mkdirSync(dataDir, { recursive: true });
	writeFileSync(file, `${JSON.stringify({ accounts }, null, "\t")}\n`);
	// The keys are secrets: readable by their owner only (also a file an older version wrote).
	chmodSync(file, 0o600);
	return accounts;
}
