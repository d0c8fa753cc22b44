import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TestProject } from "../support/pulumi";

const golden = readFileSync(join(__dirname, "../golden/provider.txt"), "utf8");
const program = (message: string) => `
import { Smoke } from "pulumi-bucket-replication/testing";
const first = new Smoke("first", { message: ${JSON.stringify(message)} });
new Smoke("second", { message: "unchanged" });
export const length = first.length;
`;

describe("the dynamic-resource pattern through the real Pulumi CLI", () => {
	let project: TestProject;
	afterAll(async () => project?.remove());

	it("creates, converges, shows and applies a change, refreshes and destroys", async () => {
		project = await TestProject.create("foundation", program("hello"));

		const created = await project.up();
		expect(created.stdout).toMatch(/\+ 3 created/);

		// A second `up` with nothing changed must change nothing.
		await project.mustRun([
			"up",
			"--yes",
			"--skip-preview",
			"--expect-no-changes",
		]);

		project.setProgram(program("hello world"));
		const preview = await project.preview();
		expect(preview.stdout).toContain('~ message: "hello" => "hello world"');
		expect(preview.stdout).toMatch(/~ 1 to update/);
		expect(preview.stdout).not.toContain("__provider");

		const updated = await project.up();
		expect(updated.stdout).toMatch(/~ 1 updated/);
		expect(updated.stdout).toContain("length: 5 => 11");

		await project.refresh();
		await project.mustRun([
			"up",
			"--yes",
			"--skip-preview",
			"--expect-no-changes",
		]);

		// The state holds exactly the golden stub, in inputs and outputs of every resource.
		const state = await project.exportState();
		const dynamic = (state.deployment.resources ?? []).filter((r) =>
			String(r.type).startsWith("pulumi-nodejs:dynamic/"),
		);
		expect(dynamic).toHaveLength(2);
		for (const r of dynamic) {
			expect((r.inputs as Record<string, unknown>).__provider).toBe(golden);
			expect((r.outputs as Record<string, unknown>).__provider).toBe(golden);
			expect(r.type).toBe("pulumi-nodejs:dynamic/bucket-replication:Smoke");
		}

		const destroyed = await project.destroy();
		expect(destroyed.stdout).toMatch(/- 3 deleted/);
	});
});
