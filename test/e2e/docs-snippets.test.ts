import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	providerEnv,
	type RunningEmulators,
	startEmulators,
} from "../../emulator";
import { root, TestProject } from "../support/pulumi";
import { expectQuietUp, requestCount } from "../support/requests";

/**
 * The program at the top of each cloud guide (docs/cos.md, oss.md, bos.md), as written, in one stack
 * against the emulators: `up`, an `up` that changes nothing and sends nothing, `destroy`. Each
 * snippet runs in a block of its own (they reuse names such as `src`), with the imports hoisted.
 */

const guides = ["cos", "oss", "bos"] as const;

/** The first TypeScript block of a guide. */
function snippet(cloud: string): string {
	const text = readFileSync(join(root, "docs", `${cloud}.md`), "utf8");
	const block = /^```ts\n([\s\S]*?)^```$/m.exec(text)?.[1];
	if (!block) throw new Error(`docs/${cloud}.md has no ts block`);
	return block;
}

function program(): string {
	const imports: string[] = [];
	const bodies: string[] = [];
	for (const cloud of guides) {
		const lines = snippet(cloud).split("\n");
		imports.push(...lines.filter((l) => l.startsWith("import ")));
		bodies.push(
			`{\n${lines.filter((l) => !l.startsWith("import ")).join("\n")}\n}`,
		);
	}
	return `${[...new Set(imports)].join("\n")}\n${bodies.join("\n")}\n`;
}

describe("the guides' programs (docs/<cloud>.md), through the real Pulumi CLI", () => {
	let emulators: RunningEmulators;
	let project: TestProject;

	beforeAll(async () => {
		emulators = await startEmulators({
			replicationDelayMs: 10,
			ossStartingDelayMs: 50,
			ossClosingDelayMs: 100,
		});
		project = await TestProject.create("docs-snippets", program(), {
			...providerEnv(emulators.endpoints()),
			BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "10",
		});
	});
	afterAll(async () => {
		await project?.remove();
		await emulators?.close();
	});

	it("up, an up that sends nothing, destroy", async () => {
		for (const cloud of guides)
			expect(snippet(cloud)).toContain('from "pulumi-bucket-replication"');
		// COS: 2 buckets and the configuration; OSS and BOS: 2 buckets and a rule each; the stack.
		const created = await project.up();
		expect(created.stdout).toContain("+ 10 created");

		const requests = () => requestCount(emulators);
		await expectQuietUp(project, requests);

		const destroyed = await project.destroy();
		expect(destroyed.stdout).toContain("- 10 deleted");
	});
});
