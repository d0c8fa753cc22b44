/**
 * The part of `@baiducloud/sdk` 1.0.7 this project uses (the package ships no types).
 * Calls resolve with `{ http_headers, body }` and reject with a `BceError`.
 */
declare module "@baiducloud/sdk" {
	export interface BceCredentials {
		ak: string;
		sk: string;
	}

	export interface BosClientConfig {
		endpoint: string;
		credentials: BceCredentials;
		/** Required for a host name endpoint; IP endpoints are always path style. */
		pathStyleEnable?: boolean;
		/** STS session token: sent as the signed header `x-bce-security-token` (bos_client.js `sendRequest`). */
		sessionToken?: string;
		/** Replaces the SDK's signer: resolves with the `Authorization` value. */
		createSignature?: (
			credentials: BceCredentials,
			httpMethod: string,
			path: string,
			params: Record<string, string>,
			headers: Record<string, string | number>,
		) => string | Promise<string>;
	}

	export interface BceResponse<T = Record<string, never>> {
		http_headers: Record<string, string>;
		/** Parsed JSON when the answer is JSON, a Buffer for object bodies, `{}` when empty. */
		body: T;
	}

	/** The rejection of a failed call (`http_client.js` `failure`). */
	export interface BceError {
		status_code: number;
		message: string;
		code?: string;
		request_id?: string;
	}

	export interface SendRequestArgs {
		bucketName?: string;
		key?: string;
		params?: Record<string, string>;
		headers?: Record<string, string>;
		body?: string | Buffer;
		/** `requestInstance: true` makes `sendRequest` return `[result, request]` (bos_client.js `sendHTTPRequest`). */
		config?: { requestInstance?: boolean };
	}

	/** The in-flight request `sendRequest` hands back with `config.requestInstance`. */
	export interface BceRequest {
		/** Aborts the HTTP request; the result then rejects with the socket error. */
		abort(): void;
	}

	export interface BosReplicationRule {
		id: string;
		status: "enabled" | "disabled";
		resource: string[];
		notIncludeResource?: string[];
		destination: { bucket: string; storageClass?: string; prefix?: string };
		replicateHistory?: { storageClass?: string; bucket?: string };
		replicateDeletes: "enabled" | "disabled";
		createTime?: number;
		destRegion?: string;
	}

	export interface BosObjectSummary {
		key: string;
		lastModified: string;
		eTag: string;
		size: number;
		storageClass: string;
		owner: { id: string; displayName: string };
	}

	export interface ListObjectsResult {
		name: string;
		prefix: string;
		delimiter: string;
		marker: string;
		maxKeys: number;
		isTruncated: boolean;
		nextMarker?: string;
		contents: BosObjectSummary[];
		commonPrefixes: Array<{ prefix: string }>;
	}

	export class BosClient {
		constructor(config: BosClientConfig);
		createBucket(
			bucketName: string,
			options?: { body?: { enableMultiAZ?: boolean } },
		): Promise<BceResponse>;
		/** true on 200 and 403, false on 404. */
		doesBucketExist(bucketName: string): Promise<boolean>;
		deleteBucket(bucketName: string): Promise<BceResponse>;
		putBucketVersioning(
			bucketName: string,
			status: "enabled" | "suspended" | "notEnabled",
		): Promise<BceResponse>;
		getBucketVersioning(
			bucketName: string,
		): Promise<BceResponse<{ status: string }>>;
		putObjectFromString(
			bucketName: string,
			key: string,
			data: string,
			options?: Record<string, string>,
		): Promise<BceResponse>;
		getObject(bucketName: string, key: string): Promise<BceResponse<Buffer>>;
		getObjectMetadata(bucketName: string, key: string): Promise<BceResponse>;
		deleteObject(bucketName: string, key: string): Promise<BceResponse>;
		listObjects(
			bucketName: string,
			options?: {
				prefix?: string;
				marker?: string;
				maxKeys?: number;
				delimiter?: string;
			},
		): Promise<BceResponse<ListObjectsResult>>;
		/** 1.0.7 drops `notIncludeResource` from the body (reference §3.1). */
		putBucketReplication(
			bucketName: string,
			body: BosReplicationRule,
		): Promise<BceResponse>;
		listBucketReplication(
			bucketName: string,
		): Promise<BceResponse<{ rules: BosReplicationRule[] }>>;
		/** 1.0.7 throws when given an id and sends `id=` without one (reference §3.1). */
		getBucketReplication(
			bucketName: string,
			id?: string,
		): Promise<BceResponse<BosReplicationRule>>;
		/** Like `sendRequest`, and also hands back the request so that it can be aborted. */
		sendRequest<T = Record<string, never>>(
			httpMethod: string,
			args: SendRequestArgs & { config: { requestInstance: true } },
		): [Promise<BceResponse<T>>, BceRequest];
		/** Signs and sends any BOS request; the work-around for the replication bugs above. */
		sendRequest<T = Record<string, never>>(
			httpMethod: string,
			args: SendRequestArgs,
		): Promise<BceResponse<T>>;
	}

	/** The bce-auth-v1 signer (`src/auth.js`). */
	export class Auth {
		constructor(ak: string, sk: string);
		generateAuthorization(
			method: string,
			resource: string,
			params?: Record<string, string>,
			headers?: Record<string, string | number>,
			timestampSeconds?: number,
			expirationInSeconds?: number,
			headersToSign?: string[],
		): string;
	}
}
