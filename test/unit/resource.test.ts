import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";

describe("ReplicationResource", () => {
	it("leaves Error.stackTraceLimit as it found it, also when the constructor throws", async () => {
		await pulumi.runtime.setMocks(
			{
				newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
				call: () => ({}),
			},
			"project",
			"stack",
			false,
		);
		const { Smoke } = await import("../../sdk/testing");
		const before = Error.stackTraceLimit;
		try {
			Error.stackTraceLimit = 17;
			new Smoke("limit", { message: "one" });
			expect(Error.stackTraceLimit).toBe(17);
			// A `__provider` argument is refused, as @pulumi/pulumi's dynamic.Resource does.
			expect(
				() => new Smoke("throws", { message: "two", __provider: "x" } as never),
			).toThrow(/must not define the __provider key/);
			expect(Error.stackTraceLimit).toBe(17);
		} finally {
			Error.stackTraceLimit = before;
		}
	});
});

describe("registration order", () => {
	it("follows the program's declarations across clouds (COS rules no longer last)", async () => {
		const registered: string[] = [];
		await pulumi.runtime.setMocks(
			{
				newResource: (args) => {
					registered.push(args.name);
					return { id: `${args.name}-id`, state: args.inputs };
				},
				call: () => ({}),
			},
			"project",
			"stack",
			false,
		);
		const { bos, cos, oss } = await import("../../sdk");
		const declared: string[] = [];
		for (let k = 0; k < 4; k++) {
			new cos.BucketReplicationRule(`cos-${k}`, {
				bucket: "order-src-1250000000",
				region: "ap-guangzhou",
				role: "qcs::cam::uin/100000000001:uin/100000000001",
				ruleId: `r${k}`,
				prefix: `p${k}/`,
				destination: { bucket: "qcs::cos:ap-beijing::order-dst-1250000000" },
			});
			new oss.BucketReplicationRule(`oss-${k}`, {
				bucket: "order-src",
				region: "oss-cn-hangzhou",
				ruleId: `r${k}`,
				prefixes: [`p${k}/`],
				destination: { bucket: `order-dst-${k}`, location: "oss-cn-hangzhou" },
			});
			new bos.BucketReplicationRule(`bos-${k}`, {
				bucket: "order-src",
				region: "bj",
				ruleId: `r${k}`,
				resource: [`order-src/p${k}/*`],
				destination: { bucket: "order-dst" },
			});
			declared.push(`cos-${k}`, `oss-${k}`, `bos-${k}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
		await expect.poll(() => registered.length).toBe(declared.length);
		expect(registered).toEqual(declared);
	});
});

describe("withSecretLive: live is a secret output exactly when an argument is a secret", () => {
	const cases: Array<[string, () => object, string[]]> = [
		[
			"plain values",
			() => ({ prefix: "a/", destination: { bucket: "b" } }),
			[],
		],
		["a plain Output", () => ({ prefix: pulumi.output("a/") }), []],
		["a secret", () => ({ prefix: pulumi.secret("a/") }), ["live"]],
		[
			"a secret nested in a list",
			() => ({ rules: [{ destination: { bucket: pulumi.secret("b") } }] }),
			["live"],
		],
	];
	it.each(cases)("%s", async (_name, args, expected) => {
		const { withSecretLive } = await import("../../sdk/secretLive");
		const { opts, settled } = withSecretLive(args(), undefined);
		await settled;
		expect(opts.additionalSecretOutputs).toEqual(expected);
	});

	it("keeps the program's own additionalSecretOutputs", async () => {
		const { withSecretLive } = await import("../../sdk/secretLive");
		const given = ["progress"];
		const { opts, settled } = withSecretLive(
			{ prefix: pulumi.secret("a/") },
			{ additionalSecretOutputs: given },
		);
		await settled;
		expect(opts.additionalSecretOutputs).toEqual(["progress", "live"]);
		expect(given).toEqual(["progress"]);
	});
});
