import { randomBytes } from "node:crypto";
import {
	cpSync,
	existsSync,
	readdirSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	providerEnv,
	type RunningEmulators,
	startEmulators,
} from "../../emulator";
import { normalizeOutput } from "../support/golden";
import { installPacked, type PackedInstall } from "../support/packed";
import { root, TestProject } from "../support/pulumi";

/**
 * Every program in examples/ runs as a user runs it: copied into a directory outside this checkout
 * where the package is installed from its `npm pack` tarball (a copy, so one `@pulumi/pulumi` loads),
 * through the real Pulumi CLI against one set of emulators: `up`, a second `up` that must change
 * nothing and send nothing, `destroy`. Each gets a stack of its own, removed at the end.
 */

const examplesDir = join(root, "examples");
const commentSample = join(examplesDir, "github-actions/pr-comment-sample.md");

type Cloud = "cos" | "oss" | "bos";
const clouds: Cloud[] = ["cos", "oss", "bos"];

const examples: Array<{ name: string; cloud: Cloud; resources: number }> = [
	// resources: what the program declares (the stack itself comes on top).
	{ name: "cos-minimal", cloud: "cos", resources: 3 },
	{ name: "cos-advanced", cloud: "cos", resources: 4 },
	{ name: "oss-minimal", cloud: "oss", resources: 3 },
	{ name: "oss-advanced", cloud: "oss", resources: 3 },
	{ name: "bos-minimal", cloud: "bos", resources: 3 },
	{ name: "bos-advanced", cloud: "bos", resources: 5 },
];

/**
 * What each example's README promises `pulumi preview --diff` shows for an edit of its program:
 * `from` is replaced by `to` in a copy, previewed against the example's stack with no cloud key.
 */
const edits: Record<
	string,
	Array<{ promise: string; from: string; to: string; shows: string[] }>
> = {
	"oss-advanced": [
		{
			promise: "changing any other replication setting replaces the rule",
			from: 'prefixes: ["finance/", "audit/"]',
			to: 'prefixes: ["finance/"]',
			shows: ["OssBucketReplicationRule: (replace)", "+-1 to replace"],
		},
		{
			promise: "OSS edits nothing of a rule but RTC",
			from: 'rtc: "enabled"',
			to: 'rtc: "disabled"',
			shows: ['~ rtc: "enabled" => "disabled"', "~ 1 to update"],
		},
	],
	"bos-advanced": [
		{
			promise: "every update of an enabled rule restarts its replication",
			from: 'prefix: "backup/"',
			to: 'prefix: "backup2/"',
			shows: ["~ replicationRestarts: 0 => 1", "~ 1 to update"],
		},
		{
			promise: "enabled → disabled replaces the rule",
			from: 'ruleId: "archive",',
			to: 'ruleId: "archive",\n\tstatus: "disabled",',
			shows: ['~ status: "enabled" => "disabled"', "+-1 to replace"],
		},
	],
};

/** Variables that give the provider keys or endpoints: none is set in a pull request's preview. */
const cloudVariables = /^(TENCENTCLOUD|ALICLOUD|BAIDUCLOUD)_/;

describe("examples/, installed from the packed tarball, through the real Pulumi CLI", () => {
	let emulators: RunningEmulators;
	let env: Record<string, string>;
	let install: PackedInstall;
	const open: TestProject[] = [];

	beforeAll(async () => {
		install = await installPacked();
		// Short OSS delays: a destroy polls until the deleted rule has finished closing.
		emulators = await startEmulators({
			replicationDelayMs: 10,
			ossStartingDelayMs: 50,
			ossClosingDelayMs: 100,
		});
		env = {
			...providerEnv(emulators.endpoints()),
			BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "10",
			// The programs are type-checked by `npm run typecheck` (tsc); skipping it in each run saves time.
			PULUMI_NODEJS_TRANSPILE_ONLY: "true",
		};
	});
	afterAll(async () => {
		// Only after a failure is anything still open here.
		for (const project of open) await project.remove();
		await emulators?.close();
		install?.remove();
	});

	// One lane per cloud, the lanes side by side: within a lane the examples run one after the other,
	// so the requests a cloud's emulator answered during a run are that run's alone.
	it.concurrent.each(clouds)(
		"%s: each example up, up again with no changes and no request, destroy",
		async (cloud) => {
			for (const example of examples.filter((e) => e.cloud === cloud))
				await lifecycle(example.name, cloud, example.resources);
		},
	);

	async function lifecycle(name: string, cloud: Cloud, resources: number) {
		// The example's own files, beside the installed node_modules (the directory a user copies).
		const dir = join(install.dir, name);
		cpSync(join(examplesDir, name), dir, {
			recursive: true,
			filter: (source) => !/Pulumi\.[^/]+\.yaml$|node_modules/.test(source),
		});
		// What the directory holds before the run: anything more afterwards was left by the run.
		const files = readdirSync(dir).sort();
		const project = await TestProject.open(dir, env);
		open.push(project);
		// What differs between accounts is in the stack's config, as the CI example has it: a preview
		// without keys (and without the emulator's TENCENTCLOUD_APPID) still runs the program.
		if (cloud === "cos")
			await project.setConfig("tencentcloud:appId", emulators.cos.appId);

		const created = await project.up();
		expect(created.stdout, name).toContain(`+ ${resources + 1} created`);

		const requests = emulators.requests[cloud].length;
		await project.mustRun([
			"up",
			"--yes",
			"--skip-preview",
			"--expect-no-changes",
		]);
		expect(emulators.requests[cloud].length, name).toBe(requests);

		if (name === "cos-minimal") await checkCommentSample(project);
		for (const edit of edits[name] ?? []) {
			const preview = await previewEdited(project, cloud, edit.from, edit.to);
			for (const text of edit.shows)
				expect(preview, `${name}: ${edit.promise}`).toContain(text);
		}

		const destroyed = await project.destroy();
		expect(destroyed.stdout, name).toContain(`- ${resources + 1} deleted`);
		// Also deletes the stack's Pulumi.<stack>.yaml from the example directory.
		await project.mustRun(["stack", "rm", "--yes"]);
		open.splice(open.indexOf(project), 1);
		expect(readdirSync(dir).sort(), name).toEqual(files);
	}

	/**
	 * `pulumi preview --diff` of a copy of the project with `from` replaced by `to`, against the
	 * project's stack (same project name), with no key and no endpoint of any cloud, as the CI
	 * example's pull-request job runs it; checks that nothing is sent to `cloud`.
	 */
	async function previewEdited(
		project: TestProject,
		cloud: Cloud,
		from: string,
		to: string,
	): Promise<string> {
		const copy = join(install.dir, `edit-${randomBytes(4).toString("hex")}`);
		cpSync(project.dir, copy, { recursive: true });
		const withKeys = project.env;
		project.env = Object.fromEntries(
			Object.entries(withKeys).filter(([name]) => !cloudVariables.test(name)),
		);
		try {
			const program = readFileSync(join(copy, "index.ts"), "utf8");
			expect(program).toContain(from);
			writeFileSync(join(copy, "index.ts"), program.replace(from, to));
			// The other lanes talk to the other clouds meanwhile: count this one's only.
			const requests = emulators.requests[cloud].length;
			const preview = await project.mustRun(["preview", "--diff"], copy);
			expect(emulators.requests[cloud].length).toBe(requests);
			return preview.stdout;
		} finally {
			project.env = withKeys;
			rmSync(copy, { recursive: true, force: true });
		}
	}

	/**
	 * The sample PR comment is a real `pulumi preview --diff` of a rule change: a copy of the example
	 * with another prefix, previewed against the example's stack (same project name, so same stack).
	 * As in the CI example's pull-request job, it runs with no key and no endpoint of any cloud.
	 */
	async function checkCommentSample(project: TestProject): Promise<void> {
		const copy = join(
			install.dir,
			`pr-comment-${randomBytes(4).toString("hex")}`,
		);
		cpSync(project.dir, copy, { recursive: true });
		const withKeys = project.env;
		project.env = Object.fromEntries(
			Object.entries(withKeys).filter(([name]) => !cloudVariables.test(name)),
		);
		try {
			const program = readFileSync(join(copy, "index.ts"), "utf8");
			expect(program).toContain('prefix: "logs/"');
			writeFileSync(
				join(copy, "index.ts"),
				program.replace('prefix: "logs/"', 'prefix: "logs/v2/"'),
			);
			const requests = emulators.requests.cos.length;
			const preview = await project.mustRun(["preview", "--diff"], copy);
			// A preview only reads the program and the state: nothing is sent to COS.
			expect(emulators.requests.cos.length).toBe(requests);

			// As the pulumi/actions comment shows it, for a stack named prod on a real account.
			const output = normalizeOutput(preview.stdout, [
				[project.stack, "prod"],
				[emulators.cos.appId, "1250000000"],
			]);
			const sample = [
				"<!-- A real `pulumi preview --diff` of examples/cos-minimal with the prefix changed, written by",
				"test/e2e/examples.test.ts (UPDATE_GOLDEN=1 rewrites it). -->",
				"",
				`#### :tropical_drink: \`preview\` on ${project.name}/prod`,
				"",
				"```",
				output.trimEnd(),
				"```",
				"",
			].join("\n");
			if (process.env.UPDATE_GOLDEN === "1")
				writeFileSync(commentSample, sample);
			if (!existsSync(commentSample))
				throw new Error(`missing ${commentSample}: run with UPDATE_GOLDEN=1`);
			expect(sample).toBe(readFileSync(commentSample, "utf8"));
		} finally {
			project.env = withKeys;
			rmSync(copy, { recursive: true, force: true });
		}
	}
});
