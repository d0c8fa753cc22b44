import { existsSync, readdirSync, truncateSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
	createProject,
	type Project,
	type RunResult,
	recover,
	removeProject,
	run,
} from "../support/recovery-kit";

const offline = require("../../scripts/pulumi-offline.js") as {
	stateRoot: string;
};

/**
 * docs/recovery.md's table, sentence by sentence, on a stack with no resources (no emulator needed):
 * what a killed run's lock blocks and what it does not, what `pulumi cancel` removes, and the empty
 * `.attrs` file that a kill while saving leaves. test/e2e/recovery.test.ts runs the same steps after
 * kills in the middle of real writes.
 */

/** A program that holds its `up` open while HOLD=1, so that the run can be caught with its lock. */
const PROGRAM = `module.exports = (async () => {
	if (process.env.HOLD === "1") await new Promise((resolve) => setTimeout(resolve, 120_000));
	return { ok: 1 };
})();
`;
const LOCKED = "the stack is currently locked by 1 lock(s)";
const UP = ["up", "--yes", "--skip-preview"];

function output(result: RunResult): string {
	return `${result.stdout}\n${result.stderr}`;
}

describe("docs/recovery.md: the lock and the checkpoint a killed run leaves", () => {
	let project: Project;
	const lockDir = () =>
		join(
			offline.stateRoot,
			"state",
			".pulumi",
			"locks",
			"organization",
			project.name,
			project.stack,
		);
	const locks = () =>
		existsSync(lockDir())
			? readdirSync(lockDir()).filter((f) => f.endsWith(".json"))
			: [];
	const attrs = () =>
		join(
			offline.stateRoot,
			"state",
			".pulumi",
			"stacks",
			project.name,
			`${project.stack}.json.attrs`,
		);

	afterAll(async () => {
		if (project) await removeProject(project);
	});

	it("a killed up's lock blocks refresh, up and destroy but not preview; cancel removes it; an empty .attrs file fails every command until the documented find", async () => {
		project = await createProject("recovery-steps", PROGRAM);
		expect((await run(project, UP)).code).toBe(0);

		// An `up` held open, then killed with SIGKILL (the CLI and its plugins), lock in place.
		project.env = { HOLD: "1" };
		let kill = false;
		const held = run(project, UP, { killWhen: () => kill });
		while (locks().length === 0) await new Promise((r) => setTimeout(r, 100));
		// "a plain `preview` takes no lock and runs", even while the run is alive.
		project.env = {};
		const preview = await run(project, ["preview"]);
		expect(preview.code, output(preview)).toBe(0);
		kill = true;
		const killed = await held;
		expect(killed.killed).toBe(true);
		expect(killed.survivors).toEqual([]);
		expect(locks()).toHaveLength(1);

		for (const args of [
			["refresh", "--yes"],
			["up", "--yes"],
			["destroy", "--yes"],
		]) {
			const refused = await run(project, args);
			expect(refused.code, args.join(" ")).not.toBe(0);
			expect(output(refused)).toContain(LOCKED);
		}
		expect((await run(project, ["preview"])).code).toBe(0);

		// "On the file backend it deletes the files under .pulumi/locks/<org>/<project>/<stack>/, and
		// does nothing when there are none."
		expect((await run(project, ["cancel", "--yes"])).code).toBe(0);
		expect(locks()).toEqual([]);
		expect((await run(project, ["cancel", "--yes"])).code).toBe(0);

		// A kill between the two writes of a save leaves `<stack>.json.attrs` empty: every command fails.
		truncateSync(attrs(), 0);
		for (const args of [["preview"], ["refresh", "--yes"]]) {
			const torn = await run(project, args);
			expect(torn.code, args.join(" ")).not.toBe(0);
			expect(output(torn)).toContain("failed to load checkpoint: EOF");
		}
		// The documented steps: find removes the empty file (and lists it), then cancel, refresh, up.
		const steps = await recover(project, ["up", "--yes"]);
		expect(steps[0].stdout.trim()).toBe(attrs());
		for (const step of steps) expect(step.code, output(step)).toBe(0);
		expect(steps).toHaveLength(4);
	});

	it("`pulumi cancel` removes a lock even while its run is alive", async () => {
		project.env = { HOLD: "1" };
		let kill = false;
		const held = run(project, UP, { killWhen: () => kill });
		try {
			while (locks().length === 0) await new Promise((r) => setTimeout(r, 100));
			project.env = {};
			expect((await run(project, ["cancel", "--yes"])).code).toBe(0);
			expect(locks()).toEqual([]);
		} finally {
			kill = true;
			await held;
			project.env = {};
		}
	});
});
