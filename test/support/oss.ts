/**
 * The OSS emulator for provider and end-to-end tests: one account, a running server on a free port,
 * the environment the provider reads (keys and endpoint), and an ali-oss client for arranging and
 * inspecting state behind the provider's back.
 */

import { randomBytes } from "node:crypto";
import OSS from "ali-oss";
import { type Account, randomAccount } from "../../emulator/core/accounts";
import {
	type RequestRecord,
	type RunningService,
	startService,
} from "../../emulator/core/http";
import type { CloudOptions, CloudService } from "../../emulator/core/service";
import { ossService } from "../../emulator/oss";

export interface OssEmulator {
	service: CloudService;
	server: RunningService;
	account: Account;
	/** ALICLOUD_ACCESS_KEY, ALICLOUD_SECRET_KEY, ALICLOUD_OSS_ENDPOINT for the provider. */
	env: Record<string, string>;
	/** A fresh bucket name with this prefix (bucket names are global in an emulator too). */
	name(prefix: string): string;
	/** An ali-oss client for buckets in `region`, pointed at the emulator by IP. */
	client(region: string): OSS;
	/** Requests answered since `mark` (an index into `server.requests`). */
	since(mark: number): RequestRecord[];
	close(): Promise<void>;
}

export async function startOssEmulator(
	options: Partial<CloudOptions> = {},
): Promise<OssEmulator> {
	const account = randomAccount("tester");
	const service = ossService({
		accounts: [account],
		replicationDelayMs: 20,
		startingDelayMs: 200,
		closingDelayMs: 300,
		clockSkewMs: 15 * 60 * 1000,
		...options,
	});
	const server = await startService(service, { port: 0 });
	const run = randomBytes(3).toString("hex");
	let n = 0;
	return {
		service,
		server,
		account,
		env: {
			ALICLOUD_ACCESS_KEY: account.oss.accessKeyId,
			ALICLOUD_SECRET_KEY: account.oss.accessKeySecret,
			ALICLOUD_OSS_ENDPOINT: server.endpoint,
		},
		name: (prefix) => `${prefix}-${run}-${++n}`,
		client: (region) =>
			new OSS({
				accessKeyId: account.oss.accessKeyId,
				accessKeySecret: account.oss.accessKeySecret,
				region,
				endpoint: server.endpoint,
			}),
		since: (mark) => server.requests.slice(mark),
		async close() {
			await server.close();
			service.close();
		},
	};
}

/** Requests that change something (every OSS write here is PUT, POST or DELETE). */
export function writes(requests: RequestRecord[]): RequestRecord[] {
	return requests.filter((r) => r.method !== "GET" && r.method !== "HEAD");
}

/** `METHOD ?subresource` of each request, e.g. `POST ?replication=&comp=add`, for readable assertions. */
export function summary(requests: RequestRecord[]): string[] {
	return requests.map(
		(r) => `${r.method} ${r.rawPath}${r.rawQuery ? `?${r.rawQuery}` : ""}`,
	);
}

/** The rules of `bucket` as GetBucketReplication shows them (raw xml2js shape). */
export async function rawRules(
	client: OSS,
	bucket: string,
): Promise<Array<Record<string, unknown>>> {
	try {
		const result = await client.request({
			method: "GET",
			bucket,
			subres: "replication",
			successStatuses: [200],
			xmlResponse: true,
		});
		const rule = (result.data as { Rule?: unknown }).Rule;
		return (Array.isArray(rule) ? rule : rule ? [rule] : []) as Array<
			Record<string, unknown>
		>;
	} catch (error) {
		if ((error as { code?: string }).code === "NoSuchReplicationConfiguration")
			return [];
		throw error;
	}
}

/** Adds a rule behind the provider's back. */
export async function addRawRule(
	client: OSS,
	bucket: string,
	ruleXml: string,
): Promise<void> {
	await client.request({
		method: "POST",
		bucket,
		subres: { replication: "", comp: "add" },
		mime: "xml",
		content: `<?xml version="1.0" encoding="UTF-8"?>\n<ReplicationConfiguration>${ruleXml}</ReplicationConfiguration>`,
		successStatuses: [200],
	});
}

/** Deletes a rule behind the provider's back (it then stays `closing` for the emulator's delay). */
export async function deleteRawRule(
	client: OSS,
	bucket: string,
	ruleId: string,
): Promise<void> {
	await client.request({
		method: "POST",
		bucket,
		subres: { replication: "", comp: "delete" },
		mime: "xml",
		content: `<?xml version="1.0" encoding="UTF-8"?>\n<ReplicationRules><ID>${ruleId}</ID></ReplicationRules>`,
		successStatuses: [200, 204],
	});
}

export async function putObject(
	client: OSS,
	bucket: string,
	key: string,
	content: string,
): Promise<void> {
	await client.request({
		method: "PUT",
		bucket,
		object: key,
		content,
		successStatuses: [200],
	});
}

/** Whether `key` exists in `bucket` (HEAD). */
export async function hasObject(
	client: OSS,
	bucket: string,
	key: string,
): Promise<boolean> {
	const result = await client.request({ method: "HEAD", bucket, object: key });
	return result.status === 200;
}
