import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "../..");
const { withReference } = require("../../scripts/gen-docs.js") as {
	withReference(readme: string): string;
};

describe("README", () => {
	const readme = readFileSync(join(root, "README.md"), "utf8");

	it("documents every resource argument exactly as the TSDoc says (run `node scripts/gen-docs.js`)", () => {
		expect(readme).toBe(withReference(readme));
		for (const cloud of ["cos", "oss", "bos"])
			expect(readme).toContain(`### \`${cloud}\``);
	});

	it("states the two commands, and .ci/run runs the test command", () => {
		expect(readme).toContain("npm ci && npm start");
		expect(readme).toContain("npm ci && npm test");
		expect(readFileSync(join(root, ".ci/run"), "utf8")).toContain(
			"npm ci && npm test",
		);
	});
});
