import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { root } from "../support/pulumi";

const run = promisify(execFile);
const stack = `demo-test-${randomBytes(3).toString("hex")}`;
const env = { ...process.env, DEMO_STACK: stack };

/** `npm start` without the build step (`npm test` has built already): the demo script itself. */
const demo = () =>
	run(process.execPath, [join(root, "scripts/demo.js")], {
		cwd: root,
		env,
		maxBuffer: 1 << 24,
	});

describe("the demo (npm start)", () => {
	afterAll(async () => {
		const offline = require("../../scripts/pulumi-offline.js");
		await offline.runPulumi(["stack", "rm", stack, "--yes", "--force"], {
			cwd: root,
			env,
		});
		rmSync(join(root, ".pulumi", stack), { recursive: true, force: true });
	});

	it("replicates on COS, OSS and BOS, and a second run changes nothing", async () => {
		const first = await demo();
		expect(first.stdout).toMatch(/\+ 10 created/);
		expect(first.stdout).toContain(
			"5/5 replication checks passed on COS, OSS and BOS.",
		);
		expect(first.stdout).toMatch(/ok {2}BOS: reports\/draft-\w+\.tmp excluded/);

		const second = await demo();
		expect(second.stdout).toMatch(/10 unchanged/);
		expect(second.stdout).toContain(
			"Second run: pulumi up reported no changes.",
		);
		expect(second.stdout).toContain(
			"5/5 replication checks passed on COS, OSS and BOS.",
		);
	});
});
