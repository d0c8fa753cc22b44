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
