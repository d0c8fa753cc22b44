/**
 * What the on-call engineer reads when a run fails on the cloud's side, through the real CLI on the
 * emulators (one stack). `up --continue-on-error` meets one failure kind per resource; then refresh
 * and destroy meet the same failure on the three clouds (wrong key, no key, dead endpoint, throttling,
 * clock skew, a bucket that holds objects); then two updates the cloud refuses (the BOS one's fix is
 * followed to the end) and a duplicate claim. Each message must name the cloud, bucket and rule, the
 * vendor's code and request id when the cloud answered, and the fix; never a key, an XML or JSON body,
 * a JavaScript stack trace or "[object Object]".
 */
import { BosClient } from "@baiducloud/sdk";
import OSS from "ali-oss";
import COS from "cos-nodejs-sdk-v5";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	type EmulatorOptions,
	providerEnv,
	type RunningEmulators,
	startEmulators,
} from "../../emulator";
import {
	type Account,
	defaultAccount,
	randomAccount,
} from "../../emulator/core/accounts";
import type { OssClient } from "../emulator/oss-helpers";
import { type RunResult, TestProject } from "../support/pulumi";

const role = "qcs::cam::uin/100000000001:uin/100000000001";
const otherRole = "qcs::cam::uin/100000000002:uin/100000000002";
const me = defaultAccount();

/** The official COS SDK on the emulator, with `a`'s keys, for changes made outside Pulumi. */
function cosSdk(a: Account, endpoint: string): COS {
	return new COS({
		SecretId: a.cos.secretId,
		SecretKey: a.cos.secretKey,
		Protocol: "http:",
		Ip: `127.0.0.1:${new URL(endpoint).port}`,
	});
}
const other = randomAccount("other");
const app = me.cos.appId;
const wrongSecrets = [
	"wrong-cos-Secret-1",
	"wrong-oss-Secret-2",
	"wrong-bos-Secret-3",
];
const stale =
	"`pulumi refresh` and `pulumi destroy` use the stack config of the last `pulumi up`: after changing it, run `pulumi up` first or pass --run-program";

const program = `
import { bos, cos, oss } from "pulumi-bucket-replication";
const role = "${role}";
const dst = { bucket: "dst-${app}", region: "ap-beijing" };
const odst = { bucket: "oss-dst", location: "oss-cn-shanghai" };
new cos.BucketReplicationRule("cos-no-source", { bucket: "nosrc-${app}", region: "ap-guangzhou", role, ruleId: "r", destination: dst });
new cos.BucketReplicationRule("cos-no-destination", { bucket: "same-${app}", region: "ap-guangzhou", role, ruleId: "nodst", prefix: "nodst/", destination: { bucket: "nodst-${app}", region: "ap-beijing" } });
new cos.BucketReplicationRule("cos-unversioned", { bucket: "unver-${app}", region: "ap-guangzhou", role, ruleId: "r", destination: dst });
new cos.BucketReplicationRule("cos-other-account", { bucket: "theirs-${other.cos.appId}", region: "ap-guangzhou", role, ruleId: "r", destination: dst });
new cos.Bucket("cos-taken", { bucket: "taken-${app}", region: "ap-guangzhou", versioning: "Suspended" });
new cos.BucketReplication("cos-foreign", { bucket: "foreign-${app}", region: "ap-guangzhou", role, rules: [{ id: "mine", prefix: "m/", destination: dst }] });
new cos.BucketReplicationRule("cos-role", { bucket: "role-${app}", region: "ap-guangzhou", role, ruleId: "r", prefix: "r/", destination: dst });
new cos.BucketReplicationRule("cos-same-id", { bucket: "same-${app}", region: "ap-guangzhou", role, ruleId: "same", prefix: "mine/", destination: dst });
new cos.BucketReplicationRule("cos-overlap", { bucket: "overlap-${app}", region: "ap-guangzhou", role, ruleId: "mine", prefix: "x/y/", destination: dst });
new oss.BucketReplicationRule("oss-no-source", { bucket: "oss-nosrc", region: "oss-cn-hangzhou", ruleId: "r", destination: odst });
new oss.BucketReplicationRule("oss-no-destination", { bucket: "oss-conflict", region: "oss-cn-hangzhou", ruleId: "nodst", destination: { bucket: "oss-nodst", location: "oss-cn-shanghai" } });
new oss.BucketReplicationRule("oss-unversioned", { bucket: "oss-unver", region: "oss-cn-hangzhou", ruleId: "r", destination: odst });
new oss.BucketReplicationRule("oss-wrong-location", { bucket: "oss-conflict", region: "oss-cn-hangzhou", ruleId: "w", destination: { bucket: "oss-dst2", location: "oss-cn-beijing" } });
new oss.BucketReplicationRule("oss-wrong-region", { bucket: "oss-conflict", region: "oss-cn-shanghai", ruleId: "wr", destination: { bucket: "oss-dst3", location: "oss-cn-beijing" } });
new oss.BucketReplicationRule("oss-conflict", { bucket: "oss-conflict", region: "oss-cn-hangzhou", ruleId: "mine", prefixes: ["m/"], destination: odst });
new oss.BucketReplicationRule("oss-no-rtc", { bucket: "oss-conflict", region: "oss-cn-hangzhou", ruleId: "rtc", rtc: "enabled", destination: { bucket: "oss-us", location: "oss-us-west-1" } });
new oss.Bucket("oss-taken", { bucket: "oss-theirs", region: "cn-hangzhou" });
new bos.BucketReplicationRule("bos-no-source", { bucket: "bos-nosrc", region: "bj", ruleId: "r", resource: ["bos-nosrc/*"], destination: { bucket: "bos-dst" } });
new bos.BucketReplicationRule("bos-no-source-2", { bucket: "bos-nosrc", region: "bj", ruleId: "r2", resource: ["bos-nosrc/two/*"], destination: { bucket: "bos-dst" } });
new bos.BucketReplicationRule("bos-no-destination", { bucket: "bos-same", region: "bj", ruleId: "nodst", resource: ["bos-same/nodst/*"], destination: { bucket: "bos-nodst" } });
new bos.BucketReplicationRule("bos-same-id", { bucket: "bos-same", region: "bj", ruleId: "same", resource: ["bos-same/mine/*"], destination: { bucket: "bos-dst" } });
new bos.BucketReplicationRule("bos-twin", { bucket: "bos-twin", region: "bj", ruleId: "mine", resource: ["bos-twin/logs/*"], destination: { bucket: "bos-dst" }, replicateDeletes: "disabled" });
new bos.BucketReplicationRule("bos-full", { bucket: "bos-full", region: "bj", ruleId: "r10", resource: ["bos-full/x/*"], destination: { bucket: "bos-dst" } });
new bos.Bucket("bos-taken", { bucket: "bos-theirs", region: "bj" });
new cos.Bucket("cos-keep", { bucket: "keep-${app}", region: "ap-guangzhou", versioning: "Enabled" });
new oss.Bucket("oss-keep", { bucket: "oss-keep", region: "cn-hangzhou", versioning: "Enabled" });
new bos.Bucket("bos-keep", { bucket: "bos-keep", region: "bj", versioning: "enabled" });
`;

const requestId = "request id [0-9A-F]{24}";

/** [resource, patterns its error must match]: one failure kind each, in one `up`. */
const createFailures: Array<[string, RegExp[]]> = [
	[
		"cos-no-source",
		[
			/^COS bucket "nosrc-1250000000" rule "r": the source bucket "nosrc-1250000000" does not exist in region ap-guangzhou \(GET Bucket versioning: COS code NoSuchBucket, request id \w+\)\. Create it first \(`cos\.Bucket`, and pass its `bucket` output so Pulumi orders the two\), or check its name \(with the APPID\) and region$/,
		],
	],
	[
		"cos-no-destination",
		[
			/^COS bucket "same-1250000000" rule "nodst": the destination bucket "nodst-1250000000" does not exist in region ap-beijing \(GET Bucket versioning: COS code NoSuchBucket, request id \w+\)/,
		],
	],
	[
		"cos-unversioned",
		[
			/^COS bucket "unver-1250000000" rule "r": versioning is not enabled on the source bucket "unver-1250000000"; COS replicates only between versioned buckets\. Enable it first: declare the bucket "unver-1250000000" \(region "ap-guangzhou"\) as a `cos\.Bucket` with `versioning: "Enabled"`/,
		],
	],
	[
		"cos-other-account",
		[
			new RegExp(
				`^COS bucket "theirs-${other.cos.appId}" rule "r": GET Bucket versioning failed: Access Denied \\(HTTP 403, COS code AccessDenied, ${requestId}\\)\\. Check that the bucket name ends with the APPID`,
			),
		],
	],
	[
		"cos-taken",
		[
			new RegExp(
				`^COS bucket "taken-1250000000": the bucket already exists with versioning Enabled, Suspended in the program \\(PUT Bucket: COS code BucketAlreadyExists, ${requestId}\\)\\. \`cos\\.Bucket\` creates new buckets only`,
			),
		],
	],
	[
		"cos-foreign",
		[
			/^COS bucket "foreign-1250000000": the bucket already has a replication configuration that differs from this resource's \(rules "theirs"\).*Set `adopt: true`/,
		],
	],
	[
		"cos-role",
		[
			/^COS bucket "role-1250000000" rule "r": the bucket's replication role is "qcs::cam::uin\/100000000002:uin\/100000000002".*Set `role: "qcs::cam::uin\/100000000002:uin\/100000000002"` on this rule/,
		],
	],
	[
		"cos-same-id",
		[
			/^COS bucket "same-1250000000" rule "same": the bucket already has a replication rule with this id, and it differs from this resource's in prefix;.*set `adopt: true`$/,
		],
	],
	[
		"cos-overlap",
		[
			/^COS bucket "overlap-1250000000" rule "mine": this rule does not fit beside the bucket's other rules \("theirs"\): rules "mine" and "theirs" have overlapping prefixes "x\/y\/" and "x\/"; use prefixes that do not start with one another, or give every rule a priority\. Change this rule's prefix, priority or destination, or the other rules$/,
		],
	],
	[
		"oss-no-source",
		[
			new RegExp(
				`^OSS bucket "oss-nosrc" rule "r": the source bucket "oss-nosrc" does not exist in oss-cn-hangzhou \\(GetBucketReplication: OSS code NoSuchBucket, ${requestId}\\)\\. Create it first`,
			),
		],
	],
	[
		"oss-no-destination",
		[
			new RegExp(
				`^OSS bucket "oss-conflict" rule "nodst": the destination bucket "oss-nodst" does not exist in oss-cn-shanghai \\(GetBucketInfo: OSS code NoSuchBucket, ${requestId}\\)\\. .*or fix destination\\.bucket$`,
			),
		],
	],
	[
		"oss-unversioned",
		[
			/^OSS bucket "oss-unver" rule "r": the source bucket is never versioned and the destination bucket "oss-dst" is versioning Enabled; .*Give both buckets the same versioning/,
		],
	],
	[
		"oss-wrong-location",
		[
			new RegExp(
				`^OSS bucket "oss-conflict" rule "w": the destination bucket "oss-dst2" is not in oss-cn-beijing: .*\\(GetBucketInfo: OSS code AccessDenied, ${requestId}\\)\\. Set destination\\.location to the bucket's region`,
			),
		],
	],
	[
		"oss-wrong-region",
		[
			new RegExp(
				`^OSS bucket "oss-conflict" rule "wr": the source bucket "oss-conflict" is not in oss-cn-shanghai: .*\\(GetBucketReplication: OSS code AccessDenied, ${requestId}\\)\\. Set region to the bucket's region`,
			),
		],
	],
	[
		"oss-conflict",
		[
			/^OSS bucket "oss-conflict" rule "mine": the bucket already has rule "theirs" to destination "oss-dst" \(OSS allows one rule per source and destination\), and it differs in ruleId, prefixes;.*\(ruleId: "theirs"\)$/,
		],
	],
	[
		"oss-no-rtc",
		[
			/^OSS bucket "oss-conflict" rule "rtc": RTC is not available from oss-cn-hangzhou to oss-us-west-1\. Set rtc: "disabled"$/,
		],
	],
	[
		"oss-taken",
		[
			new RegExp(
				`^OSS bucket "oss-theirs": PutBucket failed: the bucket name is taken \\(HTTP 409, OSS code BucketAlreadyExists, ${requestId}\\)\\. Bucket names are global`,
			),
		],
	],
	[
		"bos-no-source",
		[
			new RegExp(
				`^BOS bucket "bos-nosrc" rule "r": the source bucket "bos-nosrc" does not exist in bj \\(ListBucketReplication: BOS code NoSuchBucket, ${requestId}\\)\\. Create it first \\(\`bos\\.Bucket\`, and pass its \`bucket\` output so Pulumi orders the two\\), or fix bucket and region$`,
			),
		],
	],
	// Rules of one bucket are written in batches (provider/bos/batch.ts): each error names its own rule.
	[
		"bos-no-source-2",
		[
			/^BOS bucket "bos-nosrc" rule "r2": the source bucket "bos-nosrc" does not exist in bj /,
		],
	],
	[
		"bos-no-destination",
		[
			new RegExp(
				`^BOS bucket "bos-same" rule "nodst": PutBucketReplication failed: The destination bucket bos-nodst does not exist \\(HTTP 404, BOS code NoSuchBucket, ${requestId}\\)\\. Create the bucket first`,
			),
		],
	],
	[
		"bos-same-id",
		[
			/^BOS bucket "bos-same" rule "same": a rule with this id already exists and differs: on BOS resource \["bos-same\/other\/\*"\];.*make the program match it$/,
		],
	],
	[
		"bos-twin",
		[
			/^BOS bucket "bos-twin" rule "mine": BOS refuses this rule: it is identical to rule "theirs" on the same bucket except for its id\. .*ruleId "theirs"/,
		],
	],
	[
		"bos-full",
		[
			/^BOS bucket "bos-full" rule "r10": the bucket already has 10 replication rules \(r0, .*, r9\); BOS allows 10\. Delete a rule first$/,
		],
	],
	[
		"bos-taken",
		[
			new RegExp(
				`^BOS bucket "bos-theirs": the bucket name is taken by another account \\(PutBucket: BOS code BucketAlreadyExists, ${requestId}; GetBucketVersioning: BOS code AccessDenied, ${requestId}\\)\\. Bucket names are global on BOS`,
			),
		],
	],
];

const kept = { cos: "cos-keep", oss: "oss-keep", bos: "bos-keep" } as const;
const heads = {
	cos: 'COS bucket "keep-1250000000": GET Bucket versioning failed: ',
	oss: 'OSS bucket "oss-keep": GetBucketInfo failed: ',
	bos: 'BOS bucket "bos-keep": GetBucketVersioning failed: ',
};

/** The error the CLI printed for resource `name` (its first line under Diagnostics). */
function errorOf(output: string, name: string): string {
	const diagnostics = output.slice(output.indexOf("Diagnostics:"));
	const found = new RegExp(`\\(${name}\\):\\n\\s+error: ([^\\n]+)`).exec(
		diagnostics,
	);
	return found?.[1] ?? `no error for ${name} in:\n${output}`;
}

/** What no failure may print, whatever the kind. */
function expectReadable(result: RunResult): void {
	const output = result.stdout + result.stderr;
	expect(result.code, output).not.toBe(0);
	for (const secret of [
		...wrongSecrets,
		...[me, other].flatMap((a: Account) => [
			a.cos.secretKey,
			a.oss.accessKeySecret,
			a.bos.secretKey,
		]),
	])
		expect(output).not.toContain(secret);
	expect(output).not.toContain("[object Object]");
	expect(output).not.toMatch(/error: (error|Error):/);
	expect(output).not.toMatch(/<\?xml|<Error>|<Code>|\{"code"/);
	expect(output).not.toContain("unhandled exception");
	expect(output).not.toMatch(/^\s+at .*:\d+:\d+\)?$/m);
}

describe("what a failed run prints, through the CLI on the emulators", () => {
	let emulators: RunningEmulators;
	let project: TestProject;
	const extra: RunningEmulators[] = [];

	async function emulatorsWith(options: EmulatorOptions) {
		const started = await startEmulators({ accounts: [me, other], ...options });
		extra.push(started);
		return started.endpoints();
	}
	const setEndpoints = async (
		ep: Record<"cos" | "oss" | "bos", { endpoint: string }> | string,
	) => {
		for (const c of ["cos", "oss", "bos"] as const)
			await project.setConfig(
				`bucket-replication:${c}Endpoint`,
				typeof ep === "string" ? ep : ep[c].endpoint,
			);
	};
	const refresh = () =>
		project.run(["refresh", "--yes", "--skip-preview", "--run-program"]);

	beforeAll(async () => {
		emulators = await startEmulators({
			accounts: [me, other],
			replicationDelayMs: 10,
			ossStartingDelayMs: 10,
			ossClosingDelayMs: 10,
		});
		const ep = emulators.endpoints();
		const c = cosSdk(me, ep.cos.endpoint);
		const region = (Bucket: string) =>
			Bucket.startsWith("dst-") ? "ap-beijing" : "ap-guangzhou";
		for (const Bucket of [
			`dst-${app}`,
			`unver-${app}`,
			`taken-${app}`,
			`foreign-${app}`,
			`role-${app}`,
			`same-${app}`,
			`overlap-${app}`,
		]) {
			await c.putBucket({ Bucket, Region: region(Bucket) });
			if (Bucket.startsWith("unver-")) continue;
			await c.putBucketVersioning({
				Bucket,
				Region: region(Bucket),
				VersioningConfiguration: { Status: "Enabled" },
			});
		}
		for (const [Bucket, Role, ID, Prefix] of [
			[`foreign-${app}`, role, "theirs", "x/"],
			[`role-${app}`, otherRole, "theirs", "x/"],
			[`same-${app}`, role, "same", "other/"],
			[`overlap-${app}`, role, "theirs", "x/"],
		])
			await c.putBucketReplication({
				Bucket,
				Region: "ap-guangzhou",
				ReplicationConfiguration: {
					Role,
					Rules: [
						{
							ID,
							Status: "Enabled",
							Prefix,
							Destination: { Bucket: `qcs::cos:ap-beijing::dst-${app}` },
						},
					],
				},
			});
		await cosSdk(other, ep.cos.endpoint).putBucket({
			Bucket: `theirs-${other.cos.appId}`,
			Region: "ap-guangzhou",
		});

		const oss = (region: string, a = me) =>
			new OSS({
				accessKeyId: a.oss.accessKeyId,
				accessKeySecret: a.oss.accessKeySecret,
				region,
				endpoint: ep.oss.endpoint,
			}) as unknown as OssClient;
		for (const [region, bucket, versioned] of [
			["oss-cn-shanghai", "oss-dst", true],
			["oss-cn-shanghai", "oss-dst2", true],
			["oss-cn-beijing", "oss-dst3", true],
			["oss-us-west-1", "oss-us", true],
			["oss-cn-hangzhou", "oss-unver", false],
			["oss-cn-hangzhou", "oss-conflict", true],
		] as const) {
			await oss(region).putBucket(bucket);
			if (versioned) await oss(region).putBucketVersioning(bucket, "Enabled");
		}
		await oss("oss-cn-hangzhou").request({
			method: "POST",
			bucket: "oss-conflict",
			subres: { replication: "", comp: "add" },
			mime: "xml",
			content: `<?xml version="1.0" encoding="UTF-8"?>\n<ReplicationConfiguration><Rule><ID>theirs</ID><PrefixSet><Prefix>x/</Prefix></PrefixSet><Destination><Bucket>oss-dst</Bucket><Location>oss-cn-shanghai</Location></Destination></Rule></ReplicationConfiguration>`,
			successStatuses: [200],
		});
		await oss("oss-cn-hangzhou", other).putBucket("oss-theirs");

		const bos = (a: Account) =>
			new BosClient({
				endpoint: ep.bos.endpoint,
				credentials: { ak: a.bos.accessKey, sk: a.bos.secretKey },
			});
		const b = bos(me);
		for (const name of ["bos-dst", "bos-same", "bos-twin", "bos-full"])
			await b.createBucket(name);
		const putRule = (bucket: string, id: string, prefix: string) =>
			b.sendRequest("PUT", {
				bucketName: bucket,
				params: { replication: "", id },
				body: JSON.stringify({
					id,
					status: "enabled",
					resource: [`${bucket}/${prefix}`],
					destination: { bucket: "bos-dst" },
					replicateDeletes: "disabled",
				}),
			});
		await putRule("bos-same", "same", "other/*");
		await putRule("bos-twin", "theirs", "logs/*");
		for (let i = 0; i < 10; i++) await putRule("bos-full", `r${i}`, `p${i}/*`);
		await bos(other).createBucket("bos-theirs");

		project = await TestProject.create("runtime-errors", program, {
			...providerEnv(ep),
			BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "1",
		});
	}, 120_000);
	afterAll(async () => {
		await project?.remove();
		for (const e of extra) await e.close();
		await emulators?.close();
	});

	it("up: each resource's failure names its bucket, rule, vendor code, request id and fix", async () => {
		const result = await project.run([
			"up",
			"--yes",
			"--skip-preview",
			"--continue-on-error",
		]);
		expectReadable(result);
		const output = result.stdout + result.stderr;
		expect(output).toMatch(/\+ 4 created/); // the stack and the three kept buckets
		for (const [name, patterns] of createFailures)
			for (const p of patterns) expect(errorOf(output, name)).toMatch(p);
	}, 600_000);

	/** Refresh after `arrange`: each kept bucket fails, the fragments in order after the cloud's head. */
	async function refreshFails(
		expected: Record<"cos" | "oss" | "bos", RegExp>,
	): Promise<void> {
		const result = await refresh();
		expectReadable(result);
		for (const c of ["cos", "oss", "bos"] as const)
			expect(errorOf(result.stdout + result.stderr, kept[c])).toMatch(
				expected[c],
			);
	}

	it("a wrong secret key: SignatureDoesNotMatch, the keys to check, and the stale-config trap", async () => {
		await project.setConfig("tencentcloud:secretKey", wrongSecrets[0], true);
		await project.setConfig("alicloud:secretKey", wrongSecrets[1], true);
		await project.setConfig("baiducloud:secretKey", wrongSecrets[2], true);
		const tail = (keys: string) =>
			`${keys}.*\\. ${stale.replace(/[`.*+?^${}()|[\]\\]/g, "\\$&")}$`;
		const fact = (v: string, status: number) =>
			`\\(HTTP ${status}, ${v} code SignatureDoesNotMatch, ${requestId}\\)\\. Check `;
		await refreshFails({
			cos: new RegExp(
				`^${heads.cos}.*${fact("COS", 403)}${tail("tencentcloud:secretId / tencentcloud:secretKey")}`,
			),
			oss: new RegExp(
				`^${heads.oss}.*${fact("OSS", 403)}${tail("alicloud:accessKey / alicloud:secretKey")}`,
			),
			bos: new RegExp(
				`^${heads.bos}.*${fact("BOS", 400)}${tail("baiducloud:accessKey / baiducloud:secretKey")}`,
			),
		});
		for (const k of [
			"tencentcloud:secretKey",
			"alicloud:secretKey",
			"baiducloud:secretKey",
		])
			await project.mustRun(["config", "rm", k]);
	}, 600_000);

	it("no secret key: the settings to set, worded alike on the three clouds", async () => {
		const saved = project.env;
		project.env = { ...saved };
		for (const k of [
			"TENCENTCLOUD_SECRET_KEY",
			"ALICLOUD_SECRET_KEY",
			"BAIDUCLOUD_SECRET_KEY",
		])
			delete project.env[k];
		try {
			const fix = (id: string, secret: string, env: string) =>
				new RegExp(
					`: no credentials\\. Run \`pulumi config set ${id} <\\w+>\` and \`pulumi config set --secret ${secret} <\\w+>\`, or set ${env}_\\w+ and ${env}_SECRET_KEY\\. \`pulumi refresh\``,
				);
			await refreshFails({
				cos: fix(
					"tencentcloud:secretId",
					"tencentcloud:secretKey",
					"TENCENTCLOUD",
				),
				oss: fix("alicloud:accessKey", "alicloud:secretKey", "ALICLOUD"),
				bos: fix("baiducloud:accessKey", "baiducloud:secretKey", "BAIDUCLOUD"),
			});
		} finally {
			project.env = saved;
		}
	}, 600_000);

	it("an endpoint nothing listens on: no answer, the endpoint setting, retried", async () => {
		await setEndpoints("http://127.0.0.1:9");
		await project.setConfig("bucket-replication:maxRetries", "1");
		const fix = (setting: string) =>
			new RegExp(
				`failed: no answer from the service \\((RequestError: connect )?ECONNREFUSED.*\\)\\. Check the endpoint setting \\(${setting}, now http://127\\.0\\.0\\.1:9\\) and the network; the provider already retried\\. \`pulumi refresh\``,
			);
		await refreshFails({
			cos: fix("bucket-replication:cosEndpoint / TENCENTCLOUD_COS_ENDPOINT"),
			oss: fix("bucket-replication:ossEndpoint / ALICLOUD_OSS_ENDPOINT"),
			bos: fix("bucket-replication:bosEndpoint / BAIDUCLOUD_BOS_ENDPOINT"),
		});
	}, 600_000);

	it("a service that keeps failing (throttling, 5xx, resets): transient, run again", async () => {
		await setEndpoints(await emulatorsWith({ faults: { rate: 1, seed: 3 } }));
		const again =
			/run the command again, or raise bucket-replication:maxRetries \(BUCKET_REPLICATION_MAX_RETRIES\)/;
		await refreshFails({ cos: again, oss: again, bos: again });
	}, 600_000);

	it("a clock out of the allowed skew: the vendor's code and the clock to set", async () => {
		await setEndpoints(await emulatorsWith({ clockSkewMs: -3_600_000 }));
		try {
			await refreshFails({
				cos: new RegExp(
					`^${heads.cos}.*\\(HTTP 403, COS code RequestTimeTooSkewed, ${requestId}\\)\\. Set this machine's clock`,
				),
				oss: new RegExp(
					`^${heads.oss}.*\\(HTTP 403, OSS code RequestTimeTooSkewed, ${requestId}\\)\\. Set this machine's clock`,
				),
				bos: new RegExp(
					`^${heads.bos}.*\\(HTTP \\d+, BOS code RequestTimeTooSkewed, ${requestId}\\)\\. Set this machine's clock`,
				),
			});
		} finally {
			await setEndpoints(emulators.endpoints());
			await project.mustRun(["config", "rm", "bucket-replication:maxRetries"]);
		}
	}, 600_000);

	it("destroy of a bucket that holds objects: the same words on the three clouds", async () => {
		const ep = emulators.endpoints();
		await cosSdk(me, ep.cos.endpoint).putObject({
			Bucket: `keep-${app}`,
			Region: "ap-guangzhou",
			Key: "a",
			Body: "x",
		});
		await (
			new OSS({
				accessKeyId: me.oss.accessKeyId,
				accessKeySecret: me.oss.accessKeySecret,
				region: "oss-cn-hangzhou",
				endpoint: ep.oss.endpoint,
			}) as unknown as OssClient
		)
			.useBucket("oss-keep")
			.put("a", Buffer.from("x"));
		await new BosClient({
			endpoint: ep.bos.endpoint,
			credentials: { ak: me.bos.accessKey, sk: me.bos.secretKey },
		}).putObjectFromString("bos-keep", "a", "x");
		const result = await project.run([
			"destroy",
			"--yes",
			"--skip-preview",
			"--run-program",
		]);
		expectReadable(result);
		const output = result.stdout + result.stderr;
		for (const [c, op] of [
			["cos", "DELETE Bucket"],
			["oss", "DeleteBucket"],
			["bos", "DeleteBucket"],
		] as const)
			expect(errorOf(output, kept[c])).toMatch(
				new RegExp(
					`^${heads[c].split(":")[0]}: ${op} failed: .*\\(HTTP 409, ${c.toUpperCase()} code BucketNotEmpty, ${requestId}\\)\\. \`${c}\\.Bucket\` never deletes data: empty the bucket, every object version included, and run the command again; or keep the bucket and drop it from the stack with \`pulumi state delete <urn>\`$`,
				),
			);
	}, 600_000);

	it("an update COS refuses: versioning suspended under an enabled rule", async () => {
		const ep = emulators.endpoints();
		await cosSdk(me, ep.cos.endpoint).putBucketReplication({
			Bucket: `keep-${app}`,
			Region: "ap-guangzhou",
			ReplicationConfiguration: {
				Role: role,
				Rules: [
					{
						ID: "theirs",
						Status: "Enabled",
						Prefix: "",
						Destination: { Bucket: `qcs::cos:ap-beijing::dst-${app}` },
					},
				],
			},
		});
		project.setProgram(`
import { bos, cos, oss } from "pulumi-bucket-replication";
new cos.Bucket("cos-keep", { bucket: "keep-${app}", region: "ap-guangzhou", versioning: "Suspended" });
new oss.Bucket("oss-keep", { bucket: "oss-keep", region: "cn-hangzhou", versioning: "Enabled" });
new bos.Bucket("bos-keep", { bucket: "bos-keep", region: "bj", versioning: "enabled" });
`);
		const result = await project.run(["up", "--yes", "--skip-preview"]);
		expectReadable(result);
		expect(errorOf(result.stdout + result.stderr, "cos-keep")).toMatch(
			new RegExp(
				`^COS bucket "keep-1250000000": PUT Bucket versioning failed: COS refused to set versioning to Suspended: versioning cannot be suspended while the bucket has an enabled replication rule \\(HTTP 409, COS code InvalidBucketState, ${requestId}\\)\\. `,
			),
		);
	}, 600_000);

	it("a BOS rule enabled behind the stack's back: the error's fix (refresh, then up) works", async () => {
		const rule = (prefix: string) => `
import { bos, cos, oss } from "pulumi-bucket-replication";
new cos.Bucket("cos-keep", { bucket: "keep-${app}", region: "ap-guangzhou", versioning: "Enabled" });
new oss.Bucket("oss-keep", { bucket: "oss-keep", region: "cn-hangzhou", versioning: "Enabled" });
new bos.Bucket("bos-keep", { bucket: "bos-keep", region: "bj", versioning: "enabled" });
new bos.BucketReplicationRule("bos-off", { bucket: "bos-same", region: "bj", ruleId: "off", status: "disabled", resource: ["bos-same/${prefix}/*"], destination: { bucket: "bos-dst" } });
`;
		project.setProgram(rule("off"));
		await project.mustRun(["up", "--yes", "--skip-preview", "--run-program"]);
		const ep = emulators.endpoints();
		const bos = new BosClient({
			endpoint: ep.bos.endpoint,
			credentials: { ak: me.bos.accessKey, sk: me.bos.secretKey },
		});
		await bos.sendRequest("PUT", {
			bucketName: "bos-same",
			params: { replication: "", id: "off" },
			body: JSON.stringify({
				id: "off",
				status: "enabled",
				resource: ["bos-same/off/*"],
				destination: { bucket: "bos-dst" },
				replicateDeletes: "disabled",
			}),
		});
		project.setProgram(rule("off2"));
		const refused = await project.run(["up", "--yes", "--skip-preview"]);
		expectReadable(refused);
		expect(errorOf(refused.stdout + refused.stderr, "bos-off")).toBe(
			'BOS bucket "bos-same" rule "off": the rule is enabled on BOS, and BOS refuses to disable an enabled rule. Run `pulumi refresh`: the next `pulumi up` then replaces the rule (delete, then create it disabled)',
		);
		await project.refresh();
		await project.up();
		const live = await bos.sendRequest("GET", {
			bucketName: "bos-same",
			params: { replication: "", id: "off" },
		});
		expect(live.body).toMatchObject({
			status: "disabled",
			resource: ["bos-same/off2/*"],
		});
	}, 600_000);

	it("two resources claiming one rule: the program stops with both named and no stack trace", async () => {
		project.setProgram(`${program}
new bos.BucketReplicationRule("bos-twice", { bucket: "bos-full", region: "bj", ruleId: "r10", resource: ["bos-full/y/*"], destination: { bucket: "bos-dst" } });
`);
		const result = await project.run(["preview"]);
		expectReadable(result);
		expect(result.stdout + result.stderr).toContain(
			'error: bos.BucketReplicationRule "bos-full" and bos.BucketReplicationRule "bos-twice" both declare rule "r10" on BOS bucket "bos-full"',
		);
	}, 600_000);
});
