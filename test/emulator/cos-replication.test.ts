import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type COS from "cos-nodejs-sdk-v5";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
	type CosHarness,
	createBucket,
	destination,
	failure,
	putReplication,
	region,
	startCos,
} from "./cos-support";

let cos: CosHarness;
let client: COS;
let src: string;
let dst: string;
beforeEach(async () => {
	cos = await startCos();
	client = cos.client();
	src = cos.bucket("src");
	dst = cos.bucket("dst");
	await createBucket(client, src);
	await createBucket(client, dst);
});
afterEach(() => cos.close());

const put = (
	Bucket: string,
	Key: string,
	extra: Partial<COS.PutObjectParams> = {},
) =>
	client.putObject({
		Bucket,
		Region: region,
		Key,
		Body: `body of ${Key}`,
		...extra,
	});
const keys = async (Bucket: string) =>
	(await client.getBucket({ Bucket, Region: region })).Contents.map(
		(c) => c.Key,
	);
const head = (Bucket: string, Key: string) =>
	client.headObject({ Bucket, Region: region, Key });

describe("COS replication", () => {
	it("copies new objects under the rule's prefix, with the rule's storage class", async () => {
		await putReplication(client, src, [
			{
				ID: "logs",
				Status: "Enabled",
				Prefix: "logs/",
				Destination: { Bucket: destination(dst), StorageClass: "Standard_IA" },
			},
		]);
		await put(src, "logs/1.txt", { Headers: { "x-cos-tagging": "a=1" } });
		await put(src, "other/2.txt");
		await cos.service.idle();
		expect(await keys(dst)).toEqual(["logs/1.txt"]);
		const copy = await client.getObject({
			Bucket: dst,
			Region: region,
			Key: "logs/1.txt",
		});
		expect(copy.Body.toString()).toBe("body of logs/1.txt");
		expect(copy.headers).toMatchObject({
			"x-cos-storage-class": "STANDARD_IA",
			"x-cos-replication-status": "REPLICA",
			"x-cos-tagging-count": "1",
		});
		expect(
			(await head(src, "logs/1.txt")).headers?.["x-cos-replication-status"],
		).toBe("COMPLETED");
		expect(
			(await head(src, "other/2.txt")).headers?.["x-cos-replication-status"],
		).toBeUndefined();
	});

	it("gives the copy the source's content type, ETag and version id", async () => {
		await putReplication(client, src, [
			{
				Status: "Enabled",
				Prefix: "",
				Destination: { Bucket: destination(dst) },
			},
		]);
		await put(src, "page.html", { ContentType: "text/html" });
		await cos.service.idle();
		const [source, copy] = await Promise.all([
			head(src, "page.html"),
			head(dst, "page.html"),
		]);
		expect(copy.headers?.["content-type"]).toBe("text/html");
		expect(copy.ETag).toBe(source.ETag);
		expect(source.headers?.["x-cos-version-id"]).toBeTruthy();
		expect(copy.headers?.["x-cos-version-id"]).toBe(
			source.headers?.["x-cos-version-id"],
		);
	});

	it("shows PENDING on the source until the copy is made", async () => {
		const slow = await startCos({ replicationDelayMs: 60_000 });
		try {
			const c = slow.client();
			const [a, b] = [slow.bucket("a"), slow.bucket("b")];
			await createBucket(c, a);
			await createBucket(c, b);
			await putReplication(c, a, [
				{
					Status: "Enabled",
					Prefix: "",
					Destination: { Bucket: destination(b) },
				},
			]);
			await c.putObject({ Bucket: a, Region: region, Key: "k", Body: "v" });
			const status = (
				await c.headObject({ Bucket: a, Region: region, Key: "k" })
			).headers?.["x-cos-replication-status"];
			expect(status).toBe("PENDING");
		} finally {
			await slow.close();
		}
	});

	it("keeps the source's storage class when the rule names none", async () => {
		await putReplication(client, src, [
			{
				Status: "Enabled",
				Prefix: "",
				Destination: { Bucket: destination(dst) },
			},
		]);
		await put(src, "k", { StorageClass: "ARCHIVE" });
		await cos.service.idle();
		expect((await head(dst, "k")).headers?.["x-cos-storage-class"]).toBe(
			"ARCHIVE",
		);
	});

	it("copies only objects carrying every tag of the rule's filter", async () => {
		await putReplication(client, src, [
			{
				Status: "Enabled",
				Filter: {
					And: {
						Prefix: "t/",
						Tags: [
							{ Key: "team", Value: "a" },
							{ Key: "env", Value: "prod" },
						],
					},
				},
				Destination: { Bucket: destination(dst) },
				DeleteMarkerReplication: { Status: "Disabled" },
			},
		]);
		await put(src, "t/both", {
			Headers: { "x-cos-tagging": "team=a&env=prod&x=y" },
		});
		await put(src, "t/one", { Headers: { "x-cos-tagging": "team=a" } });
		await put(src, "t/wrong", {
			Headers: { "x-cos-tagging": "team=b&env=prod" },
		});
		await put(src, "u/both", {
			Headers: { "x-cos-tagging": "team=a&env=prod" },
		});
		await cos.service.idle();
		expect(await keys(dst)).toEqual(["t/both"]);
	});

	it("copies nothing by a disabled rule", async () => {
		await putReplication(client, src, [
			{
				Status: "Disabled",
				Prefix: "",
				Destination: { Bucket: destination(dst) },
			},
		]);
		await put(src, "k");
		await cos.service.idle();
		expect(await keys(dst)).toEqual([]);
	});

	it.each([
		{ name: "by default", deleteMarker: {}, left: [] },
		{
			name: "when DeleteMarkerReplication is Enabled",
			deleteMarker: { DeleteMarkerReplication: { Status: "Enabled" } },
			left: [],
		},
		{
			name: "not when DeleteMarkerReplication is Disabled",
			deleteMarker: { DeleteMarkerReplication: { Status: "Disabled" } },
			left: ["k"],
		},
	])("replicates deletes $name", async ({ deleteMarker, left }) => {
		await putReplication(client, src, [
			{
				Status: "Enabled",
				Prefix: "",
				Destination: { Bucket: destination(dst) },
				...deleteMarker,
			},
		]);
		await put(src, "k");
		await cos.service.idle();
		expect(await keys(dst)).toEqual(["k"]);
		await client.deleteObject({ Bucket: src, Region: region, Key: "k" });
		await cos.service.idle();
		expect(await keys(dst)).toEqual(left);
	});

	it("does not replicate a replica again (no chaining)", async () => {
		const third = cos.bucket("third");
		await createBucket(client, third);
		await putReplication(client, src, [
			{
				Status: "Enabled",
				Prefix: "",
				Destination: { Bucket: destination(dst) },
			},
		]);
		await putReplication(client, dst, [
			{
				Status: "Enabled",
				Prefix: "",
				Destination: { Bucket: destination(third) },
			},
		]);
		await put(src, "k");
		await cos.service.idle();
		expect(await keys(dst)).toEqual(["k"]);
		expect(await keys(third)).toEqual([]);
		await put(dst, "own");
		await cos.service.idle();
		expect(await keys(third)).toEqual(["own"]);
	});

	it("applies the lowest Priority among overlapping rules to one destination", async () => {
		await putReplication(client, src, [
			{
				ID: "broad",
				Status: "Enabled",
				Priority: "2",
				Prefix: "",
				Destination: { Bucket: destination(dst), StorageClass: "STANDARD" },
			},
			{
				ID: "narrow",
				Status: "Enabled",
				Priority: "1",
				Prefix: "ia/",
				Destination: { Bucket: destination(dst), StorageClass: "STANDARD_IA" },
			},
		]);
		await put(src, "ia/k");
		await put(src, "std");
		await cos.service.idle();
		expect((await head(dst, "ia/k")).headers?.["x-cos-storage-class"]).toBe(
			"STANDARD_IA",
		);
		expect(
			(await head(dst, "std")).headers?.["x-cos-storage-class"],
		).toBeUndefined();
	});

	it("marks the source FAILED when the destination is gone", async () => {
		await putReplication(client, src, [
			{
				Status: "Enabled",
				Prefix: "",
				Destination: { Bucket: destination(dst) },
			},
		]);
		await client.deleteBucket({ Bucket: dst, Region: region });
		await put(src, "k");
		await cos.service.idle();
		expect((await head(src, "k")).headers?.["x-cos-replication-status"]).toBe(
			"FAILED",
		);
	});

	it("stops copying after DELETE Bucket replication; copies stay", async () => {
		await putReplication(client, src, [
			{
				Status: "Enabled",
				Prefix: "",
				Destination: { Bucket: destination(dst) },
			},
		]);
		await put(src, "before");
		await cos.service.idle();
		await client.deleteBucketReplication({ Bucket: src, Region: region });
		await put(src, "after");
		await cos.service.idle();
		expect(await keys(dst)).toEqual(["before"]);
	});
});

describe("COS state on disk", () => {
	it("keeps buckets, objects and the replication configuration across a restart", async () => {
		const dataDir = mkdtempSync(join(tmpdir(), "cos-emulator-"));
		try {
			// The first emulator closes long before its copy is due.
			const first = await startCos({ dataDir, replicationDelayMs: 60_000 });
			const c1 = first.client();
			const [a, b] = [first.bucket("a"), first.bucket("b")];
			await createBucket(c1, a);
			await createBucket(c1, b);
			await putReplication(c1, a, [
				{
					ID: "all",
					Status: "Enabled",
					Prefix: "",
					Destination: { Bucket: destination(b) },
				},
			]);
			await c1.putObject({ Bucket: a, Region: region, Key: "k", Body: "v" });
			await first.close();

			const second = await startCos({ dataDir, accounts: first.accounts });
			try {
				const c2 = second.client();
				const got = await c2.getBucketReplication({
					Bucket: a,
					Region: region,
				});
				expect(got.ReplicationConfiguration.Rules.map((r) => r.ID)).toEqual([
					"all",
				]);
				// The copy was still pending when the first emulator closed: it resumes.
				await second.service.idle();
				const copy = await c2.getObject({
					Bucket: b,
					Region: region,
					Key: "k",
				});
				expect(copy.Body.toString()).toBe("v");
				const err = await failure(
					c2.deleteBucket({ Bucket: a, Region: region }),
				);
				expect(err.code).toBe("BucketNotEmpty");
			} finally {
				await second.close();
			}
		} finally {
			rmSync(dataDir, { recursive: true, force: true });
		}
	});

	it("does a replicated delete still waiting out the delay when the emulator stopped", async () => {
		const dataDir = mkdtempSync(join(tmpdir(), "cos-emulator-delete-"));
		try {
			const first = await startCos({ dataDir });
			const c1 = first.client();
			const [a, b] = [first.bucket("a"), first.bucket("b")];
			await createBucket(c1, a);
			await createBucket(c1, b);
			await putReplication(c1, a, [
				{
					ID: "all",
					Status: "Enabled",
					Prefix: "",
					Destination: { Bucket: destination(b) },
				},
			]);
			await c1.putObject({ Bucket: a, Region: region, Key: "k", Body: "v" });
			await first.service.idle();
			await first.close();

			// An hour of delay: the delete cannot reach the copy before the stop.
			const slow = await startCos({
				dataDir,
				accounts: first.accounts,
				replicationDelayMs: 3_600_000,
			});
			await slow.client().deleteObject({ Bucket: a, Region: region, Key: "k" });
			await slow.close();

			const again = await startCos({ dataDir, accounts: first.accounts });
			try {
				await again.service.idle();
				const err = await failure(
					again.client().headObject({ Bucket: b, Region: region, Key: "k" }),
				);
				expect(err.statusCode).toBe(404);
			} finally {
				await again.close();
			}
		} finally {
			rmSync(dataDir, { recursive: true, force: true });
		}
	});
});
