import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BosClient } from "@baiducloud/sdk";
import OSS from "ali-oss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	providerEnv,
	type RequestRecord,
	type RunningEmulators,
	startEmulators,
} from "../../emulator/index";
import { cosClient } from "../emulator/bin-helpers";
import { putRule } from "../emulator/bos-helpers";
import { makeBucket, putReplicationRaw } from "../support/cos";
import { addRawRule, deleteRawRule, rawRules } from "../support/oss";
import { root, TestProject } from "../support/pulumi";

/**
 * `pulumi-bucket-replication discover` end to end, for each cloud: rules written out of band with
 * the vendor's SDK, the BUILT command prints declarations, they become a Pulumi program, and `up`
 * takes the rules over without a single write to the emulator; a second `up` changes nothing.
 */

const cli = join(root, "dist/cli/index.js");

interface CliResult {
	code: number;
	stdout: string;
	stderr: string;
}

/** Runs the built command asynchronously: the emulators answer from this process's event loop. */
function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
	return new Promise((resolve) => {
		execFile("node", [cli, ...args], { env }, (error, stdout, stderr) => {
			const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
			resolve({ code, stdout, stderr });
		});
	});
}

const writes = (requests: RequestRecord[]) =>
	requests
		.filter((r) => r.method !== "GET" && r.method !== "HEAD")
		.map((r) => `${r.method} ${r.rawPath}?${r.rawQuery}`);

describe("discover, paste, up: existing rules adopted with no write", () => {
	let emulators: RunningEmulators;
	let env: NodeJS.ProcessEnv;
	const projects: TestProject[] = [];

	/** An ali-oss client of the emulators in `region`. */
	function ossClient(region: string): OSS {
		const { oss: keys } = emulators.endpoints();
		return new OSS({
			accessKeyId: keys.accessKeyId,
			accessKeySecret: keys.accessKeySecret,
			region,
			endpoint: keys.endpoint,
		});
	}

	// The package's ali-oss typings declare only `request` (what the provider uses).
	const putBucket = (c: OSS, bucket: string) =>
		c.request({ method: "PUT", bucket, successStatuses: [200] });

	beforeAll(async () => {
		// Closing lasts long enough to be seen by `discover` on a busy machine (the test then flushes it),
		// short enough for destroy to wait it out.
		emulators = await startEmulators({
			replicationDelayMs: 5,
			ossStartingDelayMs: 50,
			ossClosingDelayMs: 20_000,
		});
		env = {
			...process.env,
			...providerEnv(emulators.endpoints()),
			BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "10",
		};
	});
	afterAll(async () => {
		for (const p of projects) await p.remove();
		await emulators?.close();
	});

	/** Every secret of the emulator accounts: none may appear in what the command prints. */
	function secrets(): string[] {
		const { cos, oss, bos } = emulators.endpoints();
		return [cos.secretKey, oss.accessKeySecret, bos.secretKey];
	}

	async function discover(
		cloud: string,
		bucket: string,
		region: string,
	): Promise<string> {
		const requests = emulators.requests[cloud as "cos" | "oss" | "bos"];
		const mark = requests.length;
		const result = await runCli(
			["discover", "--cloud", cloud, "--bucket", bucket, "--region", region],
			env,
		);
		// docs/discover.md: "GET requests only".
		expect(requests.length).toBeGreaterThan(mark);
		expect(writes(requests.slice(mark))).toEqual([]);
		for (const secret of secrets()) {
			expect(result.stdout).not.toContain(secret);
			expect(result.stderr).not.toContain(secret);
		}
		expect(result, result.stderr).toMatchObject({ code: 0 });
		return result.stdout;
	}

	/**
	 * Puts `snippet` in a new project and runs `up` twice: the first creates `count` resources in
	 * state with no write to `cloud` and leaves `live()` as it was; the second sends nothing at all.
	 */
	async function adopt(
		cloud: "cos" | "oss" | "bos",
		snippet: string,
		count: number,
		live: () => Promise<unknown>,
	): Promise<void> {
		const project = await TestProject.create(`discover-${cloud}`, snippet, env);
		projects.push(project);
		const before = await live();
		const requests = emulators.requests[cloud];

		let mark = requests.length;
		const first = await project.up();
		expect(first.stdout).toMatch(new RegExp(`\\+ ${count + 1} created`));
		expect(writes(requests.slice(mark))).toEqual([]);
		expect(await live()).toEqual(before);

		mark = requests.length;
		const second = await project.mustRun([
			"up",
			"--yes",
			"--skip-preview",
			"--expect-no-changes",
		]);
		expect(second.stdout).toMatch(/\d+ unchanged/);
		expect(requests.slice(mark)).toEqual([]);
	}

	it("COS: the whole document as one cos.BucketReplication", async () => {
		const { cos: keys } = emulators.endpoints();
		const client = cosClient(emulators.endpoints());
		const src = `disc-src-${keys.appId}`;
		const dst = `disc-dst-${keys.appId}`;
		await makeBucket(client, src, "ap-guangzhou");
		await makeBucket(client, dst, "ap-beijing");
		const destination = `qcs::cos:ap-beijing::${dst}`;
		await putReplicationRaw(client, src, "ap-guangzhou", [
			{
				ID: "tagged",
				Status: "Enabled",
				Priority: "1",
				Filter: {
					And: {
						Prefix: "a/",
						Tags: [
							{ Key: "k2", Value: "v2" },
							{ Key: "k1", Value: "v1" },
						],
					},
				},
				Destination: {
					Bucket: destination,
					StorageClass: "Standard_IA",
					EncryptionConfiguration: { ReplicaKmsKeyID: "kms-1" },
				},
				DeleteMarkerReplication: { Status: "Disabled" },
				SourceSelectionCriteria: {
					SseKmsEncryptedObjects: { Status: "Enabled" },
				},
			},
			{
				ID: "plain",
				Status: "Disabled",
				Priority: "2",
				Filter: { Prefix: "b/" },
				Destination: { Bucket: destination },
				DeleteMarkerReplication: { Status: "Enabled" },
			},
			{
				ID: "legacy",
				Status: "Enabled",
				Priority: "3",
				Prefix: "",
				Destination: { Bucket: destination },
			},
		]);

		const snippet = await discover("cos", src, "ap-guangzhou");
		expect(snippet).toContain(
			'import { cos } from "pulumi-bucket-replication";',
		);
		expect(snippet).toContain(
			`new cos.BucketReplication("${src}-replication", {`,
		);
		expect(snippet).toContain("adopt: true,");
		// Defaults the provider fills in are left out.
		expect(snippet).not.toContain("deleteMarkerReplication");

		await adopt("cos", snippet, 1, async () => {
			const got = await client.getBucketReplication({
				Bucket: src,
				Region: "ap-guangzhou",
			});
			return got.ReplicationConfiguration;
		});
	});

	it("OSS: one oss.BucketReplicationRule per rule, closing rules left out", async () => {
		const hangzhou = ossClient("oss-cn-hangzhou");
		for (const name of ["disc-src", "disc-same", "disc-gone"])
			await putBucket(hangzhou, name);
		await putBucket(ossClient("oss-cn-beijing"), "disc-bj");
		await addRawRule(
			hangzhou,
			"disc-src",
			`<Rule><ID>to-beijing</ID><PrefixSet><Prefix>logs/</Prefix><Prefix>img/</Prefix></PrefixSet>
<Action>PUT</Action><Destination><Bucket>disc-bj</Bucket><Location>oss-cn-beijing</Location>
<TransferType>oss_acc</TransferType></Destination><HistoricalObjectReplication>disabled</HistoricalObjectReplication>
<RTC><Status>enabled</Status></RTC><UserTaggings><FilterType>OR</FilterType>
<UserTagging><Key>env</Key><Value>prod</Value></UserTagging><UserTagging><Key>app</Key><Value>web</Value></UserTagging>
</UserTaggings></Rule>`,
		);
		// No ID: OSS generates one, and the declaration must keep it.
		await addRawRule(
			hangzhou,
			"disc-src",
			"<Rule><Destination><Bucket>disc-same</Bucket><Location>oss-cn-hangzhou</Location></Destination></Rule>",
		);
		await addRawRule(
			hangzhou,
			"disc-src",
			"<Rule><ID>going</ID><Destination><Bucket>disc-gone</Bucket><Location>oss-cn-hangzhou</Location></Destination></Rule>",
		);
		await deleteRawRule(hangzhou, "disc-src", "going");
		const generated = (await rawRules(hangzhou, "disc-src"))
			.map((r) => String(r.ID))
			.find((id) => id !== "to-beijing" && id !== "going");

		const result = await runCli(
			[
				"discover",
				"--cloud",
				"oss",
				"--bucket",
				"disc-src",
				"--region",
				"cn-hangzhou",
			],
			env,
		);
		expect(result.code, result.stderr).toBe(0);
		expect(result.stderr).toContain('rule "going" is closing');
		const snippet = result.stdout;
		expect(snippet).toContain(
			'new oss.BucketReplicationRule("disc-src-to-beijing", {',
		);
		expect(snippet).toContain(`ruleId: "${generated}",`);
		expect(snippet).not.toContain('"going"');
		emulators.flush(); // the closing rule is gone before `up` looks for rules

		await adopt("oss", snippet, 2, () => rawRules(hangzhou, "disc-src"));
	});

	it("docs/discover.md: its sample is what discover prints; an OSS id derived from the destination is left out", async () => {
		const hangzhou = ossClient("oss-cn-hangzhou");
		for (const name of ["acme-logs", "acme-derived"])
			await putBucket(hangzhou, name);
		await putBucket(ossClient("oss-cn-beijing"), "acme-logs-bj");
		const destination =
			"<Destination><Bucket>acme-logs-bj</Bucket><Location>oss-cn-beijing</Location></Destination>";
		// The rule of the guide's sample, with OSS's defaults for everything it does not name.
		await addRawRule(
			hangzhou,
			"acme-logs",
			`<Rule><ID>to-beijing</ID><PrefixSet><Prefix>logs/</Prefix></PrefixSet>${destination}</Rule>`,
		);
		// The id an oss.BucketReplicationRule without ruleId gets (to-<bucket>-<location>).
		await addRawRule(
			hangzhou,
			"acme-derived",
			`<Rule><ID>to-acme-logs-bj-oss-cn-beijing</ID>${destination}</Rule>`,
		);

		const guide = readFileSync(join(root, "docs/discover.md"), "utf8");
		const sample = /^```ts\n([\s\S]*?)^```$/m.exec(guide)?.[1];
		expect(await discover("oss", "acme-logs", "cn-hangzhou")).toBe(sample);

		// --region takes the oss- form too (docs/discover.md).
		const derived = await discover("oss", "acme-derived", "oss-cn-hangzhou");
		expect(derived).toContain('region: "oss-cn-hangzhou",');
		expect(derived).toContain(
			'new oss.BucketReplicationRule("acme-derived-to-acme-logs-bj-oss-cn-beijing", {',
		);
		expect(derived).not.toContain("ruleId");
	});

	it("BOS: one bos.BucketReplicationRule per rule", async () => {
		const { bos: keys } = emulators.endpoints();
		const client = new BosClient({
			endpoint: keys.endpoint,
			credentials: { ak: keys.accessKey, sk: keys.secretKey },
		});
		await client.createBucket("disc-src");
		await client.createBucket("disc-dst");
		await putRule(client, "disc-src", {
			id: "logs",
			status: "enabled",
			resource: ["disc-src/logs/*", "disc-src/app/*"],
			notIncludeResource: ["disc-src/logs/tmp*", "disc-src/*.tmp"],
			destination: {
				bucket: "disc-dst",
				storageClass: "STANDARD_IA",
				prefix: "copy/",
			},
			replicateHistory: { storageClass: "COLD" },
			replicateDeletes: "enabled",
		});
		await putRule(client, "disc-src", {
			id: "all",
			status: "disabled",
			resource: ["disc-src/*"],
			destination: { bucket: "disc-dst" },
			replicateHistory: {},
			replicateDeletes: "disabled",
		});

		const snippet = await discover("bos", "disc-src", "bj");
		expect(snippet).toContain(
			'new bos.BucketReplicationRule("disc-src-all", {',
		);
		expect(snippet).toContain("replicateHistory: {},");

		await adopt(
			"bos",
			snippet,
			2,
			async () => (await client.listBucketReplication("disc-src")).body.rules,
		);
	});

	it("fails clearly: bad command line or setting (2), unreadable bucket (1), no rules (0, nothing printed)", async () => {
		const usage = await runCli(["discover", "--cloud", "gcs"], env);
		expect(usage.code).toBe(2);
		expect(usage.stderr).toContain("--cloud must be one of cos, oss, bos");
		const unknown = await runCli(["discover", "--bukket", "x"], env);
		expect(unknown.code).toBe(2);
		expect(unknown.stderr).toContain("--bukket");
		const help = await runCli(["--help"], env);
		expect(help.code).toBe(0);
		expect(help.stdout).toContain("discover --cloud <cos|oss|bos>");
		// Settings checked as `pulumi preview` checks them, before any request, quoting no secret.
		const sent = emulators.requests.bos.length;
		const settings = await runCli(
			["discover", "--cloud", "bos", "--region", "bj", "--bucket", "disc-src"],
			{
				...env,
				BAIDUCLOUD_BOS_ENDPOINT: emulators.bos.endpoint.replace(
					"//",
					"//alice:SeCrEt@",
				),
				BUCKET_REPLICATION_REQUEST_TIMEOUT_MS: "3000000000",
				BUCKET_REPLICATION_MAX_RETRY: "3",
			},
		);
		expect(settings.code).toBe(2);
		expect(settings.stderr).toContain(
			'the environment variable BUCKET_REPLICATION_MAX_RETRY is not read by pulumi-bucket-replication, so it would be ignored; did you mean "BUCKET_REPLICATION_MAX_RETRIES"?',
		);
		expect(settings.stderr).toContain(
			"bucket-replication:requestTimeoutMs (or BUCKET_REPLICATION_REQUEST_TIMEOUT_MS) is not a number from 0 to 2147483647",
		);
		expect(settings.stderr).toContain(
			"bucket-replication:bosEndpoint (or BAIDUCLOUD_BOS_ENDPOINT) has a user or password",
		);
		expect(settings.stderr).not.toMatch(/alice|SeCrEt|3000000000/);
		expect(emulators.requests.bos.length).toBe(sent);

		const args = ["discover", "--cloud", "bos", "--region", "bj", "--bucket"];
		const noKeys = await runCli([...args, "disc-src"], {
			...env,
			BAIDUCLOUD_ACCESS_KEY: "",
		});
		expect(noKeys.code).toBe(1);
		expect(noKeys.stderr).toContain("no credentials");
		const missing = await runCli([...args, "no-such-bucket"], env);
		expect(missing.code).toBe(1);
		expect(missing.stderr).toContain("NoSuchBucket");
		expect(missing.stdout).toBe("");

		await new BosClient({
			endpoint: emulators.bos.endpoint,
			credentials: {
				ak: emulators.bos.accessKey,
				sk: emulators.bos.secretKey,
			},
		}).createBucket("disc-empty");
		const empty = await runCli([...args, "disc-empty"], env);
		expect(empty).toMatchObject({ code: 0, stdout: "" });
		expect(empty.stderr).toContain("has no replication rules");
	});

	it("exit 3: a rule the provider cannot declare as it is (a COS rule without an id) is printed with a WARNING", async () => {
		const { cos: keys } = emulators.endpoints();
		const client = cosClient(emulators.endpoints());
		const src = `disc-noid-${keys.appId}`;
		const dst = `disc-noid-dst-${keys.appId}`;
		await makeBucket(client, src, "ap-guangzhou");
		await makeBucket(client, dst, "ap-beijing");
		await putReplicationRaw(client, src, "ap-guangzhou", [
			{
				Status: "Enabled",
				Prefix: "a/",
				Destination: { Bucket: `qcs::cos:ap-beijing::${dst}` },
			},
		]);
		const result = await runCli(
			[
				"discover",
				"--cloud",
				"cos",
				"--bucket",
				src,
				"--region",
				"ap-guangzhou",
			],
			env,
		);
		expect(result.code, result.stderr).toBe(3);
		expect(result.stdout).toMatch(/^\/\/ WARNING: .*rules\[0\]\.id/m);
		expect(result.stdout).toContain(
			`new cos.BucketReplication("${src}-replication", {`,
		);
		expect(result.stderr).toContain("WARNING");
	});
});
