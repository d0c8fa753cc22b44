import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../provider";
import type { Props } from "../../provider/core/types";
import {
	addRawRule,
	deleteRawRule,
	type OssEmulator,
	rawRules,
	startOssEmulator,
	summary,
	writes,
} from "../support/oss";
import { checked, failureOf, useForProvider } from "../support/runtime";

const src = "oss-cn-hangzhou";
const dstRegion = "oss-cn-beijing";
let oss: OssEmulator;

beforeAll(async () => {
	oss = await startOssEmulator();
	useForProvider(oss.env);
});
afterAll(async () => oss?.close());

async function bucket(
	prefix: string,
	region: string,
	versioning?: string,
): Promise<string> {
	const name = oss.name(prefix);
	await runtime.create(
		await checked({
			__resource: "OssBucket",
			bucket: name,
			region,
			versioning,
		}),
	);
	return name;
}

async function pair(versioning = "Enabled") {
	return {
		source: await bucket("src", src, versioning),
		target: await bucket("dst", dstRegion, versioning),
	};
}

const ruleInputs = (
	source: string,
	target: string,
	extra: Props = {},
): Props => ({
	__resource: "OssBucketReplicationRule",
	bucket: source,
	region: src,
	ruleId: "r1",
	prefixes: ["logs/"],
	destination: { bucket: target, location: dstRegion },
	...extra,
});

/** Runs `fn` and returns the requests the emulator answered meanwhile. */
async function counted(fn: () => Promise<unknown>) {
	const mark = oss.server.requests.length;
	await fn();
	return oss.since(mark);
}

describe("oss.BucketReplicationRule against the OSS emulator", () => {
	it("creates a rule with every field, and reads it back equal to its inputs", async () => {
		const { source, target } = await pair();
		const inputs = await checked(
			ruleInputs(source, target, {
				prefixes: ["video/", "a&b<c>/"],
				action: "PUT",
				historicalObjectReplication: "disabled",
				syncRole: "aliyunramrole",
				sseKmsEncryptedObjects: "Enabled",
				replicaKmsKeyId: "key-1",
				rtc: "enabled",
				destination: {
					bucket: target,
					location: "cn-beijing",
					transferType: "oss_acc",
				},
				userTaggings: {
					filterType: "AND",
					userTagging: [
						{ key: "team", value: "data" },
						{ key: "env", value: "prod" },
					],
				},
			}),
		);
		const requests = await counted(async () => {
			const created = await runtime.create(inputs);
			expect(created.id).toBe(`${source}:r1`);
			expect(created.outs).toMatchObject({ ruleId: "r1", status: "starting" });
		});
		// GetBucketReplication, GetBucketInfo x2, GetBucketReplicationLocation, PutBucketReplication.
		expect(requests).toHaveLength(5);
		expect(summary(writes(requests))).toEqual(["POST /?replication=&comp=add"]);

		const [raw] = await rawRules(oss.client(src), source);
		expect(raw).toMatchObject({
			ID: "r1",
			PrefixSet: { Prefix: ["a&b<c>/", "video/"] },
			Action: "PUT",
			Destination: {
				Bucket: target,
				Location: dstRegion,
				TransferType: "oss_acc",
			},
			SyncRole: "aliyunramrole",
			EncryptionConfiguration: { ReplicaKmsKeyID: "key-1" },
		});

		const read = await runtime.read(`${source}:r1`, {
			...inputs,
			__provider: "x",
		});
		expect(read.id).toBe(`${source}:r1`);
		// The live configuration is the program's: no diff after a refresh.
		const { __resource, ...rest } = inputs;
		// OSS lists prefixes and tags sorted; read returns them in the order of the stored inputs.
		expect(read.inputs).toEqual(inputs);
		expect(read.inputs?.prefixes).toEqual(["video/", "a&b<c>/"]);
		expect(read.props?.userTaggings).toEqual(inputs.userTaggings);
		expect((read.props as Props).live).toBeDefined();
		expect(
			await runtime.diff(`${source}:r1`, read.props ?? {}, inputs),
		).toEqual({
			changes: false,
		});
		expect(rest.ruleId).toBe("r1");
	});

	it("keeps the user's order of prefixes and tags in outputs and through read; new entries read sorted", async () => {
		const { source, target } = await pair();
		const prefixes = ["z/", "a/", "m/"];
		const userTaggings = {
			filterType: "OR",
			userTagging: [
				{ key: "team", value: "data" },
				{ key: "env", value: "prod" },
			],
		};
		const inputs = await checked(
			ruleInputs(source, target, { prefixes, userTaggings }),
		);
		const created = await runtime.create(inputs);
		expect(created.outs.prefixes).toEqual(prefixes);
		expect(created.outs.userTaggings).toEqual(userTaggings);
		const read = await runtime.read(created.id, created.outs);
		expect(read.inputs?.prefixes).toEqual(prefixes);
		expect(read.inputs?.userTaggings).toEqual(userTaggings);
		expect(read.props?.prefixes).toEqual(prefixes);
		expect(await runtime.diff(created.id, read.props ?? {}, inputs)).toEqual({
			changes: false,
		});
		// An update (RTC) keeps the new inputs' order.
		const rtc = await checked(
			ruleInputs(source, target, { prefixes, userTaggings, rtc: "enabled" }),
			read.inputs,
		);
		const updated = await runtime.update(created.id, read.props ?? {}, rtc);
		expect(updated.outs?.prefixes).toEqual(prefixes);
		expect(updated.outs?.userTaggings).toEqual(userTaggings);
		// Stored lists that hold other entries (an earlier write, sorted): the live order.
		const other = await runtime.read(created.id, {
			...created.outs,
			prefixes: ["a/", "b/"],
		});
		expect(other.inputs?.prefixes).toEqual(["a/", "m/", "z/"]);
	});

	it("reports status and progress after a refresh, from GetBucketReplicationProgress", async () => {
		const { source, target } = await pair();
		const inputs = await checked(ruleInputs(source, target));
		const { outs } = await runtime.create(inputs);
		await oss.service.idle();
		const requests = await counted(async () => {
			const read = await runtime.read(`${source}:r1`, outs);
			expect(read.props).toMatchObject({
				status: "doing",
				progress: { historicalObjectPercent: 100 },
			});
		});
		expect(summary(requests)).toEqual([
			"GET /?replication=",
			"GET /?rule-id=r1&replicationProgress=",
		]);
	});

	it("same-region replication needs no replication-location lookup", async () => {
		const source = await bucket("src", src);
		const target = await bucket("dst", src);
		const inputs = await checked(
			ruleInputs(source, target, {
				destination: { bucket: target, location: src },
			}),
		);
		const requests = await counted(() => runtime.create(inputs));
		expect(summary(requests)).toEqual([
			"GET /?replication=",
			"GET /?bucketInfo=",
			"GET /?bucketInfo=",
			"POST /?replication=&comp=add",
		]);
	});

	it("two rules from one bucket to two destinations; each bucket's preconditions read once", async () => {
		const { source, target } = await pair();
		const other = await bucket("dst", "oss-cn-shanghai", "Enabled");
		const mark = oss.server.requests.length;
		await Promise.all([
			runtime.create(
				await checked(ruleInputs(source, target, { ruleId: "to-beijing" })),
			),
			runtime.create(
				await checked(
					ruleInputs(source, other, {
						ruleId: "to-shanghai",
						destination: { bucket: other, location: "oss-cn-shanghai" },
					}),
				),
			),
		]);
		const ids = (await rawRules(oss.client(src), source))
			.map((r) => r.ID)
			.sort();
		expect(ids).toEqual(["to-beijing", "to-shanghai"]);
		// GetBucketInfo of the source once for both rules, and of each destination.
		const infos = summary(oss.since(mark)).filter(
			(r) => r === "GET /?bucketInfo=",
		);
		expect(infos).toHaveLength(3);
	});

	it("toggles RTC in place with one PutBucketRTC", async () => {
		const { source, target } = await pair();
		const before = await checked(ruleInputs(source, target));
		const { outs } = await runtime.create(before);
		const after = await checked(
			ruleInputs(source, target, { rtc: "enabled" }),
			before,
		);
		expect(await runtime.diff(`${source}:r1`, outs, after)).toEqual({
			changes: undefined,
		});
		const requests = await counted(() =>
			runtime.update(`${source}:r1`, outs, after),
		);
		expect(summary(requests)).toEqual(["PUT /?rtc="]);
		const [raw] = await rawRules(oss.client(src), source);
		expect(["enabled", "enabling"]).toContain((raw.RTC as Props).Status);
	});

	it("turning RTC on toward a region without it fails with the vendor code and the fix", async () => {
		const source = await bucket("src", src, "Enabled");
		const target = await bucket("dst", "oss-us-west-1", "Enabled");
		const location = { bucket: target, location: "oss-us-west-1" };
		const before = await checked(
			ruleInputs(source, target, { destination: location }),
		);
		const { outs } = await runtime.create(before);
		const after = await checked(
			ruleInputs(source, target, { destination: location, rtc: "enabled" }),
			before,
		);
		const error = await failureOf(runtime.update(`${source}:r1`, outs, after));
		expect(error.message).toMatch(
			/PutBucketRTC failed: .*OSS code ReplicationLocationNotSupportRtc, request id \w+\)\. OSS offers no RTC between these two regions: set rtc: "disabled"/,
		);
	});

	it("a 101st rule from one bucket fails with the vendor code and the fix (seed 002: 100 rules per bucket)", async () => {
		const source = await bucket("src", src);
		const beijing = oss.client(dstRegion);
		const hangzhou = oss.client(src);
		for (let i = 0; i < 100; i++) {
			const name = oss.name("many");
			await beijing.request({
				method: "PUT",
				bucket: name,
				successStatuses: [200],
			});
			await addRawRule(
				hangzhou,
				source,
				`<Rule><ID>r${i}</ID><Destination><Bucket>${name}</Bucket><Location>${dstRegion}</Location></Destination></Rule>`,
			);
		}
		const target = await bucket("dst", dstRegion);
		const error = await failureOf(
			runtime.create(
				await checked(ruleInputs(source, target, { ruleId: "r100" })),
			),
		);
		expect(error.message).toMatch(
			/PutBucketReplication failed: .*OSS code TooManyOutgoingReplication, request id \w+\)\. OSS allows 100 rules from a bucket/,
		);
	});

	it("changing deleteTimeoutSeconds or adopt (the provider's own settings) sends nothing", async () => {
		const { source, target } = await pair();
		const before = await checked(ruleInputs(source, target));
		const { outs } = await runtime.create(before);
		const after = await checked(
			ruleInputs(source, target, { deleteTimeoutSeconds: 60, adopt: true }),
			before,
		);
		const requests = await counted(() =>
			runtime.update(`${source}:r1`, outs, after),
		);
		expect(requests).toEqual([]);
	});

	it("deletes a rule and returns only once it is gone", async () => {
		const { source, target } = await pair();
		const inputs = await checked(ruleInputs(source, target));
		const { outs } = await runtime.create(inputs);
		const requests = await counted(() => runtime.delete(`${source}:r1`, outs));
		expect(await rawRules(oss.client(src), source)).toEqual([]);
		expect(summary(writes(requests))).toEqual([
			"POST /?replication=&comp=delete",
		]);
		// Then GetBucketReplication until the rule is gone.
		const [first, ...polls] = summary(requests);
		expect(first).toBe("POST /?replication=&comp=delete");
		expect(polls.length).toBeGreaterThanOrEqual(1);
		expect(new Set(polls)).toEqual(new Set(["GET /?replication="]));
		// Deleting again (a retried destroy) is fine.
		await runtime.delete(`${source}:r1`, outs);
	});

	it("replaces: delete waits for closing, then create with the same id and destination succeeds", async () => {
		const { source, target } = await pair();
		const old = await checked(ruleInputs(source, target));
		const { outs } = await runtime.create(old);
		const next = await checked(
			ruleInputs(source, target, { prefixes: ["video/"] }),
			old,
		);
		expect(await runtime.diff(`${source}:r1`, outs, next)).toEqual({
			changes: undefined,
			replaces: ["prefixes"],
			deleteBeforeReplace: true,
		});
		await runtime.delete(`${source}:r1`, outs);
		await runtime.create(next);
		const [raw] = await rawRules(oss.client(src), source);
		expect(raw).toMatchObject({ ID: "r1", PrefixSet: { Prefix: "video/" } });
	});

	it("create waits for a closing rule of the same pair (deleted out of band) before adding", async () => {
		const { source, target } = await pair();
		const inputs = await checked(ruleInputs(source, target));
		await runtime.create(inputs);
		await deleteRawRule(oss.client(src), source, "r1");
		await runtime.create(inputs);
		const rules = await rawRules(oss.client(src), source);
		// A new rule: `starting`, which a timer moves on to `doing`; never `closing`.
		expect(rules.map((r) => r.ID)).toEqual(["r1"]);
		expect(["starting", "doing"]).toContain(rules[0].Status);
	});

	it("read returns no id for a rule deleted out of band, closing or gone", async () => {
		const { source, target } = await pair();
		const { outs } = await runtime.create(
			await checked(ruleInputs(source, target)),
		);
		await deleteRawRule(oss.client(src), source, "r1");
		expect(await runtime.read(`${source}:r1`, outs)).toEqual({});
		await oss.service.idle();
		expect(await runtime.read(`${source}:r1`, outs)).toEqual({});
	});

	it("read shows RTC changed out of band as drift; update repairs it", async () => {
		const { source, target } = await pair();
		const inputs = await checked(ruleInputs(source, target));
		const { outs } = await runtime.create(inputs);
		await oss.client(src).request({
			method: "PUT",
			bucket: source,
			subres: "rtc",
			mime: "xml",
			content:
				"<ReplicationRule><RTC><Status>enabled</Status></RTC><ID>r1</ID></ReplicationRule>",
			successStatuses: [200],
		});
		const read = await runtime.read(`${source}:r1`, outs);
		expect(read.inputs).toMatchObject({ rtc: "enabled" });
		const props = read.props ?? {};
		expect(await runtime.diff(`${source}:r1`, props, inputs)).toEqual({
			changes: true,
		});
		const requests = await counted(() =>
			runtime.update(`${source}:r1`, props, inputs),
		);
		expect(summary(requests)).toEqual(["PUT /?rtc="]);
		const [raw] = await rawRules(oss.client(src), source);
		expect((raw.RTC as Props).Status).toBe("disabled");
	});

	it("takes an identical rule as its own earlier write with one GetBucketReplication, no write", async () => {
		const { source, target } = await pair();
		await addRawRule(
			oss.client(src),
			source,
			`<Rule><ID>manual</ID><PrefixSet><Prefix>logs/</Prefix></PrefixSet><Destination><Bucket>${target}</Bucket><Location>${dstRegion}</Location></Destination></Rule>`,
		);
		const requests = await counted(async () => {
			const { outs } = await runtime.create(
				await checked(ruleInputs(source, target, { ruleId: "manual" })),
			);
			expect(outs).toMatchObject({ ruleId: "manual" });
		});
		// docs/oss.md, requests per operation: adopt is 1, GetBucketReplication.
		expect(summary(requests)).toEqual(["GET /?replication="]);
	});

	it("a rule declared without ruleId gets the id of its pair, and a re-run finds its own rule", async () => {
		const { source, target } = await pair();
		const { ruleId: _, ...noId } = ruleInputs(source, target);
		const inputs = await checked(noId);
		expect(inputs.ruleId).toBe(`to-${target}-${dstRegion}`);
		await runtime.create(inputs);
		// The next run after an interrupted one: the same id, the same rule, nothing written.
		const again = await counted(() => runtime.create(inputs));
		expect(writes(again)).toEqual([]);
	});

	it("refuses a different rule on the same pair, naming it and what differs, even with adopt", async () => {
		const { source, target } = await pair();
		await addRawRule(
			oss.client(src),
			source,
			`<Rule><ID>manual</ID><PrefixSet><Prefix>other/</Prefix></PrefixSet><Action>PUT</Action><Destination><Bucket>${target}</Bucket><Location>${dstRegion}</Location></Destination></Rule>`,
		);
		const error = await failureOf(
			runtime.create(
				await checked(ruleInputs(source, target, { adopt: true })),
			),
		);
		expect(error.name).toBe("ConflictError");
		expect(error.message).toBe(
			`OSS bucket "${source}" rule "r1": the bucket already has rule "manual" to destination "${target}" (OSS allows one rule per source and destination), and it differs in ruleId, prefixes, action; it may belong to another resource of this stack, to another stack, or to a tool outside Pulumi. If another resource declares the same destination, keep one of the two. To manage the existing rule here instead, delete it, or make this resource identical to it (ruleId: "manual")`,
		);
		expect((await rawRules(oss.client(src), source)).map((r) => r.ID)).toEqual([
			"manual",
		]);
	});

	describe("checks preconditions before the first write", () => {
		const cases: Array<
			[string, () => Promise<[string, string, Props]>, RegExp]
		> = [
			[
				"source bucket missing",
				async () => ["missing-src-bucket", await bucket("dst", dstRegion), {}],
				/the source bucket "missing-src-bucket" does not exist in oss-cn-hangzhou \(GetBucketReplication: OSS code NoSuchBucket, request id [0-9A-F]+\)/,
			],
			[
				"source bucket in another region than region",
				async () => [
					await bucket("src", "oss-cn-shanghai"),
					await bucket("dst", dstRegion),
					{},
				],
				/the source bucket "[^"]+" is not in oss-cn-hangzhou: .*\(GetBucketReplication: OSS code AccessDenied, request id [0-9A-F]+\)\. Set region to the bucket's region/,
			],
			[
				"destination bucket missing",
				async () => [await bucket("src", src), "missing-dst-bucket", {}],
				/the destination bucket "missing-dst-bucket" does not exist in oss-cn-beijing \(GetBucketInfo: OSS code NoSuchBucket, request id [0-9A-F]+\)/,
			],
			[
				"versioning differs",
				async () => [
					await bucket("src", src, "Enabled"),
					await bucket("dst", dstRegion),
					{},
				],
				/the source bucket is versioning Enabled and the destination bucket "[^"]+" is never versioned/,
			],
			[
				"RTC not offered to that region",
				async () => {
					const target = await bucket("dst", "oss-us-west-1");
					return [
						await bucket("src", src),
						target,
						{
							rtc: "enabled",
							destination: { bucket: target, location: "oss-us-west-1" },
						},
					];
				},
				/RTC is not available from oss-cn-hangzhou to oss-us-west-1\. Set rtc: "disabled"/,
			],
		];
		it.each(cases)("%s", async (_name, arrange, message) => {
			const [source, target, extra] = await arrange();
			const mark = oss.server.requests.length;
			const error = await failureOf(
				runtime.create(await checked(ruleInputs(source, target, extra))),
			);
			expect(error.name).toBe("PreconditionError");
			expect(error.message).toMatch(message);
			expect(writes(oss.since(mark))).toEqual([]);
		});
	});

	it("a destination addressed through the wrong region fails with the vendor's answer explained", async () => {
		const source = await bucket("src", src);
		const target = await bucket("dst", "oss-cn-shanghai");
		const error = await failureOf(
			runtime.create(await checked(ruleInputs(source, target))),
		);
		expect(error.name).toBe("PreconditionError");
		expect(error.message).toContain(
			`the destination bucket "${target}" is not in oss-cn-beijing`,
		);
		expect(error.message).toMatch(
			/OSS code AccessDenied, request id [0-9A-F]+\)\. Set destination\.location to the bucket's region/,
		);
	});
});

/**
 * Runs `body` against an OSS emulator of its own (`options`: delays the shared one must not have), with
 * a source and a destination bucket created, and the environment pointed at it.
 */
async function withOwnEmulator(
	options: Parameters<typeof startOssEmulator>[0],
	body: (
		emulator: Awaited<ReturnType<typeof startOssEmulator>>,
		source: string,
		target: string,
	) => Promise<void>,
): Promise<void> {
	const own = await startOssEmulator(options);
	const saved = { ...process.env };
	Object.assign(process.env, own.env);
	try {
		const bucket = async (prefix: string, region: string) => {
			const b = own.name(prefix);
			await runtime.create(
				await checked({ __resource: "OssBucket", bucket: b, region }),
			);
			return b;
		};
		await body(own, await bucket("src", src), await bucket("dst", dstRegion));
	} finally {
		process.env = saved;
		await own.close();
	}
}

describe("a rule still starting", () => {
	it("refresh reads it with one GetBucketReplication and keeps status starting (docs/oss.md requests table)", async () => {
		await withOwnEmulator(
			{ startingDelayMs: 3_600_000 },
			async (slow, source, target) => {
				const { outs } = await runtime.create(
					await checked(ruleInputs(source, target)),
				);
				const mark = slow.server.requests.length;
				const read = await runtime.read(`${source}:r1`, outs);
				expect(read.props?.status).toBe("starting");
				expect(summary(slow.since(mark))).toEqual(["GET /?replication="]);
			},
		);
	});
});

describe("failures", () => {
	it("a delete that outlives its timeout fails, saying what is still closing", async () => {
		await withOwnEmulator(
			{ closingDelayMs: 60_000 },
			async (_emulator, source, target) => {
				const inputs = await checked(
					ruleInputs(source, target, { deleteTimeoutSeconds: 1 }),
				);
				const { outs } = await runtime.create(inputs);
				const error = await failureOf(runtime.delete(`${source}:r1`, outs));
				expect(error.name).toBe("WaitTimeoutError");
				expect(error.message).toMatch(
					new RegExp(
						`^OSS bucket "${source}" rule "r1": the deleted rule "r1" is still there after 1 s \\("r1" closing\\); OSS refuses a new rule to destination "${target}" until it is gone\\. OSS finishes closing on its own: run the same command \\(\`pulumi up\` or \`pulumi destroy\`\\) again later \\(the delete is retried and waits again\\), or raise deleteTimeoutSeconds$`,
					),
				);
				// A retried delete of a closing rule is accepted (204) and waits again.
				const again = await failureOf(runtime.delete(`${source}:r1`, outs));
				expect(again.name).toBe("WaitTimeoutError");
			},
		);
	});

	it("missing credentials fail before any request, naming the settings", async () => {
		const saved = { ...process.env };
		delete process.env.ALICLOUD_ACCESS_KEY;
		const mark = oss.server.requests.length;
		try {
			const error = await failureOf(
				runtime.read(
					"b:r1",
					await checked(ruleInputs("some-bucket", "other-bucket")),
				),
			);
			expect(error.name).toBe("CredentialsError");
			expect(error.message).toContain("ALICLOUD_ACCESS_KEY");
			expect(oss.since(mark)).toEqual([]);
		} finally {
			process.env = saved;
		}
	});

	it("a wrong secret fails with the vendor code, and the secret is in no message", async () => {
		const saved = { ...process.env };
		process.env.ALICLOUD_SECRET_KEY = "not-the-right-secret-value";
		try {
			const error = await failureOf(
				runtime.read(
					"b:r1",
					await checked(ruleInputs("some-bucket", "other-bucket")),
				),
			);
			expect(error.name).toBe("CloudApiError");
			expect(error.message).toContain("SignatureDoesNotMatch");
			expect(error.message).not.toContain("not-the-right-secret-value");
			expect(error.message).not.toContain(oss.account.oss.accessKeySecret);
			expect(Object.keys(error)).not.toContain("id");
		} finally {
			process.env = saved;
		}
	});

	it("no answer from the endpoint is a NetworkError after our retries", async () => {
		const saved = { ...process.env };
		process.env.ALICLOUD_OSS_ENDPOINT = "http://127.0.0.1:9";
		process.env.BUCKET_REPLICATION_MAX_RETRIES = "1";
		try {
			const error = await failureOf(
				runtime.read(
					"b:r1",
					await checked(ruleInputs("some-bucket", "other-bucket")),
				),
			);
			expect(error.name).toBe("NetworkError");
			expect(error.message).toMatch(
				/^OSS bucket "some-bucket" rule "r1": GetBucketReplication failed: no answer from the service/,
			);
		} finally {
			process.env = saved;
		}
	});
});
