import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
	providerEnv,
	type RunningEmulators,
	startEmulators,
} from "../../emulator";
import { randomAccount } from "../../emulator/core/accounts";
import { settingsFrom } from "../../plugin/config";
import * as runtime from "../../provider";
import { configure as configurePlugin } from "../../provider/core/settings";
import { settingFailures } from "../../provider/core/settingsCheck";
import type { Props } from "../../provider/core/types";
import { checked, failureOf, useForProvider } from "../support/runtime";

/**
 * Baidu STS temporary credentials (README, Credentials; docs/bos.md): the provider sends
 * `baiducloud:securityToken` / BAIDUCLOUD_SECURITY_TOKEN with every BOS request, and the emulator
 * accepts its temporary keys with that token only (emulator/bos/securityToken.ts).
 */

// An STS token holds `+`, `/` and `=`: its URL-encoded form must be redacted too.
const token = "SeCrEt-bos+sts/token==";
const account = randomAccount("sts");
account.bos.securityToken = token;

let emulators: RunningEmulators;
const saved = { ...process.env };

beforeAll(async () => {
	emulators = await startEmulators({ accounts: [account] });
});
beforeEach(() => {
	process.env = { ...saved };
	useForProvider({
		...providerEnv(emulators.endpoints()),
		BUCKET_REPLICATION_MAX_RETRIES: "0",
	});
	runtime.configure({});
});
afterAll(async () => {
	runtime.configure({});
	process.env = saved;
	await emulators?.close();
});

/** Creates, reads and deletes a versioned bucket and a rule on it: every kind of BOS call the provider makes. */
async function roundTrip(prefix: string): Promise<void> {
	const bucket = await checked({
		__resource: "BosBucket",
		bucket: `${prefix}-src`,
		region: "bj",
		versioning: "enabled",
	});
	const destination = await checked({
		__resource: "BosBucket",
		bucket: `${prefix}-dst`,
		region: "bj",
	});
	const made = await runtime.create(bucket);
	const madeDst = await runtime.create(destination);
	const rule: Props = await checked({
		__resource: "BosBucketReplicationRule",
		bucket: `${prefix}-src`,
		region: "bj",
		ruleId: "r1",
		resource: [`${prefix}-src/*`],
		destination: { bucket: `${prefix}-dst` },
	});
	const ruleMade = await runtime.create(rule);
	expect((await runtime.read(ruleMade.id, ruleMade.outs)).id).toBe(ruleMade.id);
	await runtime.delete(ruleMade.id, ruleMade.outs);
	await runtime.delete(made.id, made.outs);
	await runtime.delete(madeDst.id, madeDst.outs);
	expect(await runtime.read(made.id, made.outs)).toEqual({});
}

describe("BOS with temporary (STS) credentials", () => {
	it("sends the token from BAIDUCLOUD_SECURITY_TOKEN", async () => {
		expect(process.env.BAIDUCLOUD_SECURITY_TOKEN).toBe(token);
		await roundTrip("sts-env");
	});

	it("sends the token from stack config baiducloud:securityToken, over a wrong environment variable", async () => {
		process.env.BAIDUCLOUD_SECURITY_TOKEN = "wrong-env-token";
		const config: Record<string, string> = {
			"baiducloud:securityToken": token,
		};
		runtime.configure({ config: { get: (key) => config[key] } });
		await roundTrip("sts-config");
	});

	it("sends the token from the plugin's bucket-replication:bosSecurityToken (its Configure), over a wrong environment variable", async () => {
		process.env.BAIDUCLOUD_SECURITY_TOKEN = "wrong-env-token";
		expect(settingFailures(["bucket-replication:bosSecurityToken"])).toEqual(
			[],
		);
		configurePlugin(
			settingsFrom(
				new Map([["bucket-replication:config:bosSecurityToken", token]]),
			),
		);
		await roundTrip("sts-plugin");
	});

	it("fails a wrong token as AccessDenied, naming the token setting, without the token", async () => {
		process.env.BAIDUCLOUD_SECURITY_TOKEN = "SeCrEt-wrong+token/==";
		const inputs = await checked({
			__resource: "BosBucket",
			bucket: "sts-wrong",
			region: "bj",
		});
		const error = await failureOf(runtime.create(inputs));
		expect(error.name).toBe("CloudApiError");
		expect(error.message).toMatch(
			/^BOS bucket "sts-wrong": PutBucket failed: The security token is invalid \(HTTP 403, BOS code AccessDenied, request id \w+\)\. .*baiducloud:securityToken \(or BAIDUCLOUD_SECURITY_TOKEN\)/,
		);
		expect(error.message).not.toContain("SeCrEt");
	});

	it("fails without the token, which temporary keys need", async () => {
		delete process.env.BAIDUCLOUD_SECURITY_TOKEN;
		const inputs = await checked({
			__resource: "BosBucket",
			bucket: "sts-none",
			region: "bj",
		});
		const error = await failureOf(runtime.create(inputs));
		expect(error.message).toMatch(
			/needs its security token \(x-bce-security-token\) \(HTTP 403, BOS code AccessDenied/,
		);
	});
});

// A proxy or endpoint that echoes the request's headers (x-bce-security-token and Authorization
// included) in its error body: the SDK copies the body's message into its rejection.
describe("BOS token redaction", () => {
	let server: Server;
	beforeAll(async () => {
		server = createServer((req, res) => {
			res.writeHead(400, {
				"content-type": "application/json",
				"x-bce-request-id": "echo-1",
			});
			res.end(
				JSON.stringify({
					code: "InvalidHTTPRequest",
					message: `you sent ${JSON.stringify(req.headers)} to ${req.url}?x-bce-security-token=${encodeURIComponent(String(req.headers["x-bce-security-token"]))}`,
					requestId: "echo-1",
				}),
			);
		});
		await new Promise<void>((resolve) =>
			server.listen(0, "127.0.0.1", resolve),
		);
	});
	afterAll(() => new Promise((resolve) => server.close(resolve)));

	it("prints *** for the token (as sent and URL-encoded), the secret key and the signature", async () => {
		process.env.BAIDUCLOUD_BOS_ENDPOINT = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		const inputs = await checked({
			__resource: "BosBucket",
			bucket: "sts-echo",
			region: "bj",
		});
		const error = await failureOf(runtime.create(inputs));
		expect(error.message).toContain("InvalidHTTPRequest");
		expect(error.message).toContain("x-bce-security-token");
		expect(error.message).not.toContain(token);
		expect(error.message).not.toContain(encodeURIComponent(token));
		expect(error.message).not.toContain("SeCrEt");
		expect(error.message).not.toContain(account.bos.secretKey);
		expect(error.message).toMatch(/bce-auth-v1\/[^"]*\/\*\*\*/);
	});
});
