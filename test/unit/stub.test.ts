import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";

const golden = readFileSync(join(__dirname, "../golden/provider.txt"), "utf8");
// Earlier stubs, still in the outputs of every resource they created: v1 (0.1.0) and v2 (main after 0.1.0), both
// made by pulumi.dynamic.Resource serializing a provider object.
const goldenV1 = readFileSync(
	join(__dirname, "../golden/provider-v1.txt"),
	"utf8",
);
const goldenV2 = readFileSync(
	join(__dirname, "../golden/provider-v2.txt"),
	"utf8",
);
const requireFromString = require("require-from-string") as (code: string) => {
	handler(): Record<string, (...args: unknown[]) => unknown>;
};

describe("the provider stub (__provider)", () => {
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
		// Stored twice per resource and sent with every call (issue 13): v1 was 3,181 bytes, v2 2,476.
		expect(golden.length).toBeLessThanOrEqual(66);
		expect(golden).not.toMatch(
			/\/work\/|node_modules|\d+\.\d+\.\d+|a-secret-that-must-not-leak/,
		);
		expect(golden).toContain('require("pulumi-bucket-replication/provider")');
	});

	it.each([
		["current", golden],
		["v1 (0.1.0)", goldenV1],
		["v2", goldenV2],
	])(
		"%s loads as the dynamic provider host loads it and calls the runtime",
		async (_name, text) => {
			// cmd/dynamic-provider/index.js: `requireFromString(props.__provider).handler()`.
			const provider = requireFromString(text).handler();
			expect(Object.keys(provider)).toEqual([
				"configure",
				"check",
				"diff",
				"create",
				"read",
				"update",
				"delete",
			]);
			const news = { __resource: "Smoke", message: "hi" };
			expect(await provider.check({}, news)).toEqual({ inputs: news });
			expect(await provider.diff("id", { ...news, length: 2 }, news)).toEqual({
				changes: false,
			});
			expect(await provider.read("id", news)).toMatchObject({ id: "id" });
			await expect(
				provider.check({}, { __resource: "Nope" }) as Promise<unknown>,
			).rejects.toThrow(/unknown resource type "Nope"/);
		},
	);
});
