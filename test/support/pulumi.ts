import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

interface Offline {
	ensurePulumi(): string;
	runPulumi(
		args: string[],
		options: { cwd: string; env?: NodeJS.ProcessEnv; echo?: boolean },
	): Promise<{ code: number; stdout: string; stderr: string }>;
	stateRoot: string;
	root: string;
}
// The same helper the demo uses (plain CommonJS, so the demo needs no TypeScript).
const offline = require("../../scripts/pulumi-offline.js") as Offline;

export const { ensurePulumi, root } = offline;

export interface RunResult {
	code: number;
	stdout: string;
	stderr: string;
}

/**
 * A throwaway Pulumi project under `.pulumi/projects/` in this checkout, so that it resolves
 * `pulumi-bucket-replication` and `@pulumi/pulumi` by name from the checkout's node_modules, as a
 * user's project does. Each project has its own name and stack on the shared local file backend.
 */
export class TestProject {
	readonly dir: string;
	readonly name: string;
	readonly stack: string = "test";
	env: NodeJS.ProcessEnv;
	/** False for a directory opened in place (`open`): it is never rewritten or deleted. */
	private readonly owned: boolean = true;
	/** The program's file: `index.js` skips the TypeScript compile of each run (seconds on a loaded machine). */
	private main = "index.ts";

	private constructor(
		name: string,
		env: NodeJS.ProcessEnv,
		inPlace?: { dir: string; stack: string },
	) {
		this.name = inPlace ? name : `${name}-${randomBytes(4).toString("hex")}`;
		this.dir = inPlace?.dir ?? join(offline.stateRoot, "projects", this.name);
		this.env = env;
		if (inPlace) {
			this.stack = inPlace.stack;
			this.owned = false;
		}
	}

	/**
	 * Opens an existing project directory in place (an example, as a user runs it) with a new stack of
	 * a unique name, so that concurrent runs never share state. `remove()` then deletes the stack and
	 * its `Pulumi.<stack>.yaml`, and leaves the directory otherwise untouched.
	 */
	static async open(
		dir: string,
		env: NodeJS.ProcessEnv = {},
	): Promise<TestProject> {
		const yaml = readFileSync(join(dir, "Pulumi.yaml"), "utf8");
		const name = /^name:\s*(\S+)\s*$/m.exec(yaml)?.[1];
		if (!name) throw new Error(`${dir}/Pulumi.yaml has no name`);
		const stack = `test-${randomBytes(4).toString("hex")}`;
		const project = new TestProject(
			name,
			{ ...process.env, ...env },
			{ dir, stack },
		);
		await project.mustRun(["stack", "init"]);
		return project;
	}

	/**
	 * Creates the project with a TypeScript program (or, with `javascript`, a CommonJS one) and
	 * initializes its stack.
	 */
	static async create(
		name: string,
		program: string,
		env: NodeJS.ProcessEnv = {},
		options: { javascript?: boolean } = {},
	): Promise<TestProject> {
		const project = new TestProject(name, { ...process.env, ...env });
		if (options.javascript) project.main = "index.js";
		mkdirSync(project.dir, { recursive: true });
		writeFileSync(
			join(project.dir, "Pulumi.yaml"),
			`name: ${project.name}\nruntime: nodejs\n`,
		);
		writeFileSync(
			join(project.dir, "package.json"),
			JSON.stringify({ name: project.name, main: project.main }),
		);
		project.setProgram(program);
		await project.mustRun(["stack", "init"]);
		return project;
	}

	setProgram(program: string): void {
		if (!this.owned) throw new Error(`${this.dir} is opened in place`);
		writeFileSync(join(this.dir, this.main), program);
	}

	/** `cwd`: another directory holding a copy of this project (same name, so the same stack). */
	run(args: string[], cwd = this.dir): Promise<RunResult> {
		return offline.runPulumi([...args, "--stack", this.stack], {
			cwd,
			env: this.env,
		});
	}

	/** Runs and throws with the CLI's output when the exit code is not 0. */
	async mustRun(args: string[], cwd = this.dir): Promise<RunResult> {
		const result = await this.run(args, cwd);
		if (result.code !== 0) {
			throw new Error(
				`pulumi ${args.join(" ")} exited ${result.code}\n${result.stdout}\n${result.stderr}`,
			);
		}
		return result;
	}

	up(): Promise<RunResult> {
		return this.mustRun(["up", "--yes", "--skip-preview"]);
	}

	preview(): Promise<RunResult> {
		return this.mustRun(["preview", "--diff"]);
	}

	refresh(): Promise<RunResult> {
		return this.mustRun(["refresh", "--yes", "--skip-preview"]);
	}

	destroy(): Promise<RunResult> {
		return this.mustRun(["destroy", "--yes", "--skip-preview"]);
	}

	async setConfig(key: string, value: string, secret = false): Promise<void> {
		await this.mustRun([
			"config",
			"set",
			key,
			value,
			...(secret ? ["--secret"] : ["--plaintext"]),
		]);
	}

	/** The stack's checkpoint as `pulumi stack export` prints it. */
	async exportState(): Promise<{
		deployment: { resources?: Array<Record<string, unknown>> };
	}> {
		const { stdout } = await this.mustRun(["stack", "export"]);
		return JSON.parse(stdout);
	}

	/** The stack's state file on the local backend, as text (to check that no secret is in it). */
	stateFileText(): string {
		return readFileSync(
			join(
				offline.stateRoot,
				"state",
				".pulumi",
				"stacks",
				this.name,
				`${this.stack}.json`,
			),
			"utf8",
		);
	}

	/** Destroys what is left, removes the stack and the directory. */
	async remove(): Promise<void> {
		await this.run(["destroy", "--yes", "--skip-preview"]);
		await this.run(["stack", "rm", "--yes", "--force"]);
		if (this.owned) rmSync(this.dir, { recursive: true, force: true });
		// `stack rm` deletes it too, but not when it failed.
		else rmSync(join(this.dir, `Pulumi.${this.stack}.yaml`), { force: true });
	}
}
