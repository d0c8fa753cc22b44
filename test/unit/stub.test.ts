import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";

const golden = readFileSync(join(__dirname, "../golden/provider.txt"), "utf8");

describe("the serialized provider stub (__provider)", () => {
	it("is the golden text, identical for every resource, small, with no path, version or secret", async () => {
		const seen: string[] = [];
		await pulumi.runtime.setMocks(
			{
				newResource: (args) => {
					seen.push(String(args.inputs.__provider));
					return { id: `${args.name}-id`, state: args.inputs };
				},
				call: () => ({}),
			},
			"project",
			"stack",
			false,
		);
		process.env.TENCENTCLOUD_SECRET_KEY = "a-secret-that-must-not-leak";
		const { Smoke } = await import("../../sdk/testing");
		new Smoke("a", { message: "one" });
		new Smoke("b", { message: "two" });
		await new Promise((resolve) => setTimeout(resolve, 1000));

		expect(seen).toHaveLength(2);
		expect(seen[0]).toBe(golden);
		expect(seen[1]).toBe(golden);
		expect(golden.length).toBeLessThan(4096);
		expect(golden).not.toMatch(
			/\/work\/|node_modules|\d+\.\d+\.\d+|a-secret-that-must-not-leak/,
		);
		expect(golden).toContain('require("pulumi-bucket-replication/provider")');
	});
});
