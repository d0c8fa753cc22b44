import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rejection, startBos } from "./bos-helpers";

// Buckets, versioning, objects and bad input on the BOS emulator, driven by @baiducloud/sdk.
describe("BOS emulator: buckets, versioning, objects", () => {
	let bos: Awaited<ReturnType<typeof startBos>>;
	beforeAll(async () => {
		bos = await startBos();
		await bos.client.createBucket("src-bucket");
	});
	afterAll(() => bos.close());

	it("creates a bucket and answers HEAD with 200, 404 when missing", async () => {
		await bos.client.createBucket("new-bucket");
		expect(await bos.client.doesBucketExist("new-bucket")).toBe(true);
		expect(await bos.client.doesBucketExist("no-such-bucket")).toBe(false);
	});

	it("sends x-bce-request-id, Server: BceBos and a JSON error body with requestId", async () => {
		const response = await fetch(`${bos.server.endpoint}/src-bucket`);
		const body = await response.json();
		expect(response.status).toBe(403);
		expect(response.headers.get("content-type")).toBe(
			"application/json; charset=utf-8",
		);
		expect(response.headers.get("server")).toBe("BceBos");
		expect(body).toEqual({
			code: "AccessDenied",
			message: "Access denied.",
			requestId: response.headers.get("x-bce-request-id"),
		});
	});

	it("refuses a bucket name already taken, by anyone, with BucketAlreadyExists 409", async () => {
		const bob = bos.clientFor(bos.accounts[1]);
		const error = await rejection(bob.createBucket("src-bucket"));
		expect(error).toMatchObject({
			status_code: 409,
			code: "BucketAlreadyExists",
		});
	});

	it.each(["ab", "Upper-case", "under_score", "-dash-first"])(
		"refuses the bucket name %s with InvalidBucketName 400",
		async (name) => {
			const error = await rejection(bos.client.createBucket(name));
			expect(error).toMatchObject({
				status_code: 400,
				code: "InvalidBucketName",
			});
		},
	);

	it("hides another account's bucket: 403 on HEAD (the SDK says it exists), AccessDenied on GET", async () => {
		const bob = bos.clientFor(bos.accounts[1]);
		expect(await bob.doesBucketExist("src-bucket")).toBe(true);
		const error = await rejection(bob.listObjects("src-bucket"));
		expect(error).toMatchObject({ status_code: 403, code: "AccessDenied" });
	});

	it("gets and puts versioning; enabled can be suspended but not go back to notEnabled", async () => {
		await bos.client.createBucket("versioned");
		const before = await bos.client.getBucketVersioning("versioned");
		expect(before.body).toEqual({ status: "notEnabled" });
		await bos.client.putBucketVersioning("versioned", "enabled");
		expect((await bos.client.getBucketVersioning("versioned")).body).toEqual({
			status: "enabled",
		});
		const back = await rejection(
			bos.client.putBucketVersioning("versioned", "notEnabled"),
		);
		expect(back).toMatchObject({ status_code: 400, code: "InvalidArgument" });
		await bos.client.putBucketVersioning("versioned", "suspended");
		expect((await bos.client.getBucketVersioning("versioned")).body).toEqual({
			status: "suspended",
		});
	});

	it("puts, gets, heads, lists and deletes objects", async () => {
		const put = await bos.client.putObjectFromString(
			"src-bucket",
			"docs/a b.txt",
			"hello",
		);
		expect(put.http_headers.etag).toBe("5d41402abc4b2a76b9719d911017c592");
		const got = await bos.client.getObject("src-bucket", "docs/a b.txt");
		expect(got.body.toString()).toBe("hello");
		expect(got.http_headers["x-bce-storage-class"]).toBe("STANDARD");
		const head = await bos.client.getObjectMetadata(
			"src-bucket",
			"docs/a b.txt",
		);
		expect(head.http_headers["content-length"]).toBe("5");

		await bos.client.putObjectFromString("src-bucket", "docs/c.txt", "c");
		await bos.client.putObjectFromString("src-bucket", "top.txt", "t");
		const listed = await bos.client.listObjects("src-bucket", {
			delimiter: "/",
		});
		expect(listed.body).toMatchObject({
			name: "src-bucket",
			isTruncated: false,
			contents: [{ key: "top.txt", size: 1, storageClass: "STANDARD" }],
			commonPrefixes: [{ prefix: "docs/" }],
		});
		const page = await bos.client.listObjects("src-bucket", { maxKeys: 1 });
		expect(page.body).toMatchObject({
			isTruncated: true,
			nextMarker: "docs/a b.txt",
			contents: [{ key: "docs/a b.txt" }],
		});

		await bos.client.deleteObject("src-bucket", "docs/a b.txt");
		const gone = await rejection(
			bos.client.getObject("src-bucket", "docs/a b.txt"),
		);
		expect(gone).toMatchObject({ status_code: 404, code: "NoSuchKey" });
		const again = await rejection(
			bos.client.deleteObject("src-bucket", "docs/a b.txt"),
		);
		expect(again).toMatchObject({ status_code: 404, code: "NoSuchKey" });
	});

	it("checks Content-MD5 (BadDigest) and the storage class header", async () => {
		const digest = await rejection(
			bos.client.putObjectFromString("src-bucket", "x.txt", "x", {
				"Content-MD5": "AAAAAAAAAAAAAAAAAAAAAA==",
			}),
		);
		expect(digest).toMatchObject({ status_code: 400, code: "BadDigest" });
		await bos.client.putObjectFromString("src-bucket", "cold.txt", "c", {
			"x-bce-storage-class": "COLD",
		});
		const { body } = await bos.client.listObjects("src-bucket", {
			prefix: "cold",
		});
		expect(body.contents[0].storageClass).toBe("COLD");
	});

	it("refuses to delete a bucket that is not empty, then deletes it once empty", async () => {
		await bos.client.createBucket("doomed");
		await bos.client.putObjectFromString("doomed", "k", "v");
		const error = await rejection(bos.client.deleteBucket("doomed"));
		expect(error).toMatchObject({ status_code: 409, code: "BucketNotEmpty" });
		await bos.client.deleteObject("doomed", "k");
		await bos.client.deleteBucket("doomed");
		expect(await bos.client.doesBucketExist("doomed")).toBe(false);
	});

	it("answers NoSuchBucket 404 for a missing bucket", async () => {
		const error = await rejection(bos.client.listObjects("missing-bucket"));
		expect(error).toMatchObject({ status_code: 404, code: "NoSuchBucket" });
	});

	it.each([
		["GET", { acl: "" }],
		["PUT", { lifecycle: "" }],
		["GET", { cors: "" }],
		["POST", {}],
	] as const)(
		"answers NotImplemented 501 to %s %j on a bucket",
		async (method, params) => {
			const error = await rejection(
				bos.client.sendRequest(method, { bucketName: "src-bucket", params }),
			);
			expect(error).toMatchObject({ status_code: 501, code: "NotImplemented" });
		},
	);

	it("answers NotImplemented 501 to object sub-resources and CopyObject", async () => {
		const acl = await rejection(
			bos.client.sendRequest("GET", {
				bucketName: "src-bucket",
				key: "top.txt",
				params: { acl: "" },
			}),
		);
		expect(acl).toMatchObject({ status_code: 501, code: "NotImplemented" });
		const copy = await rejection(
			bos.client.sendRequest("PUT", {
				bucketName: "src-bucket",
				key: "copy.txt",
				headers: { "x-bce-copy-source": "/src-bucket/top.txt" },
			}),
		);
		expect(copy).toMatchObject({ status_code: 501, code: "NotImplemented" });
	});

	it("answers MalformedJSON to a bad body, EntityTooLarge to an oversized one, and keeps serving", async () => {
		const malformed = await rejection(
			bos.client.sendRequest("PUT", {
				bucketName: "src-bucket",
				params: { versioning: "" },
				body: "{not json",
			}),
		);
		expect(malformed).toMatchObject({
			status_code: 400,
			code: "MalformedJSON",
		});
		const huge = await rejection(
			bos.client.putObjectFromString(
				"src-bucket",
				"huge.bin",
				"x".repeat(5 * 1024 * 1024 + 1),
			),
		);
		expect(huge).toMatchObject({ status_code: 400, code: "EntityTooLarge" });
		expect(await bos.client.doesBucketExist("src-bucket")).toBe(true);
	});
});

describe("BOS emulator: transient errors for fault injection", () => {
	it.each([
		["throttle", 503, "ServiceUnavailable"],
		["serverError", 500, "InternalError"],
	] as const)("renders %s as %i %s", async (kind, status, code) => {
		const bos = await startBos();
		try {
			const error = bos.service.transientError(kind);
			expect(error).toMatchObject({ status, code });
		} finally {
			await bos.close();
		}
	});
});
