import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
	providerEnv,
	type RunningEmulators,
	startEmulators,
} from "../../emulator";
import { settingsFrom } from "../../plugin/config";
import * as runtime from "../../provider";
import { configure as configurePlugin } from "../../provider/core/settings";
import { settingFailures } from "../../provider/core/settingsCheck";
import { checked, failureOf, useForProvider } from "../support/runtime";
import {
	type StsResources,
	stsResources,
	temporaryAccount,
} from "../support/sts";

/**
 * Temporary STS credentials on the three clouds (README, Credentials; docs/cos.md, oss.md, bos.md): the
 * provider sends `tencentcloud:securityToken` / `alicloud:securityToken` / `baiducloud:securityToken`
 * (or their environment variables) with every request, and the emulators accept the temporary keys with
 * that token only (emulator/{cos,oss,bos}/securityToken.ts).
 */

// An STS token holds `+`, `/` and `=`: its URL-encoded form must be redacted too.
const token = "SeCrEt-sts+token/==";
const account = temporaryAccount(token);

interface Cloud {
	/** The token's stack config key, its environment variable and the plugin's key. */
	configKey: string;
	envVar: string;
	pluginKey: string;
	endpointVar: string;
	resources(prefix: string): StsResources;
	/** The start of the error of a create with a wrong token, and of one without a token. */
	wrongToken: RegExp;
	noToken: RegExp;
	/** The request's signature, as the redacted error text shows it. */
	signature: RegExp;
	/** An error body of this cloud's shape, with `message` in it. */
	errorBody(message: string): { contentType: string; body: string };
}

const xmlError = (code: string) => (message: string) => ({
	contentType: "application/xml",
	body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message.replace(/[<>&]/g, "")}</Message><RequestId>echo-1</RequestId></Error>`,
});

const clouds: Record<"COS" | "OSS" | "BOS", Cloud> = {
	COS: {
		configKey: "tencentcloud:securityToken",
		envVar: "TENCENTCLOUD_SECURITY_TOKEN",
		pluginKey: "cosSecurityToken",
		endpointVar: "TENCENTCLOUD_COS_ENDPOINT",
		resources: (prefix) => stsResources.cos(prefix, account),
		wrongToken:
			/^COS bucket "sts-wrong-cos-src-\d+": PUT Bucket failed: The security token is invalid for this SecretId \(HTTP 403, COS code InvalidAccessKeyId, request id \S+\)\. .*tencentcloud:securityToken \(or TENCENTCLOUD_SECURITY_TOKEN\)/,
		noToken:
			/needs its security token \(x-cos-security-token\) \(HTTP 403, COS code InvalidAccessKeyId/,
		signature: /q-signature=\*\*\*/,
		errorBody: xmlError("InvalidArgument"),
	},
	OSS: {
		configKey: "alicloud:securityToken",
		envVar: "ALICLOUD_SECURITY_TOKEN",
		pluginKey: "ossSecurityToken",
		endpointVar: "ALICLOUD_OSS_ENDPOINT",
		resources: (prefix) => stsResources.oss(prefix, account),
		wrongToken:
			/^OSS bucket "sts-wrong-oss-src": PutBucket failed: The security token you provided is invalid \(HTTP 403, OSS code InvalidSecurityToken, request id \w+\)\. .*alicloud:securityToken \(or ALICLOUD_SECURITY_TOKEN\)/,
		noToken:
			/it is a temporary \(STS\) one, and the request has no security token \(x-oss-security-token\) \(HTTP 403, OSS code InvalidAccessKeyId/,
		signature: /"OSS \*\*\*:\*\*\*"/,
		errorBody: xmlError("InvalidArgument"),
	},
	BOS: {
		configKey: "baiducloud:securityToken",
		envVar: "BAIDUCLOUD_SECURITY_TOKEN",
		pluginKey: "bosSecurityToken",
		endpointVar: "BAIDUCLOUD_BOS_ENDPOINT",
		resources: (prefix) => stsResources.bos(prefix, account),
		wrongToken:
			/^BOS bucket "sts-wrong-bos-src": PutBucket failed: The security token is invalid \(HTTP 403, BOS code AccessDenied, request id \w+\)\. .*baiducloud:securityToken \(or BAIDUCLOUD_SECURITY_TOKEN\)/,
		noToken:
			/needs its security token \(x-bce-security-token\) \(HTTP 403, BOS code AccessDenied/,
		signature: /bce-auth-v1\/[^"]*\/\*\*\*/,
		errorBody: (message) => ({
			contentType: "application/json",
			body: JSON.stringify({
				code: "InvalidHTTPRequest",
				message,
				requestId: "echo-1",
			}),
		}),
	},
};

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

/** Creates the buckets and the rule, reads the rule, deletes all: every kind of call the provider makes. */
async function roundTrip(cloud: Cloud, prefix: string): Promise<void> {
	const { buckets, rule } = cloud.resources(prefix);
	const made = [];
	for (const inputs of buckets)
		made.push(await runtime.create(await checked(inputs)));
	const ruleMade = await runtime.create(await checked(rule));
	expect((await runtime.read(ruleMade.id, ruleMade.outs)).id).toBe(ruleMade.id);
	await runtime.delete(ruleMade.id, ruleMade.outs);
	for (const bucket of made) await runtime.delete(bucket.id, bucket.outs);
	expect(await runtime.read(made[0].id, made[0].outs)).toEqual({});
}

/** A create of the cloud's first bucket named `<prefix>-<cloud>` (COS: with the APPID). */
async function createFails(cloud: Cloud, prefix: string): Promise<Error> {
	const [inputs] = cloud.resources(prefix).buckets;
	return failureOf(runtime.create(await checked(inputs)));
}

describe.each(Object.entries(clouds))(
	"%s with temporary (STS) credentials",
	(name, cloud) => {
		const lower = name.toLowerCase();

		it("sends the token from its environment variable", async () => {
			expect(process.env[cloud.envVar]).toBe(token);
			await roundTrip(cloud, `sts-env-${lower}`);
		});

		it("sends the token from stack config, over a wrong environment variable", async () => {
			process.env[cloud.envVar] = "wrong-env-token";
			const config: Record<string, string> = { [cloud.configKey]: token };
			runtime.configure({ config: { get: (key) => config[key] } });
			await roundTrip(cloud, `sts-config-${lower}`);
		});

		it("sends the token from the plugin's bucket-replication key (its Configure), over a wrong environment variable", async () => {
			process.env[cloud.envVar] = "wrong-env-token";
			const key = `bucket-replication:${cloud.pluginKey}`;
			expect(settingFailures([key])).toEqual([]);
			configurePlugin(
				settingsFrom(
					new Map([[`bucket-replication:config:${cloud.pluginKey}`, token]]),
				),
			);
			await roundTrip(cloud, `sts-plugin-${lower}`);
		});

		it("fails a wrong token with the cloud's code, naming the token setting, without the token", async () => {
			process.env[cloud.envVar] = "SeCrEt-wrong+token/==";
			const error = await createFails(cloud, `sts-wrong-${lower}`);
			expect(error.name).toBe("CloudApiError");
			expect(error.message).toMatch(cloud.wrongToken);
			expect(error.message).not.toContain("SeCrEt");
		});

		it("fails without the token, which temporary keys need", async () => {
			delete process.env[cloud.envVar];
			const error = await createFails(cloud, `sts-none-${lower}`);
			expect(error.message).toMatch(cloud.noToken);
		});
	},
);

// A proxy or endpoint that echoes the request's headers (the security token and Authorization
// included) in its error body: each SDK copies the body's message into its rejection.
describe.each(Object.entries(clouds))("%s token redaction", (name, cloud) => {
	let server: Server;
	beforeAll(async () => {
		server = createServer((req, res) => {
			const sent = Object.entries(req.headers)
				.filter(([k]) => k.endsWith("security-token"))
				.map(([, v]) => String(v));
			const { contentType, body } = cloud.errorBody(
				`you sent ${JSON.stringify(req.headers)} to ${req.url}?security-token=${encodeURIComponent(sent[0] ?? "")}`,
			);
			res.writeHead(400, {
				"content-type": contentType,
				"x-cos-request-id": "echo-1",
				"x-oss-request-id": "echo-1",
				"x-bce-request-id": "echo-1",
			});
			res.end(body);
		});
		await new Promise<void>((resolve) =>
			server.listen(0, "127.0.0.1", resolve),
		);
	});
	afterAll(() => new Promise((resolve) => server.close(resolve)));

	it("prints *** for the token (as sent and URL-encoded), the secret key and the signature", async () => {
		process.env[cloud.endpointVar] =
			`http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		const error = await createFails(cloud, `sts-echo-${name.toLowerCase()}`);
		expect(error.message).toContain("security-token");
		expect(error.message).not.toContain(token);
		expect(error.message).not.toContain(encodeURIComponent(token));
		expect(error.message).not.toContain("SeCrEt");
		for (const secret of [
			account.cos.secretKey,
			account.oss.accessKeySecret,
			account.bos.secretKey,
		])
			expect(error.message).not.toContain(secret);
		expect(error.message).toMatch(cloud.signature);
	});
});
