import http from "node:http";
import COS from "cos-nodejs-sdk-v5";
import { type Account, randomAccount } from "../../emulator/core/accounts";
import { type RunningService, startService } from "../../emulator/core/http";
import type { CloudOptions, CloudService } from "../../emulator/core/service";
import { type CosOptions, cosService } from "../../emulator/cos";

export const region = "ap-guangzhou";
export const role = "qcs::cam::uin/100000000001:uin/100000000001";

export interface CosHarness {
	service: CloudService;
	server: RunningService;
	accounts: Account[];
	/** An SDK client of `account` (the first by default) pointed at the emulator with the `Ip` option. */
	client(account?: Account, options?: Partial<COS.COSOptions>): COS;
	/** `<name>-<APPID>` of `account` (the first by default). */
	bucket(name: string, account?: Account): string;
	close(): Promise<void>;
}

/** Starts the COS emulator on a free port with two accounts. */
export async function startCos(
	options: Partial<CloudOptions> = {},
	cosOptions: CosOptions = {},
): Promise<CosHarness> {
	const accounts = options.accounts ?? [
		randomAccount("alice"),
		randomAccount("bob"),
	];
	const service = cosService(
		{
			accounts,
			replicationDelayMs: 10,
			startingDelayMs: 0,
			closingDelayMs: 0,
			clockSkewMs: 15 * 60 * 1000,
			...options,
		},
		cosOptions,
	);
	const server = await startService(service, { port: 0 });
	return {
		service,
		server,
		accounts,
		client: (account = accounts[0], extra = {}) =>
			new COS({
				SecretId: account.cos.secretId,
				SecretKey: account.cos.secretKey,
				Protocol: "http:",
				Ip: `127.0.0.1:${server.port}`,
				...extra,
			}),
		bucket: (name, account = accounts[0]) => `${name}-${account.cos.appId}`,
		async close() {
			await server.close();
			service.close();
		},
	};
}

/** The SDK error of a call that must fail. */
export async function failure(
	call: Promise<unknown>,
): Promise<COS.CosSdkError> {
	try {
		await call;
	} catch (error) {
		return error as COS.CosSdkError;
	}
	throw new Error("expected the call to fail");
}

/** Creates a bucket with versioning Enabled, or as given (`null`: never set). */
export async function createBucket(
	cos: COS,
	bucket: string,
	versioning: "Enabled" | "Suspended" | null = "Enabled",
): Promise<void> {
	await cos.putBucket({ Bucket: bucket, Region: region });
	if (versioning)
		await cos.putBucketVersioning({
			Bucket: bucket,
			Region: region,
			VersioningConfiguration: { Status: versioning },
		});
}

/**
 * PUT Bucket replication with rules in any shape (the SDK's types know only ID/Status/Prefix/
 * Destination, but it serialises whatever it is given).
 */
export function putReplication(
	cos: COS,
	bucket: string,
	rules: Record<string, unknown>[],
	replicationRole = role,
): Promise<COS.PutBucketReplicationResult> {
	return cos.putBucketReplication({
		Bucket: bucket,
		Region: region,
		ReplicationConfiguration: {
			Role: replicationRole,
			Rules: rules as unknown as COS.ReplicationRule[],
		},
	});
}

/** `qcs::cos:<region>::<bucket>` */
export function destination(bucket: string, inRegion = region): string {
	return `qcs::cos:${inRegion}::${bucket}`;
}

export interface RawResponse {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: string;
}

export interface RawRequest {
	method: string;
	/** The Host header; `<bucket>.cos.<region>.myqcloud.com` unless given. */
	host?: string;
	bucket?: string;
	/** Raw path as sent. @default "/" */
	path?: string;
	/** Raw query string without `?`. @default "" */
	query?: string;
	headers?: Record<string, string>;
	body?: string | Buffer;
	/** Signs with this account's keys (the SDK's own signer); unsigned when null. */
	account?: Account | null;
	/** Headers set after signing: a signed one changed in transit. */
	afterSigning?: Record<string, string>;
}

/**
 * Sends one request by hand, for what the SDK cannot send (malformed bodies, odd hosts, `?x`
 * without `=`). Signed with `COS.getAuthorization`, the SDK's signer.
 */
export function rawRequest(
	harness: CosHarness,
	request: RawRequest,
): Promise<RawResponse> {
	const host = request.host ?? `${request.bucket}.cos.${region}.myqcloud.com`;
	const body = request.body ?? "";
	const path = request.path ?? "/";
	const query = request.query ?? "";
	const headers: Record<string, string> = {
		host,
		"content-length": String(Buffer.byteLength(body)),
		...request.headers,
	};
	const account =
		request.account === undefined ? harness.accounts[0] : request.account;
	if (account) {
		headers.authorization = COS.getAuthorization({
			SecretId: account.cos.secretId,
			SecretKey: account.cos.secretKey,
			// The typings omit HEAD; the signer only lower-cases the method.
			Method: request.method as COS.Method,
			Key: decodeURIComponent(path.slice(1)),
			Query: Object.fromEntries(new URLSearchParams(query)),
			Headers: headers,
		});
	}
	Object.assign(headers, request.afterSigning);
	return new Promise((resolve, reject) => {
		const req = http.request(
			{
				host: "127.0.0.1",
				port: harness.server.port,
				method: request.method,
				path: query ? `${path}?${query}` : path,
				headers,
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on("data", (c: Buffer) => chunks.push(c));
				res.on("end", () =>
					resolve({
						status: res.statusCode ?? 0,
						headers: res.headers,
						body: Buffer.concat(chunks).toString("utf8"),
					}),
				);
			},
		);
		req.on("error", reject);
		req.end(body);
	});
}
