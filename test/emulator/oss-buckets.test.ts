import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	type OssClient,
	type OssHarness,
	sendXml,
	startOss,
} from "./oss-helpers";

let oss: OssHarness;
let client: OssClient;

beforeAll(async () => {
	oss = await startOss();
	client = oss.client();
});
afterAll(() => oss.close());

describe("buckets", () => {
	it("creates a bucket, reports it through getBucketInfo and getBucketLocation, then deletes it", async () => {
		const created = await client.putBucket("bucket-life");
		expect(created.res.status).toBe(200);
		expect(created.res.headers["x-oss-request-id"]).toMatch(/^[0-9A-F]{24}$/);

		const info = await client.getBucketInfo("bucket-life");
		expect(info.bucket).toMatchObject({
			Name: "bucket-life",
			Location: "oss-cn-hangzhou",
			StorageClass: "Standard",
			CrossRegionReplication: "Disabled",
			AccessControlList: { Grant: "private" },
		});
		expect((await client.getBucketLocation("bucket-life")).location).toBe(
			"oss-cn-hangzhou",
		);
		const listed = await client.listBuckets();
		expect(listed.buckets?.map((b) => b.name)).toContain("bucket-life");

		expect((await client.deleteBucket("bucket-life")).res.status).toBe(204);
		await expect(client.getBucketInfo("bucket-life")).rejects.toMatchObject({
			code: "NoSuchBucket",
			status: 404,
			ecCode: "0015-00000101",
		});
	});

	it("takes the region from the endpoint host", async () => {
		const beijing = oss.client({ region: "oss-cn-beijing" });
		await beijing.putBucket("bucket-bj");
		expect((await beijing.getBucketLocation("bucket-bj")).location).toBe(
			"oss-cn-beijing",
		);
		// Another region's endpoint is refused, as OSS does.
		await expect(client.getBucketInfo("bucket-bj")).rejects.toMatchObject({
			code: "AccessDenied",
			status: 403,
		});
	});

	it.each([
		{
			signing: "V4",
			options: { authorizationV4: true },
			region: "oss-cn-beijing",
		},
		{ signing: "V1", options: {}, region: "oss-cn-hangzhou" },
	])(
		"takes the region of a path-style $signing PutBucket from the credential scope, else oss-cn-hangzhou",
		async ({ signing, options, region }) => {
			const name = `bucket-path-${signing.toLowerCase()}`;
			const pathStyle = oss.client({
				region: "oss-cn-beijing",
				// An IP endpoint makes ali-oss send a virtual-hosted Host; a name keeps the path style.
				endpoint: oss.server.endpoint.replace("127.0.0.1", "localhost"),
				sldEnable: true,
				...options,
			});
			await pathStyle.putBucket(name);
			expect((await pathStyle.getBucketLocation(name)).location).toBe(region);
		},
	);

	it("answers sldEnable with an IP endpoint (bucket in Host and path both) with SignatureDoesNotMatch, as README says", async () => {
		const both = oss.client({ sldEnable: true });
		await expect(both.putBucket("bucket-twice")).rejects.toMatchObject({
			code: "SignatureDoesNotMatch",
			status: 403,
		});
	});

	it("refuses a name that is taken, invalid, or a bucket of another account", async () => {
		await client.putBucket("bucket-taken");
		await expect(client.putBucket("bucket-taken")).rejects.toMatchObject({
			code: "BucketAlreadyExists",
			status: 409,
		});
		const params = client._bucketRequestParams("PUT", "Bad_Name");
		params.successStatuses = [200];
		await expect(client.request(params)).rejects.toMatchObject({
			code: "InvalidBucketName",
			status: 400,
		});
		const bob = oss.client({ account: oss.accounts[1] });
		await expect(bob.getBucketInfo("bucket-taken")).rejects.toMatchObject({
			code: "AccessDenied",
			status: 403,
		});
		await expect(bob.deleteBucket("bucket-taken")).rejects.toMatchObject({
			code: "AccessDenied",
			status: 403,
		});
	});

	it("refuses to delete a bucket that is not empty", async () => {
		await client.putBucket("bucket-full");
		client.useBucket("bucket-full");
		await client.put("a.txt", Buffer.from("a"));
		await expect(client.deleteBucket("bucket-full")).rejects.toMatchObject({
			code: "BucketNotEmpty",
			status: 409,
			ecCode: "0015-00000301",
		});
		await client.delete("a.txt");
		await client.deleteBucket("bucket-full");
	});
});

describe("versioning", () => {
	it("is unset, then Enabled, then Suspended", async () => {
		await client.putBucket("bucket-ver");
		expect(
			(await client.getBucketVersioning("bucket-ver")).versionStatus,
		).toBeUndefined();
		expect(
			(await client.putBucketVersioning("bucket-ver", "Enabled")).status,
		).toBe(200);
		expect((await client.getBucketVersioning("bucket-ver")).versionStatus).toBe(
			"Enabled",
		);
		await client.putBucketVersioning("bucket-ver", "Suspended");
		expect((await client.getBucketVersioning("bucket-ver")).versionStatus).toBe(
			"Suspended",
		);
	});

	it.each([
		[
			"empty status",
			"<VersioningConfiguration><Status></Status></VersioningConfiguration>",
			"0012-00000003",
		],
		[
			"unknown status",
			"<VersioningConfiguration><Status>Off</Status></VersioningConfiguration>",
			"0012-00000004",
		],
	])("refuses an %s with InvalidArgument", async (_, body, ec) => {
		await expect(
			sendXml(client, "PUT", "bucket-ver", { versioning: "" }, body),
		).rejects.toMatchObject({
			code: "InvalidArgument",
			status: 400,
			ecCode: ec,
		});
	});
});

describe("objects", () => {
	beforeAll(async () => {
		await client.putBucket("bucket-obj");
		client.useBucket("bucket-obj");
	});

	it("puts, gets, heads, lists and deletes objects", async () => {
		const put = await client.put("dir/hello.txt", Buffer.from("hello"));
		expect(put.res.headers.etag).toBe('"5D41402ABC4B2A76B9719D911017C592"');
		const got = await client.get("dir/hello.txt");
		expect(got.content?.toString()).toBe("hello");
		expect(got.res.headers["content-type"]).toBe("text/plain");
		const head = await client.head("dir/hello.txt");
		expect(head.res.headers["content-length"]).toBe("5");
		expect(head.res.headers["x-oss-object-type"]).toBe("Normal");

		await client.put("dir/sub/x.txt", Buffer.from("x"));
		await client.put("top.txt", Buffer.from("t"));
		const all = await client.list({ "max-keys": 2 });
		expect(all.objects.map((o) => o.name)).toEqual([
			"dir/hello.txt",
			"dir/sub/x.txt",
		]);
		expect(all.isTruncated).toBe(true);
		const rest = await client.list({ marker: all.nextMarker ?? "" });
		expect(rest.objects.map((o) => o.name)).toEqual(["top.txt"]);
		const grouped = await client.list({ prefix: "dir/", delimiter: "/" });
		expect(grouped.objects.map((o) => o.name)).toEqual(["dir/hello.txt"]);
		expect(grouped.prefixes).toEqual(["dir/sub/"]);

		expect((await client.delete("dir/hello.txt")).res.status).toBe(204);
		await expect(client.get("dir/hello.txt")).rejects.toMatchObject({
			code: "NoSuchKey",
			status: 404,
			ecCode: "0026-00000001",
		});
		// HEAD has no body: the error travels in x-oss-err.
		await expect(client.head("dir/hello.txt")).rejects.toMatchObject({
			code: "NoSuchKey",
			status: 404,
		});
	});

	it("keeps object tags from x-oss-tagging and PutObjectTagging", async () => {
		await client.put("tagged", Buffer.from("t"), {
			headers: { "x-oss-tagging": "env=prod&team=a" },
		});
		expect((await client.getObjectTagging("tagged")).tag).toEqual({
			env: "prod",
			team: "a",
		});
		await client.putObjectTagging("tagged", { env: "dev" });
		expect((await client.getObjectTagging("tagged")).tag).toEqual({
			env: "dev",
		});
		await client.deleteObjectTagging("tagged");
		expect((await client.getObjectTagging("tagged")).tag).toEqual({});
	});

	it("lists with ListObjectsV2: max-keys, continuation-token, start-after", async () => {
		const lister = oss.client({ bucket: "bucket-v2" });
		await lister.putBucket("bucket-v2");
		for (const key of ["a", "b", "c", "d"])
			await lister.put(key, Buffer.from(key));
		const first = await lister.listV2({ "max-keys": 2 });
		expect(first.objects.map((o) => o.name)).toEqual(["a", "b"]);
		expect([first.isTruncated, Number(first.keyCount)]).toEqual([true, 2]);
		const second = await lister.listV2({
			"max-keys": 2,
			"continuation-token": first.nextContinuationToken ?? "",
		});
		expect(second.objects.map((o) => o.name)).toEqual(["c", "d"]);
		expect(second.isTruncated).toBe(false);
		const after = await lister.listV2({ "start-after": "b" });
		expect(after.objects.map((o) => o.name)).toEqual(["c", "d"]);
	});

	it("gives a version id in a versioned bucket", async () => {
		const versioned = oss.client({ bucket: "bucket-ver" });
		await versioned.putBucketVersioning("bucket-ver", "Enabled");
		const put = await versioned.put("v.txt", Buffer.from("v"));
		expect(put.res.headers["x-oss-version-id"]).toBeTruthy();
	});
});

describe("bad input", () => {
	it.each([
		["cors", "GET"],
		["lifecycle", "PUT"],
		["acl", "GET"],
		["policy", "GET"],
	])("answers NotImplemented for ?%s", async (subres, method) => {
		const params = client._bucketRequestParams(method, "bucket-obj", subres);
		params.successStatuses = [200];
		await expect(client.request(params)).rejects.toMatchObject({
			code: "NotImplemented",
			status: 501,
		});
	});

	it("answers NotImplemented to CopyObject (x-oss-copy-source)", async () => {
		client.useBucket("bucket-obj");
		await client.put("copy-me", Buffer.from("c"));
		await expect(client.copy("copied", "copy-me")).rejects.toMatchObject({
			code: "NotImplemented",
			status: 501,
		});
	});

	it.each([
		{
			kind: "throttle" as const,
			status: 503,
			code: "ServiceUnavailable",
			ec: "0004-00000302",
		},
		{
			kind: "serverError" as const,
			status: 500,
			code: "InternalError",
			ec: undefined,
		},
	])("injects $kind as $status $code", ({ kind, status, code, ec }) => {
		const error = oss.service.transientError(kind);
		expect([error.status, error.code]).toEqual([status, code]);
		expect(error.extra.EC).toBe(ec);
	});

	it("answers MalformedXML to a body that is not XML, and keeps serving", async () => {
		await expect(
			sendXml(client, "PUT", "bucket-obj", { versioning: "" }, "<Versioning"),
		).rejects.toMatchObject({
			code: "MalformedXML",
			status: 400,
		});
		await expect(client.getBucketInfo("bucket-obj")).resolves.toBeTruthy();
	});

	it("answers EntityTooLarge to a body over the limit, and keeps serving", async () => {
		client.useBucket("bucket-obj");
		await expect(
			client.put("big", Buffer.alloc(6 * 1024 * 1024)),
		).rejects.toMatchObject({
			code: "EntityTooLarge",
			status: 400,
		});
		await expect(client.getBucketInfo("bucket-obj")).resolves.toBeTruthy();
	});

	it("answers MethodNotAllowed to a method a resource does not have", async () => {
		const params = client._bucketRequestParams(
			"PUT",
			"bucket-obj",
			"bucketInfo",
		);
		params.successStatuses = [200];
		await expect(client.request(params)).rejects.toMatchObject({
			code: "MethodNotAllowed",
			status: 405,
		});
	});
});
