import {
	type BceError,
	type BceResponse,
	BosClient,
	type BosClientConfig,
	type BosReplicationRule,
} from "@baiducloud/sdk";
import { bosService } from "../../emulator/bos";
import { type Account, randomAccount } from "../../emulator/core/accounts";
import { startService } from "../../emulator/core/http";
import type { CloudOptions } from "../../emulator/core/service";

/** A BOS emulator on a free port with two accounts (alice, bob) and SDK clients for them. */
export async function startBos(options: Partial<CloudOptions> = {}) {
	const accounts = options.accounts ?? [
		randomAccount("alice"),
		randomAccount("bob"),
	];
	const service = bosService({
		accounts,
		replicationDelayMs: 10,
		startingDelayMs: 0,
		closingDelayMs: 0,
		clockSkewMs: 15 * 60 * 1000,
		...options,
	});
	const server = await startService(service, { port: 0 });
	const clientFor = (account: Account, config: Partial<BosClientConfig> = {}) =>
		new BosClient({
			endpoint: server.endpoint,
			credentials: { ak: account.bos.accessKey, sk: account.bos.secretKey },
			...config,
		});
	return {
		service,
		server,
		accounts,
		client: clientFor(accounts[0]),
		clientFor,
		async close() {
			await server.close();
			service.close();
		},
	};
}

/** The SDK's rejection of `promise` (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<BceError> {
	try {
		await promise;
	} catch (error) {
		return error as BceError;
	}
	throw new Error("expected the call to be rejected");
}

/** A rule as a client writes it; `notIncludeResource` survives because `sendRequest` is used. */
export type RuleBody = Omit<BosReplicationRule, "createTime" | "destRegion">;

// @baiducloud/sdk 1.0.7 mishandles get/progress/delete with an id and drops notIncludeResource on
// put (reference §3.1): these go through the SDK's own signing with `sendRequest`, as it does.
export function putRule(
	client: BosClient,
	bucket: string,
	rule: RuleBody | Record<string, unknown>,
	id = String(rule.id),
): Promise<BceResponse> {
	return client.sendRequest("PUT", {
		bucketName: bucket,
		params: { replication: "", id },
		body: JSON.stringify(rule),
	});
}

export function getRule(
	client: BosClient,
	bucket: string,
	id: string,
): Promise<BceResponse<BosReplicationRule>> {
	return client.sendRequest("GET", {
		bucketName: bucket,
		params: { replication: "", id },
	});
}

export function deleteRule(
	client: BosClient,
	bucket: string,
	id: string,
): Promise<BceResponse> {
	return client.sendRequest("DELETE", {
		bucketName: bucket,
		params: { replication: "", id },
	});
}

export interface Progress {
	status: string;
	historyReplicationPercent: number;
	latestReplicationTime: number;
}

export async function progressOf(
	client: BosClient,
	bucket: string,
	id: string,
): Promise<Progress> {
	const response = await client.sendRequest<Progress>("GET", {
		bucketName: bucket,
		params: { replicationProgress: "", id },
	});
	return response.body;
}

/** Keys of a bucket, sorted. */
export async function keysOf(client: BosClient, bucket: string) {
	const { body } = await client.listObjects(bucket);
	return body.contents.map((o) => o.key);
}

/** The provider's settings for `bos` (keys of its first account, its endpoint, fast retries), set in process.env. */
export function useBosForProvider(bos: {
	server: { endpoint: string };
	accounts: Account[];
}): void {
	const { accessKey, secretKey } = bos.accounts[0].bos;
	Object.assign(process.env, {
		BAIDUCLOUD_BOS_ENDPOINT: bos.server.endpoint,
		BAIDUCLOUD_ACCESS_KEY: accessKey,
		BAIDUCLOUD_SECRET_KEY: secretKey,
		BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "1",
	});
}
