import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";

/** One tenant of the emulators, with its keys for each cloud. Buckets belong to one account. */
export interface Account {
	name: string;
	cos: { secretId: string; secretKey: string; appId: string };
	oss: { accessKeyId: string; accessKeySecret: string };
	bos: { accessKey: string; secretKey: string };
}

function token(bytes: number): string {
	return randomBytes(bytes).toString("hex");
}

/** A fresh account with random keys (a new set every start unless an accounts file is given). */
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

/** Reads `{"accounts": [Account, ...]}`; the first account is the one printed on start. */
export function readAccountsFile(path: string): Account[] {
	const parsed = JSON.parse(readFileSync(path, "utf8")) as {
		accounts?: Account[];
	};
	if (!Array.isArray(parsed.accounts) || parsed.accounts.length === 0) {
		throw new Error(
			`${path}: expected {"accounts": [...]} with at least one account`,
		);
	}
	return parsed.accounts;
}
