import COS from "cos-nodejs-sdk-v5";
import { type Account, randomAccount } from "../../emulator/core/accounts";
import type { FaultOptions } from "../../emulator/core/faults";
import {
	type RequestRecord,
	type RunningService,
	startService,
} from "../../emulator/core/http";
import type { CloudService } from "../../emulator/core/service";
import { cosService } from "../../emulator/cos";

export const role = "qcs::cam::uin/100000000001:uin/100000000001";

/** The COS emulator on a free port, with one account and helpers to count what clients sent. */
export interface CosEmulator {
	service: CloudService;
	server: RunningService;
	account: Account;
	/** Provider settings as environment variables: keys and the emulator endpoint. */
	env: Record<string, string>;
	/** `<name>-<APPID>` */
	bucket(name: string): string;
	/** An SDK client pointed at the emulator (to arrange and inspect state out of band). */
	client(): COS;
	/** Requests answered since `mark()` returned `from`. */
	since(from: number): RequestRecord[];
	mark(): number;
	close(): Promise<void>;
}

export async function startCosEmulator(
	faults?: FaultOptions,
): Promise<CosEmulator> {
	const account = randomAccount("cos-provider");
	const service = cosService({
		accounts: [account],
		replicationDelayMs: 10,
		startingDelayMs: 0,
		closingDelayMs: 0,
		clockSkewMs: 15 * 60 * 1000,
	});
	const server = await startService(service, { port: 0, faults });
	return {
		service,
		server,
		account,
		env: {
			TENCENTCLOUD_SECRET_ID: account.cos.secretId,
			TENCENTCLOUD_SECRET_KEY: account.cos.secretKey,
			TENCENTCLOUD_COS_ENDPOINT: server.endpoint,
		},
		bucket: (name) => `${name}-${account.cos.appId}`,
		client: () =>
			new COS({
				SecretId: account.cos.secretId,
				SecretKey: account.cos.secretKey,
				Protocol: "http:",
				Ip: `127.0.0.1:${server.port}`,
			}),
		mark: () => server.requests.length,
		since: (from) => server.requests.slice(from),
		async close() {
			await server.close();
			service.close();
		},
	};
}

/** `METHOD ?sub-resource` of each request, e.g. `PUT replication`, `GET versioning`, `DELETE `. */
export function summary(requests: RequestRecord[]): string[] {
	return requests.map((r) =>
		`${r.method} ${r.rawQuery.replace(/=.*$/, "")}`.trim(),
	);
}

export function writes(requests: RequestRecord[]): RequestRecord[] {
	return requests.filter((r) => r.method !== "GET" && r.method !== "HEAD");
}

/** PUT Bucket replication out of band, with rules in the SDK's shape. */
export function putReplicationRaw(
	cos: COS,
	bucket: string,
	region: string,
	rules: Record<string, unknown>[],
	replicationRole = role,
) {
	return cos.putBucketReplication({
		Bucket: bucket,
		Region: region,
		ReplicationConfiguration: {
			Role: replicationRole,
			Rules: rules as unknown as COS.ReplicationRule[],
		},
	});
}

/** The bucket's rules as the SDK returns them (ids only), out of band. */
export async function ruleIds(
	cos: COS,
	bucket: string,
	region: string,
): Promise<string[]> {
	const result = await cos.getBucketReplication({
		Bucket: bucket,
		Region: region,
	});
	const rules = (result.ReplicationConfiguration?.Rules ?? []) as Array<{
		ID?: string;
	}>;
	return rules.map((r) => r.ID ?? "").sort();
}

/** Creates a bucket out of band, with versioning as given (`null`: never set). */
export async function makeBucket(
	cos: COS,
	bucket: string,
	region: string,
	versioning: "Enabled" | "Suspended" | null = "Enabled",
): Promise<void> {
	await cos.putBucket({ Bucket: bucket, Region: region });
	if (versioning) {
		await cos.putBucketVersioning({
			Bucket: bucket,
			Region: region,
			VersioningConfiguration: { Status: versioning },
		});
	}
}
