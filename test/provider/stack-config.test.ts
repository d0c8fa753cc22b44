import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulators, startEmulators } from "../../emulator/index";
import * as runtime from "../../provider";
import type { Props } from "../../provider/core/types";
import { checked } from "../support/runtime";

/**
 * The stack config keys of README.md "Credentials" (and docs/cos.md, oss.md, bos.md): each cloud's keys and
 * endpoint given only as stack config reach the provider, and win over wrong environment variables.
 */
let emulators: RunningEmulators;
const saved = { ...process.env };

beforeAll(async () => {
	emulators = await startEmulators();
	const { cos, oss, bos } = emulators.endpoints();
	// What the environment says is wrong for every cloud: only the stack config can succeed.
	Object.assign(process.env, {
		TENCENTCLOUD_COS_ENDPOINT: "http://127.0.0.1:1",
		TENCENTCLOUD_SECRET_ID: "AKIDwrong",
		TENCENTCLOUD_SECRET_KEY: "wrong-cos-secret",
		ALICLOUD_OSS_ENDPOINT: "http://127.0.0.1:1",
		ALICLOUD_ACCESS_KEY: "LTAIwrong",
		ALICLOUD_SECRET_KEY: "wrong-oss-secret",
		BAIDUCLOUD_BOS_ENDPOINT: "http://127.0.0.1:1",
		BAIDUCLOUD_ACCESS_KEY: "wrong-bos-ak",
		BAIDUCLOUD_SECRET_KEY: "wrong-bos-sk",
		BUCKET_REPLICATION_MAX_RETRIES: "0",
	});
	const config: Record<string, string> = {
		"tencentcloud:secretId": cos.secretId,
		"tencentcloud:secretKey": cos.secretKey,
		"bucket-replication:cosEndpoint": cos.endpoint,
		"alicloud:accessKey": oss.accessKeyId,
		"alicloud:secretKey": oss.accessKeySecret,
		"bucket-replication:ossEndpoint": oss.endpoint,
		"baiducloud:accessKey": bos.accessKey,
		"baiducloud:secretKey": bos.secretKey,
		"bucket-replication:bosEndpoint": bos.endpoint,
	};
	runtime.configure({ config: { get: (key) => config[key] } });
});
afterAll(async () => {
	runtime.configure({});
	process.env = saved;
	await emulators?.close();
});

describe("stack config keys of README.md's Credentials table", () => {
	const buckets: Array<[string, Props]> = [
		[
			"COS",
			{
				__resource: "CosBucket",
				bucket: "config-1250000000",
				region: "ap-guangzhou",
			},
		],
		[
			"OSS",
			{ __resource: "OssBucket", bucket: "config-oss", region: "cn-hangzhou" },
		],
		["BOS", { __resource: "BosBucket", bucket: "config-bos", region: "bj" }],
	];
	it.each(buckets)(
		"%s: keys and endpoint from stack config only, over wrong environment variables",
		async (_cloud, inputs) => {
			const props = await checked(inputs);
			const created = await runtime.create(props);
			const read = await runtime.read(created.id, created.outs);
			expect(read.id).toBe(created.id);
			await runtime.delete(created.id, created.outs);
			expect(await runtime.read(created.id, created.outs)).toEqual({});
		},
	);
});
