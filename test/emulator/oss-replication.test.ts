import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	addRule,
	deleteRule,
	getLocation,
	getProgress,
	getRules,
	type OssClient,
	type OssHarness,
	obj2xml,
	putRtc,
	type RuleXml,
	sendXml,
	startOss,
} from "./oss-helpers";

let oss: OssHarness;
let hangzhou: OssClient;
let beijing: OssClient;

const toBeijing = { Bucket: "rep-dst", Location: "oss-cn-beijing" };

beforeAll(async () => {
	oss = await startOss();
	hangzhou = oss.client();
	beijing = oss.client({ region: "oss-cn-beijing" });
	for (const name of ["rep-src", "rep-same", "rep-empty"])
		await hangzhou.putBucket(name);
	for (const name of ["rep-dst", "rep-dst2", "rep-dst3", "rep-ver"])
		await beijing.putBucket(name);
	await beijing.putBucketVersioning("rep-ver", "Enabled");
	await oss.client({ region: "oss-ap-southeast-1" }).putBucket("rep-sg");
	await oss
		.client({ region: "oss-cn-beijing", account: oss.accounts[1] })
		.putBucket("rep-bob");
});
afterAll(() => oss.close());

describe("PutBucketReplication and GetBucketReplication", () => {
	it("adds the probe's rule, shows it starting then doing, in the vendor's shape", async () => {
		const rule = {
			ID: "rule1",
			RTC: { Status: "enabled" },
			PrefixSet: { Prefix: ["logs/", "video/"] },
			Action: "ALL",
			Destination: { ...toBeijing, TransferType: "internal" },
			HistoricalObjectReplication: "enabled",
			SyncRole: "aliyunramrole",
			UserTaggings: {
				FilterType: "OR",
				UserTagging: [{ Key: "env", Value: "prod" }],
			},
		};
		const added = await addRule(hangzhou, "rep-src", rule);
		expect(added).toEqual({ status: 200, ruleId: "rule1" });
		const [starting] = await getRules(hangzhou, "rep-src");
		expect(starting).toMatchObject({
			ID: "rule1",
			Status: "starting",
			RTC: { Status: "enabling" },
		});

		oss.service.flush();
		const [doing] = await getRules(hangzhou, "rep-src");
		expect(doing).toEqual({
			ID: "rule1",
			PrefixSet: { Prefix: ["logs/", "video/"] },
			Action: "ALL",
			// TransferType is only returned when it is oss_acc.
			Destination: toBeijing,
			Status: "doing",
			HistoricalObjectReplication: "enabled",
			SyncRole: "aliyunramrole",
			RTC: { Status: "enabled" },
			UserTaggings: {
				FilterType: "OR",
				UserTagging: { Key: "env", Value: "prod" },
			},
		});
		await expect(getRules(beijing, "rep-dst")).rejects.toMatchObject({
			code: "NoSuchReplicationConfiguration",
			status: 404,
		});
		expect(
			(await hangzhou.getBucketInfo("rep-src")).bucket.CrossRegionReplication,
		).toBe("Enabled");
	});

	it("refuses a second rule between the same buckets with BucketReplicationAlreadyExist", async () => {
		await expect(
			addRule(hangzhou, "rep-src", { Destination: toBeijing }),
		).rejects.toMatchObject({
			code: "BucketReplicationAlreadyExist",
			status: 400,
			ecCode: "0031-00000044",
		});
	});

	it("refuses a rule whose ID the bucket already has, to another destination: 400 InvalidArgument (seed 002: the unique ID)", async () => {
		await expect(
			addRule(hangzhou, "rep-src", {
				ID: "rule1",
				Destination: { Bucket: "rep-dst3", Location: "oss-cn-beijing" },
			}),
		).rejects.toMatchObject({
			code: "InvalidArgument",
			status: 400,
			message: expect.stringContaining("rule1 already exists"),
		});
	});

	it("generates a rule id when none is given, and accepts ?replication without '='", async () => {
		const bare = oss.client();
		const real = bare.urllib;
		bare.urllib = {
			request: (url, params) =>
				real.request(url.replace("replication=", "replication"), params),
		};
		const { ruleId } = await addRule(bare, "rep-src", {
			Destination: { Bucket: "rep-dst2", Location: "oss-cn-beijing" },
		});
		expect(ruleId).toMatch(/^[0-9a-f-]{36}$/);
		const rules = await getRules(bare, "rep-src");
		expect(rules.find((r) => r.ID === ruleId)).toMatchObject({
			Action: "ALL",
			HistoricalObjectReplication: "enabled",
			Destination: { Bucket: "rep-dst2" },
		});
	});

	it("echoes SSE-KMS settings and oss_acc", async () => {
		await addRule(hangzhou, "rep-src", {
			ID: "kms",
			Action: "PUT",
			Destination: {
				Bucket: "rep-dst3",
				Location: "oss-cn-beijing",
				TransferType: "oss_acc",
			},
			SyncRole: "role",
			SourceSelectionCriteria: {
				SseKmsEncryptedObjects: { Status: "Enabled" },
			},
			EncryptionConfiguration: { ReplicaKmsKeyID: "key-1" },
		});
		const rule = (await getRules(hangzhou, "rep-src")).find(
			(r) => r.ID === "kms",
		);
		expect(rule).toMatchObject({
			Action: "PUT",
			Destination: { TransferType: "oss_acc" },
			SourceSelectionCriteria: {
				SseKmsEncryptedObjects: { Status: "Enabled" },
			},
			EncryptionConfiguration: { ReplicaKmsKeyID: "key-1" },
		});
	});

	const tags = (n: number) =>
		Array.from({ length: n }, (_, i) => ({ Key: `k${i}`, Value: "v" }));
	const cases: Array<[string, RuleXml | RuleXml[], string, string?]> = [
		[
			"two rules",
			[{ Destination: toBeijing }, { Destination: toBeijing }],
			"TooManyReplicationRules",
		],
		[
			"the source as destination",
			{ Destination: { Bucket: "rep-empty", Location: "oss-cn-hangzhou" } },
			"InvalidTargetBucket",
		],
		[
			"a missing destination",
			{ Destination: { Bucket: "rep-none", Location: "oss-cn-beijing" } },
			"InvalidTargetBucket",
		],
		[
			"another account's destination",
			{ Destination: { Bucket: "rep-bob", Location: "oss-cn-beijing" } },
			"InvalidTargetBucket",
		],
		[
			"an invalid destination name",
			{ Destination: { Bucket: "Bad_Name", Location: "oss-cn-beijing" } },
			"InvalidTargetBucket",
			"0031-00000101",
		],
		[
			"an unknown region",
			{ Destination: { Bucket: "rep-dst", Location: "oss-moon-1" } },
			"BadReplicationLocation",
		],
		[
			"a region that is not the destination's",
			{ Destination: { Bucket: "rep-dst", Location: "oss-cn-shanghai" } },
			"InvalidTargetLocation",
		],
		["no Location", { Destination: { Bucket: "rep-dst" } }, "MissingArgument"],
		[
			"an ID of 256 characters",
			{ ID: "i".repeat(256), Destination: toBeijing },
			"InvalidArgument",
		],
		[
			"no Destination/Bucket",
			{ Destination: { Location: "oss-cn-beijing" } },
			"MissingArgument",
		],
		["no Destination", { Action: "ALL" }, "MissingArgument"],
		[
			"an unknown TransferType",
			{ Destination: { ...toBeijing, TransferType: "fast" } },
			"InvalidArgument",
		],
		[
			"oss_acc within one region",
			{
				Destination: {
					Bucket: "rep-same",
					Location: "oss-cn-hangzhou",
					TransferType: "oss_acc",
				},
			},
			"InvalidArgument",
		],
		[
			"RTC within one region",
			{
				RTC: { Status: "enabled" },
				Destination: { Bucket: "rep-same", Location: "oss-cn-hangzhou" },
			},
			"ReplicationLocationNotSupportRtc",
		],
		[
			"RTC to a region without it",
			{
				RTC: { Status: "enabled" },
				Destination: { Bucket: "rep-sg", Location: "oss-ap-southeast-1" },
			},
			"ReplicationLocationNotSupportRtc",
		],
		[
			"an unknown RTC status",
			{ RTC: { Status: "on" }, Destination: toBeijing },
			"InvalidArgument",
		],
		[
			"11 prefixes",
			{
				PrefixSet: { Prefix: Array.from({ length: 11 }, (_, i) => `p${i}/`) },
				Destination: toBeijing,
			},
			"InvalidArgument",
		],
		[
			"a prefix of 1024 characters",
			{ PrefixSet: { Prefix: ["p".repeat(1024)] }, Destination: toBeijing },
			"InvalidArgument",
		],
		[
			"overlapping prefixes",
			{
				PrefixSet: { Prefix: ["source", "source/video"] },
				Destination: toBeijing,
			},
			"InvalidArgument",
			"0031-00000019",
		],
		[
			"an unknown Action",
			{ Action: "COPY", Destination: toBeijing },
			"InvalidArgument",
			"0031-00000023",
		],
		// alibabacloud-oss-go-sdk-v2 sends these two empty when left unset (emulator/README.md,
		// "Other languages' SDKs"): OSS documents their values, not an empty one.
		[
			"an empty TransferType",
			{ Destination: { ...toBeijing, TransferType: "" } },
			"InvalidArgument",
		],
		[
			"an empty HistoricalObjectReplication",
			{ HistoricalObjectReplication: "", Destination: toBeijing },
			"InvalidArgument",
		],
		[
			"an unknown HistoricalObjectReplication",
			{ HistoricalObjectReplication: "maybe", Destination: toBeijing },
			"InvalidArgument",
			"0031-00000011",
		],
		[
			"11 tags",
			{
				UserTaggings: { FilterType: "OR", UserTagging: tags(11) },
				Destination: toBeijing,
			},
			"TooManyTaggings",
		],
		[
			"duplicate tags",
			{
				UserTaggings: {
					FilterType: "OR",
					UserTagging: [tags(1)[0], tags(1)[0]],
				},
				Destination: toBeijing,
			},
			"DuplicateReplicationRuleTaggings",
		],
		[
			"duplicate keys under AND",
			{
				UserTaggings: {
					FilterType: "AND",
					UserTagging: [
						{ Key: "a", Value: "1" },
						{ Key: "a", Value: "2" },
					],
				},
				Destination: toBeijing,
			},
			"DuplicateReplicationRuleTaggingKeys",
		],
		[
			"a lower-case FilterType",
			{
				UserTaggings: { FilterType: "and", UserTagging: tags(1) },
				Destination: toBeijing,
			},
			"InvalidArgument",
		],
		[
			"no FilterType",
			{ UserTaggings: { UserTagging: tags(1) }, Destination: toBeijing },
			"MissingArgument",
		],
		[
			"a tag key with '#'",
			{
				UserTaggings: {
					FilterType: "OR",
					UserTagging: [{ Key: "a#b", Value: "1" }],
				},
				Destination: toBeijing,
			},
			"InvalidArgument",
		],
		[
			"a tag key of 129 characters",
			{
				UserTaggings: {
					FilterType: "OR",
					UserTagging: [{ Key: "k".repeat(129), Value: "1" }],
				},
				Destination: toBeijing,
			},
			"InvalidArgument",
		],
		[
			"a tag value of 257 characters",
			{
				UserTaggings: {
					FilterType: "OR",
					UserTagging: [{ Key: "k", Value: "v".repeat(257) }],
				},
				Destination: toBeijing,
			},
			"InvalidArgument",
		],
		[
			"SSE-KMS without a key",
			{
				SyncRole: "r",
				SourceSelectionCriteria: {
					SseKmsEncryptedObjects: { Status: "Enabled" },
				},
				Destination: toBeijing,
			},
			"MissingArgument",
		],
		[
			// Seed 002:62: "If you specify SourceSelectionCriteria ..., you must specify this element."
			"SourceSelectionCriteria without SseKmsEncryptedObjects (seed 002)",
			{ SourceSelectionCriteria: {}, Destination: toBeijing },
			"MissingArgument",
		],
		[
			// Seed 002:63: Status valid values Enabled / Disabled.
			"an SseKmsEncryptedObjects Status other than Enabled/Disabled (seed 002)",
			{
				SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: "On" } },
				Destination: toBeijing,
			},
			"InvalidArgument",
		],
		[
			// SyncRole is required with SSE-KMS (2021 doc; emulator/oss/README.md, SyncRole).
			"SSE-KMS with a key but without SyncRole",
			{
				SourceSelectionCriteria: {
					SseKmsEncryptedObjects: { Status: "Enabled" },
				},
				EncryptionConfiguration: { ReplicaKmsKeyID: "key-1" },
				Destination: toBeijing,
			},
			"MissingArgument",
		],
		[
			// Seed 002:70: "you must specify both FilterType and UserTagging".
			"UserTaggings without UserTagging (seed 002)",
			{ UserTaggings: { FilterType: "OR" }, Destination: toBeijing },
			"MissingArgument",
		],
		[
			"an unversioned source and a versioned destination",
			{ Destination: { Bucket: "rep-ver", Location: "oss-cn-beijing" } },
			"InvalidArgument",
			"0031-00000053",
		],
	];
	it.each(cases)("refuses %s", async (_, rules, code, ec) => {
		const error = await addRule(hangzhou, "rep-empty", rules).catch(
			(e: unknown) => e,
		);
		expect(error).toMatchObject({
			code,
			status: 400,
			...(ec ? { ecCode: ec } : {}),
		});
	});

	it("accepts a rule without TransferType and SyncRole, which seed 002 marks required (docs/oss.md): internal, echoed as no TransferType", async () => {
		const { ruleId } = await addRule(hangzhou, "rep-empty", {
			Destination: { Bucket: "rep-sg", Location: "oss-ap-southeast-1" },
		});
		const [added] = await getRules(hangzhou, "rep-empty");
		expect(added.ID).toBe(ruleId);
		expect(added.Destination).not.toHaveProperty("TransferType");
		expect(added).not.toHaveProperty("SyncRole");
		await deleteRule(hangzhou, "rep-empty", ruleId);
		oss.service.flush();
	});

	it("accepts an ID of 255 characters", async () => {
		const id = "i".repeat(255);
		const rule = {
			ID: id,
			Destination: { Bucket: "rep-sg", Location: "oss-ap-southeast-1" },
		};
		expect(await addRule(hangzhou, "rep-empty", rule)).toEqual({
			status: 200,
			ruleId: id,
		});
		await deleteRule(hangzhou, "rep-empty", id);
		oss.service.flush();
	});

	it("accepts a tag key of 128 and a value of 256 characters made of every allowed character (seed 002)", async () => {
		// Seed 002:74-75: letters, digits, spaces and + - = . _ : /; key <= 128, value <= 256.
		const allowed = "aZ09 +-=._:/";
		const rule = {
			UserTaggings: {
				FilterType: "AND",
				UserTagging: [
					{ Key: allowed.padEnd(128, "k"), Value: allowed.padEnd(256, "v") },
				],
			},
			Destination: { Bucket: "rep-sg", Location: "oss-ap-southeast-1" },
		};
		const { ruleId } = await addRule(hangzhou, "rep-empty", rule);
		const [added] = await getRules(hangzhou, "rep-empty");
		expect(added.UserTaggings).toMatchObject({
			UserTagging: { Key: allowed.padEnd(128, "k") },
		});
		await deleteRule(hangzhou, "rep-empty", ruleId);
		oss.service.flush();
	});

	it("refuses a tag filter on a source in Mexico (oss-na-south-1, seed 002 usage notes)", async () => {
		const mexico = oss.client({ region: "oss-na-south-1" });
		await mexico.putBucket("rep-mx");
		const error = await addRule(mexico, "rep-mx", {
			UserTaggings: {
				FilterType: "OR",
				UserTagging: [{ Key: "env", Value: "prod" }],
			},
			Destination: { Bucket: "rep-dst3", Location: "oss-cn-beijing" },
		}).catch((e: unknown) => e);
		expect(error).toMatchObject({ code: "InvalidArgument", status: 400 });
	});

	it("accepts duplicate keys with different values under OR", async () => {
		const rule = {
			UserTaggings: {
				FilterType: "OR",
				UserTagging: [
					{ Key: "a", Value: "1" },
					{ Key: "a", Value: "2" },
				],
			},
			Destination: { Bucket: "rep-sg", Location: "oss-ap-southeast-1" },
		};
		expect((await addRule(hangzhou, "rep-empty", rule)).status).toBe(200);
		const [added] = await getRules(hangzhou, "rep-empty");
		await deleteRule(hangzhou, "rep-empty", added.ID);
		oss.service.flush();
	});

	it("refuses a tag filter on a source in Zhangjiakou, takes the rule without it (seed 002, usage notes)", async () => {
		const zhangjiakou = oss.client({ region: "oss-cn-zhangjiakou" });
		await zhangjiakou.putBucket("rep-zjk");
		const destination = { Bucket: "rep-dst3", Location: "oss-cn-beijing" };
		const tagged = {
			UserTaggings: {
				FilterType: "OR",
				UserTagging: [{ Key: "env", Value: "prod" }],
			},
			Destination: destination,
		};
		const error = await addRule(zhangjiakou, "rep-zjk", tagged).catch(
			(e: unknown) => e,
		);
		expect(error).toMatchObject({ code: "InvalidArgument", status: 400 });
		const untagged = await addRule(zhangjiakou, "rep-zjk", {
			Destination: destination,
		});
		expect(untagged.status).toBe(200);
		await deleteRule(zhangjiakou, "rep-zjk", untagged.ruleId);
		oss.service.flush();
	});

	it.each([
		["not XML", "<ReplicationConfiguration><Rule>", undefined],
		["no ReplicationConfiguration", "<Other/>", "0031-00000001"],
		[
			"no Rule",
			"<ReplicationConfiguration></ReplicationConfiguration>",
			undefined,
		],
	])("answers MalformedXML to a body with %s", async (_, body, ec) => {
		const error = await sendXml(
			hangzhou,
			"POST",
			"rep-empty",
			{ replication: "", comp: "add" },
			body,
		).catch((e: unknown) => e);
		expect(error).toMatchObject({
			code: "MalformedXML",
			status: 400,
			...(ec ? { ecCode: ec } : {}),
		});
	});

	it("answers InvalidArgument to an unknown comp", async () => {
		const body = obj2xml({ ReplicationRules: { ID: "x" } }, { headers: true });
		await expect(
			sendXml(
				hangzhou,
				"POST",
				"rep-src",
				{ replication: "", comp: "change" },
				body,
			),
		).rejects.toMatchObject({
			code: "InvalidArgument",
			status: 400,
		});
	});

	it("refuses to change the versioning of a bucket joined by a rule", async () => {
		const body = obj2xml(
			{ VersioningConfiguration: { Status: "Enabled" } },
			{ headers: true },
		);
		await expect(
			sendXml(beijing, "PUT", "rep-dst", { versioning: "" }, body),
		).rejects.toMatchObject({
			code: "InvalidBucketState",
			status: 409,
		});
	});
});

describe("versioning of buckets joined by a rule", () => {
	it("takes the current state again as a no-op, refuses a change with InvalidBucketState", async () => {
		await hangzhou.putBucket("ver-src");
		await beijing.putBucket("ver-dst");
		await hangzhou.putBucketVersioning("ver-src", "Enabled");
		await beijing.putBucketVersioning("ver-dst", "Enabled");
		await addRule(hangzhou, "ver-src", {
			ID: "ver",
			Destination: { Bucket: "ver-dst", Location: "oss-cn-beijing" },
		});
		// ali-oss putBucketVersioning resolves on any status: send the XML ourselves.
		const versioning = (Status: string) =>
			obj2xml({ VersioningConfiguration: { Status } }, { headers: true });
		const again = await sendXml(
			hangzhou,
			"PUT",
			"ver-src",
			{ versioning: "" },
			versioning("Enabled"),
		);
		expect(again.status).toBe(200);
		await expect(
			sendXml(
				beijing,
				"PUT",
				"ver-dst",
				{ versioning: "" },
				versioning("Suspended"),
			),
		).rejects.toMatchObject({ code: "InvalidBucketState", status: 409 });
		expect((await beijing.getBucketVersioning("ver-dst")).versionStatus).toBe(
			"Enabled",
		);
	});
});

describe("DeleteBucketReplication", () => {
	it("closes a rule, refuses a new rule to the same destination while closing, then forgets it", async () => {
		await hangzhou.putBucket("del-src");
		await beijing.putBucket("del-dst");
		const rule = {
			ID: "d1",
			Destination: { Bucket: "del-dst", Location: "oss-cn-beijing" },
		};
		await addRule(hangzhou, "del-src", rule);
		oss.service.flush();

		expect(await deleteRule(hangzhou, "del-src", "d1")).toBe(200);
		expect((await getRules(hangzhou, "del-src"))[0]).toMatchObject({
			ID: "d1",
			Status: "closing",
		});
		expect(await deleteRule(hangzhou, "del-src", "d1")).toBe(204);
		await expect(
			addRule(hangzhou, "del-src", { ...rule, ID: "d2" }),
		).rejects.toMatchObject({
			code: "BucketReplicationAlreadyExist",
			status: 400,
		});
		await expect(
			putRtc(hangzhou, "del-src", "d1", "enabled"),
		).rejects.toMatchObject({
			code: "BucketReplicationInClosingState",
			status: 400,
		});

		oss.service.flush();
		await expect(getRules(hangzhou, "del-src")).rejects.toMatchObject({
			code: "NoSuchReplicationConfiguration",
			status: 404,
		});
		expect(await deleteRule(hangzhou, "del-src", "d1")).toBe(200);
		expect(
			(await addRule(hangzhou, "del-src", { ...rule, ID: "d2" })).status,
		).toBe(200);
	});

	it("answers NoSuchReplicationRule to an unknown id and TooManyReplicationRules to two ids", async () => {
		await expect(deleteRule(hangzhou, "rep-src", "nope")).rejects.toMatchObject(
			{
				code: "NoSuchReplicationRule",
				status: 404,
			},
		);
		const body = obj2xml(
			{ ReplicationRules: { ID: ["a", "b"] } },
			{ headers: true },
		);
		await expect(
			sendXml(
				hangzhou,
				"POST",
				"rep-src",
				{ replication: "", comp: "delete" },
				body,
			),
		).rejects.toMatchObject({ code: "TooManyReplicationRules", status: 400 });
	});
});

describe("GetBucketReplicationProgress, GetBucketReplicationLocation, PutBucketRTC", () => {
	it("reports progress of a doing rule and refuses unknown rules", async () => {
		const [progress] = await getProgress(hangzhou, "rep-src", "rule1");
		expect(progress).toMatchObject({
			ID: "rule1",
			Status: "doing",
			Progress: { HistoricalObject: "1.00" },
		});
		expect(progress.Progress?.NewObject).toMatch(
			/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
		);
		await expect(
			getProgress(hangzhou, "rep-src", "nope"),
		).rejects.toMatchObject({
			code: "NoSuchReplicationRule",
			status: 404,
		});
		await expect(
			getProgress(beijing, "rep-dst2", "rule1"),
		).rejects.toMatchObject({
			code: "NoSuchReplicationConfiguration",
			status: 404,
		});
		expect((await getProgress(hangzhou, "rep-src")).map((r) => r.ID)).toContain(
			"rule1",
		);
	});

	it("lists replication locations with the transfer and RTC constraints", async () => {
		const location = await getLocation(hangzhou, "rep-src");
		expect(location.Location).toContain("oss-cn-beijing");
		expect(JSON.stringify(location.LocationTransferTypeConstraint)).toContain(
			"oss_acc",
		);
		expect(
			(location.LocationRTCConstraint as { Location: string[] }).Location,
		).toContain("oss-cn-beijing");
	});

	it("turns RTC off and on for an existing cross-region rule", async () => {
		expect(await putRtc(hangzhou, "rep-src", "rule1", "disabled")).toBe(200);
		expect(
			(await getRules(hangzhou, "rep-src")).find((r) => r.ID === "rule1")?.RTC,
		).toEqual({ Status: "disabled" });
		await putRtc(hangzhou, "rep-src", "rule1", "enabled");
		expect(
			(await getRules(hangzhou, "rep-src")).find((r) => r.ID === "rule1")?.RTC,
		).toEqual({ Status: "enabled" });
	});

	it.each([
		[
			"an unknown rule",
			"<ReplicationRule><RTC><Status>enabled</Status></RTC><ID>nope</ID></ReplicationRule>",
			"NoSuchReplicationRule",
			404,
		],
		[
			"no rule id",
			"<ReplicationRule><RTC><Status>enabled</Status></RTC></ReplicationRule>",
			"MissingArgument",
			400,
		],
		[
			"an unknown status",
			"<ReplicationRule><RTC><Status>on</Status></RTC><ID>rule1</ID></ReplicationRule>",
			"InvalidArgument",
			400,
		],
	])("PutBucketRTC refuses %s", async (_, body, code, status) => {
		await expect(
			sendXml(hangzhou, "PUT", "rep-src", { rtc: "" }, body),
		).rejects.toMatchObject({ code, status });
	});

	it("PutBucketRTC refuses RTC on a same-region rule", async () => {
		await addRule(hangzhou, "rep-same", {
			ID: "srr",
			Destination: { Bucket: "rep-empty", Location: "oss-cn-hangzhou" },
		});
		await expect(
			putRtc(hangzhou, "rep-same", "srr", "enabled"),
		).rejects.toMatchObject({
			code: "ReplicationLocationNotSupportRtc",
			status: 400,
		});
	});
});

describe("rule limits", () => {
	it("allows 100 outgoing and 100 incoming rules per bucket, not 101", async () => {
		await hangzhou.putBucket("many-src");
		await beijing.putBucket("many-in");
		for (let i = 0; i <= 100; i++) {
			await beijing.putBucket(`many-dst-${i}`);
			await hangzhou.putBucket(`many-from-${i}`);
		}
		for (let i = 0; i < 100; i++) {
			await addRule(hangzhou, "many-src", {
				ID: `out-${i}`,
				Destination: { Bucket: `many-dst-${i}`, Location: "oss-cn-beijing" },
			});
			await addRule(hangzhou, `many-from-${i}`, {
				Destination: { Bucket: "many-in", Location: "oss-cn-beijing" },
			});
		}
		await expect(
			addRule(hangzhou, "many-src", {
				Destination: { Bucket: "many-dst-100", Location: "oss-cn-beijing" },
			}),
		).rejects.toMatchObject({
			code: "TooManyOutgoingReplication",
			status: 400,
		});
		await expect(
			addRule(hangzhou, "many-from-100", {
				Destination: { Bucket: "many-in", Location: "oss-cn-beijing" },
			}),
		).rejects.toMatchObject({
			code: "TooManyIncomingReplication",
			status: 400,
		});
		// A closing rule still counts; once gone, its place is free.
		await deleteRule(hangzhou, "many-src", "out-0");
		const oneMore = () =>
			addRule(hangzhou, "many-src", {
				Destination: { Bucket: "many-dst-100", Location: "oss-cn-beijing" },
			});
		await expect(oneMore()).rejects.toMatchObject({
			code: "TooManyOutgoingReplication",
		});
		oss.service.flush();
		await oss.service.idle();
		expect((await oneMore()).status).toBe(200);
	});
});
