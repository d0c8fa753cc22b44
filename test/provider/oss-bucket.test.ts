import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runtime from "../../provider";
import type { Props } from "../../provider/core/types";
import type { OssClient } from "../emulator/oss-helpers";
import {
	type OssEmulator,
	putObject,
	startOssEmulator,
	summary,
} from "../support/oss";
import {
	checked as checkedInputs,
	failureOf,
	useForProvider,
} from "../support/runtime";

let oss: OssEmulator;

beforeAll(async () => {
	oss = await startOssEmulator();
	useForProvider(oss.env);
});
afterAll(async () => oss?.close());

const checked = (inputs: Props, olds: Props = {}) =>
	checkedInputs({ __resource: "OssBucket", ...inputs }, olds);

async function counted(fn: () => Promise<unknown>) {
	const mark = oss.server.requests.length;
	await fn();
	return summary(oss.since(mark));
}

describe("oss.Bucket against the OSS emulator", () => {
	it("creates in its region with versioning, reads, suspends versioning in place, deletes", async () => {
		const name = oss.name("bkt");
		const inputs = await checked({
			bucket: name,
			region: "cn-beijing",
			versioning: "Enabled",
		});
		let outs: Props = {};
		expect(
			await counted(async () => {
				({ outs } = await runtime.create(inputs));
			}),
		).toEqual(["PUT /", "PUT /?versioning="]);
		expect(outs).toMatchObject({
			bucket: name,
			region: "oss-cn-beijing",
			versioning: "Enabled",
		});

		let read: Awaited<ReturnType<typeof runtime.read>> = {};
		expect(
			await counted(async () => {
				read = await runtime.read(name, outs);
			}),
		).toEqual(["GET /?bucketInfo="]);
		expect(read.inputs).toEqual(inputs);
		expect(await runtime.diff(name, read.props ?? {}, inputs)).toEqual({
			changes: false,
		});

		const suspended = await checked(
			{ bucket: name, region: "cn-beijing", versioning: "Suspended" },
			inputs,
		);
		expect(
			await counted(() => runtime.update(name, read.props ?? {}, suspended)),
		).toEqual(["PUT /?versioning="]);
		expect((await runtime.read(name, outs)).inputs).toMatchObject({
			versioning: "Suspended",
		});

		expect(await counted(() => runtime.delete(name, outs))).toEqual([
			"DELETE /",
		]);
		expect(await runtime.read(name, outs)).toEqual({});
		await runtime.delete(name, outs); // already gone: fine
	});

	it("refresh reads versioning suspended out of band; the diff shows it and the update puts it back", async () => {
		// README "Why": refresh shows drift and up repairs it, on every resource (this bucket too).
		const name = oss.name("drift");
		const inputs = await checked({
			bucket: name,
			region: "cn-beijing",
			versioning: "Enabled",
		});
		const { outs } = await runtime.create(inputs);
		// ali-oss has the call; its typings leave it out (test/emulator/oss-helpers.ts types it).
		const client = oss.client("oss-cn-beijing") as unknown as OssClient;
		await client.putBucketVersioning(name, "Suspended");

		const read = await runtime.read(name, outs ?? {});
		expect(read.inputs).toMatchObject({ versioning: "Suspended" });
		const diff = await runtime.diff(name, read.props ?? {}, inputs);
		expect(diff.changes).toBe(true);
		expect(diff.replaces ?? []).toEqual([]);
		expect(
			await counted(() => runtime.update(name, read.props ?? {}, inputs)),
		).toEqual(["PUT /?versioning="]);
		expect((await runtime.read(name, outs ?? {})).inputs).toMatchObject({
			versioning: "Enabled",
		});
		await runtime.delete(name, outs ?? {});
	});

	it.each([
		["spaces around it", (e: string) => ` ${e} `],
		["a trailing slash", (e: string) => `${e}/`],
	])(
		"takes an endpoint setting with %s (ali-oss refused spaces as not conform)",
		async (_name, spell) => {
			const saved = process.env.ALICLOUD_OSS_ENDPOINT ?? "";
			process.env.ALICLOUD_OSS_ENDPOINT = spell(saved);
			try {
				const name = oss.name("ep");
				const inputs = await checked({ bucket: name, region: "cn-beijing" });
				expect(await counted(() => runtime.create(inputs))).toEqual(["PUT /"]);
				await runtime.delete(name, inputs);
			} finally {
				process.env.ALICLOUD_OSS_ENDPOINT = saved;
			}
		},
	);

	it("refuses to delete a bucket that holds objects, explaining the vendor's answer", async () => {
		const name = oss.name("full");
		const { outs } = await runtime.create(
			await checked({ bucket: name, region: "cn-hangzhou" }),
		);
		await putObject(oss.client("oss-cn-hangzhou"), name, "keep.txt", "data");
		const error = await failureOf(runtime.delete(name, outs));
		expect(error.name).toBe("CloudApiError");
		expect(error.message).toMatch(
			new RegExp(
				`^OSS bucket "${name}": DeleteBucket failed: the bucket still holds objects \\(or object versions\\) \\(HTTP 409, OSS code BucketNotEmpty, request id [^)]+\\)\\. \`oss.Bucket\` never deletes data`,
			),
		);
	});

	it("changing the versioning of a bucket joined by a rule fails with the vendor code and the fix", async () => {
		const name = oss.name("joined");
		const target = oss.name("joined-dst");
		const inputs = await checked({
			bucket: name,
			region: "cn-hangzhou",
			versioning: "Enabled",
		});
		const { outs } = await runtime.create(inputs);
		await runtime.create(
			await checked({
				bucket: target,
				region: "cn-beijing",
				versioning: "Enabled",
			}),
		);
		await runtime.create(
			await checkedInputs({
				__resource: "OssBucketReplicationRule",
				bucket: name,
				region: "cn-hangzhou",
				ruleId: "joined",
				destination: { bucket: target, location: "cn-beijing" },
			}),
		);
		const suspended = await checked(
			{ bucket: name, region: "cn-hangzhou", versioning: "Suspended" },
			inputs,
		);
		const error = await failureOf(runtime.update(name, outs, suspended));
		expect(error.message).toMatch(
			/PutBucketVersioning failed: .*OSS code InvalidBucketState, request id \w+\)\. OSS keeps the versioning of a bucket that a replication rule joins/,
		);
	});

	it("a bucket of these credentials that differs is refused with the reason and the fix", async () => {
		const name = oss.name("taken");
		await runtime.create(
			await checked({
				bucket: name,
				region: "cn-hangzhou",
				versioning: "Suspended",
			}),
		);
		const error = await failureOf(
			runtime.create(
				await checked({
					bucket: name,
					region: "cn-hangzhou",
					versioning: "Enabled",
				}),
			),
		);
		expect(error.message).toContain(
			"PutBucket failed: the bucket already exists with versioning Suspended",
		);
		expect(error.message).toContain("OSS code BucketAlreadyExists");
	});

	it("a create that finds the bucket its own earlier attempt made takes it and finishes", async () => {
		const name = oss.name("again");
		const plain = await checked({ bucket: name, region: "cn-hangzhou" });
		await runtime.create(plain); // the attempt whose answer was lost
		const inputs = await checked({
			bucket: name,
			region: "cn-hangzhou",
			versioning: "Enabled",
		});
		expect(await counted(() => runtime.create(inputs))).toEqual([
			"PUT /",
			"GET /?bucketInfo=",
			"PUT /?versioning=",
		]);
		expect(await counted(() => runtime.create(inputs))).toEqual([
			"PUT /",
			"GET /?bucketInfo=",
		]);
	});
});
