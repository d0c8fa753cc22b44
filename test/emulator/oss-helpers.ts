import OSS from "ali-oss";
import { type Account, randomAccount } from "../../emulator/core/accounts";
import { type RunningService, startService } from "../../emulator/core/http";
import type { CloudOptions, CloudService } from "../../emulator/core/service";
import { toXml } from "../../emulator/core/xml";
import { ossService } from "../../emulator/oss";

/**
 * The part of ali-oss 6.23.0 these tests drive, beyond the provider's declarations in
 * `types/ali-oss.d.ts`: built-in bucket and object methods, signing options, and the replaceable
 * HTTP client (`urllib`) the tests use to tamper with signed requests.
 */
export interface OssClientOptions extends OSS.Options {
	bucket?: string;
	authorizationV4?: boolean;
	/** Path-style addressing (`/<bucket>/<key>`). */
	sldEnable?: boolean;
	/** Milliseconds added to the signing clock. */
	amendTimeSkewed?: number;
}

export interface HttpParams {
	method: string;
	headers: Record<string, string>;
	content?: string | Buffer;
}

interface HttpClient {
	request(url: string, params: HttpParams): Promise<unknown>;
}

interface ResponseInfo {
	status: number;
	headers: Record<string, string>;
}

interface ObjectResult {
	res: ResponseInfo;
	content?: Buffer;
}

export interface OssClient {
	urllib: HttpClient;
	request(params: OSS.RequestParams): Promise<OSS.RequestResult>;
	_bucketRequestParams(
		method: string,
		bucket: string,
		subres?: string | Record<string, string>,
	): OSS.RequestParams;
	useBucket(name: string): this;
	putBucket(name: string): Promise<{ res: ResponseInfo }>;
	deleteBucket(name: string): Promise<{ res: ResponseInfo }>;
	listBuckets(
		query?: Record<string, string> | null,
	): Promise<{ buckets: Array<{ name: string }> | null }>;
	getBucketInfo(name: string): Promise<{ bucket: Record<string, unknown> }>;
	getBucketLocation(name: string): Promise<{ location: string }>;
	putBucketVersioning(
		name: string,
		status: "Enabled" | "Suspended",
	): Promise<{ status: number }>;
	getBucketVersioning(name: string): Promise<{ versionStatus?: string }>;
	put(
		name: string,
		content: Buffer,
		options?: { headers?: Record<string, string> },
	): Promise<ObjectResult>;
	get(name: string): Promise<ObjectResult>;
	head(name: string): Promise<ObjectResult>;
	delete(name: string): Promise<ObjectResult>;
	list(query: Record<string, string | number> | null): Promise<{
		objects: Array<{ name: string; lastModified: string }>;
		prefixes: string[] | null;
		isTruncated: boolean;
		nextMarker: string | null;
	}>;
	listV2(query: Record<string, string | number> | null): Promise<{
		objects: Array<{ name: string }>;
		isTruncated: boolean;
		nextContinuationToken: string | null;
		keyCount: number;
	}>;
	copy(name: string, sourceName: string): Promise<ObjectResult>;
	putObjectTagging(
		name: string,
		tags: Record<string, string>,
	): Promise<{ status: number }>;
	getObjectTagging(name: string): Promise<{ tag: Record<string, string> }>;
	deleteObjectTagging(name: string): Promise<{ status: number }>;
	signatureUrl(name: string, options?: { expires?: number }): string;
	/** A V4 presigned URL valid `expires` seconds; `request.headers` are the headers it signs. */
	signatureUrlV4(
		method: string,
		expires: number,
		request?: {
			headers?: Record<string, string>;
			queries?: Record<string, string>;
		},
		objectName?: string,
		additionalHeaders?: string[],
	): Promise<string>;
}

/** Lets the SDK sign, then changes the request on its way out. */
export function tamper(
	client: OssClient,
	change: (url: string, params: HttpParams) => [string, HttpParams],
): OssClient {
	const real = client.urllib;
	client.urllib = {
		request: (url, params) => real.request(...change(url, params)),
	};
	return client;
}

const Client = OSS as unknown as new (options: OssClientOptions) => OssClient;

export interface OssHarness {
	service: CloudService;
	server: RunningService;
	accounts: Account[];
	/** An ali-oss client of `account` (default: the first) pointed at the emulator by IP. */
	client(
		options?: Partial<OssClientOptions> & { account?: Account },
	): OssClient;
	close(): Promise<void>;
}

/** Starts the OSS emulator alone on a free port, with two accounts and short delays. */
export async function startOss(
	options: Partial<CloudOptions> = {},
): Promise<OssHarness> {
	const accounts = options.accounts ?? [
		randomAccount("alice"),
		randomAccount("bob"),
	];
	const service = ossService({
		accounts,
		replicationDelayMs: 5,
		// `starting` and `closing` hold until a test calls `service.flush()`: no test races a timer.
		startingDelayMs: 3_600_000,
		closingDelayMs: 3_600_000,
		clockSkewMs: 15 * 60 * 1000,
		...options,
	});
	const server = await startService(service, { port: 0 });
	return {
		service,
		server,
		accounts,
		client({ account = accounts[0], ...rest } = {}) {
			return new Client({
				accessKeyId: account.oss.accessKeyId,
				accessKeySecret: account.oss.accessKeySecret,
				region: "oss-cn-hangzhou",
				endpoint: server.endpoint,
				...rest,
			});
		},
		async close() {
			await server.close();
			service.close();
		},
	};
}

/** A replication rule in the XML shape of PutBucketReplication (seed 002). */
export type RuleXml = Record<string, unknown>;

/**
 * The provider's way to call the replication API: ali-oss has no such methods, so requests are
 * built with `_bucketRequestParams` and signed by ali-oss itself (reference §2.1).
 */
export async function addRule(
	client: OssClient,
	bucket: string,
	rules: RuleXml | RuleXml[],
): Promise<{ status: number; ruleId: string }> {
	const params = client._bucketRequestParams("POST", bucket, {
		replication: "",
		comp: "add",
	});
	params.mime = "xml";
	params.content = obj2xml(
		{ ReplicationConfiguration: { Rule: rules } },
		{ headers: true },
	);
	params.successStatuses = [200];
	const result = await client.request(params);
	return {
		status: result.status,
		ruleId: String(result.headers["x-oss-replication-rule-id"]),
	};
}

export async function sendXml(
	client: OssClient,
	method: string,
	bucket: string,
	subres: Record<string, string>,
	content: string,
): Promise<OSS.RequestResult> {
	const params = client._bucketRequestParams(method, bucket, subres);
	params.mime = "xml";
	params.content = content;
	params.successStatuses = [200, 204];
	return client.request(params);
}

export interface RuleView {
	ID: string;
	Status: string;
	Action: string;
	PrefixSet?: { Prefix: string | string[] };
	Destination: { Bucket: string; Location: string; TransferType?: string };
	HistoricalObjectReplication: string;
	RTC?: { Status: string };
	SyncRole?: string;
	UserTaggings?: Record<string, unknown>;
	SourceSelectionCriteria?: Record<string, unknown>;
	EncryptionConfiguration?: Record<string, unknown>;
	Progress?: { HistoricalObject?: string; NewObject?: string };
}

function asList<T>(value: T | T[] | undefined): T[] {
	if (value === undefined) return [];
	return Array.isArray(value) ? value : [value];
}

export async function getRules(
	client: OssClient,
	bucket: string,
): Promise<RuleView[]> {
	const params = client._bucketRequestParams("GET", bucket, "replication");
	params.successStatuses = [200];
	params.xmlResponse = true;
	const result = await client.request(params);
	return asList((result.data as { Rule?: RuleView | RuleView[] }).Rule);
}

export async function deleteRule(
	client: OssClient,
	bucket: string,
	id: string,
): Promise<number> {
	const result = await sendXml(
		client,
		"POST",
		bucket,
		{ replication: "", comp: "delete" },
		obj2xml({ ReplicationRules: { ID: id } }, { headers: true }),
	);
	return result.status;
}

/** `rule-id` goes in `query`: V1 does not sign it (reference §2.1). */
export async function getProgress(
	client: OssClient,
	bucket: string,
	ruleId?: string,
): Promise<RuleView[]> {
	const params = client._bucketRequestParams(
		"GET",
		bucket,
		"replicationProgress",
	);
	if (ruleId !== undefined) params.query = { "rule-id": ruleId };
	params.successStatuses = [200];
	params.xmlResponse = true;
	const result = await client.request(params);
	return asList((result.data as { Rule?: RuleView | RuleView[] }).Rule);
}

export async function getLocation(
	client: OssClient,
	bucket: string,
): Promise<Record<string, unknown>> {
	const params = client._bucketRequestParams(
		"GET",
		bucket,
		"replicationLocation",
	);
	params.successStatuses = [200];
	params.xmlResponse = true;
	return (await client.request(params)).data as Record<string, unknown>;
}

export async function putRtc(
	client: OssClient,
	bucket: string,
	id: string,
	status: string,
): Promise<number> {
	const body = obj2xml(
		{ ReplicationRule: { RTC: { Status: status }, ID: id } },
		{ headers: true },
	);
	return (await sendXml(client, "PUT", bucket, { rtc: "" }, body)).status;
}

/** A request body as ali-oss would build it (`obj2xml` with headers); arrays become repeated elements. */
export function obj2xml(
	document: Record<string, unknown>,
	_options?: { headers: boolean },
): string {
	return toXml(document);
}
