/**
 * What a pull-request reviewer reads: `pulumi preview --diff` (and the `detailedDiff` of `up --json`,
 * which CI tools and the Automation API read) for each argument of each resource class, set, changed
 * and unset back to its `@default` one at a time, through the real CLI on the emulators. For each
 * step: the preview names exactly the changed fields (no other resource, no `x => x`, no `[secret]`
 * unless the value is one), replaces exactly when docs/reference.md says the field forces it (the
 * engine's replace keys, `replaceReasons` in `preview --json`, and the delete-first order), `up` sends
 * the requests the docs' tables state, and a second `up` changes nothing and sends no request.
 *
 * The three clouds share one stack; each resource is a lane of steps, and a round takes the next step
 * of every lane (one `preview --diff`, one `up --json`, one quiet `up`). `npm test` runs one round: the
 * first step marked `slice` of each lane (about 45 s). `PREVIEW_MATRIX=full` runs every step (136 in
 * 39 rounds, 12 to 30 minutes on a loaded machine); `PREVIEW_MATRIX_LOG=<file>` appends what each
 * round showed.
 */
import { appendFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	defaultAccount,
	providerEnv,
	type RunningEmulators,
	startEmulators,
} from "../../emulator";
import { TestProject } from "../support/pulumi";
import { expectQuietUp, requestCount } from "../support/requests";
import {
	type Args,
	type Cloud,
	matrix,
	programOf,
	type Step,
} from "./preview-matrix-steps";

const full = process.env.PREVIEW_MATRIX === "full";

interface Event {
	metadata: {
		op: string;
		urn: string;
		keys?: string[];
		detailedDiff?: Record<string, { diffKind: string }> | null;
	};
}

/** A step of `preview --json`. */
interface PlannedStep {
	op: string;
	urn: string;
	replaceReasons?: string[];
	detailedDiff?: Record<string, { kind: string }> | null;
}

/** The resource events of `up --json` (one JSON object a line), pre-events only. */
function preEvents(stdout: string): Event[] {
	return stdout
		.split("\n")
		.filter((line) => line.startsWith("{"))
		.map((line) => JSON.parse(line) as { resourcePreEvent?: Event })
		.flatMap((e) => (e.resourcePreEvent ? [e.resourcePreEvent] : []));
}

/** `prefixes[0]` -> `prefixes`, `destination.bucket` -> `destination`. */
const topKey = (path: string) => path.split(/[.[]/)[0];

/** The property lines of one resource's block in `preview --diff` text. */
function blockOf(text: string, name: string): string[] {
	const lines = text.split("\n");
	const start = lines.findIndex((l) => l.includes(`::${name}]`));
	if (start < 0) return [];
	const block: string[] = [];
	for (const line of lines.slice(start + 1)) {
		if (/^\s{0,4}\S/.test(line) || line.startsWith("Resources:")) break;
		block.push(line);
	}
	return block;
}

const changedOps = new Set(["update", "replace"]);

/** What each round showed, appended to the file `PREVIEW_MATRIX_LOG` when set (to study a failure). */
function log(text: string): void {
	if (process.env.PREVIEW_MATRIX_LOG)
		appendFileSync(process.env.PREVIEW_MATRIX_LOG, `${text}\n\n`);
}

/** A step on the merged stack: its resource is `<cloud>-<name>`. */
interface Placed extends Step {
	cloud: Cloud;
}

/** The three clouds' programs in one stack, resources named `<cloud>-<name>`, steps in lanes per resource. */
function merged(appId: string): {
	base: Record<string, Args>;
	lanes: Placed[][];
} {
	const base: Record<string, Args> = {};
	const lanes: Placed[][] = [];
	for (const cloud of ["cos", "oss", "bos"] as const) {
		const m = matrix(cloud, appId);
		for (const [name, args] of Object.entries(m.base))
			base[`${cloud}-${name}`] = args;
		const byResource = new Map<string, Placed[]>();
		for (const step of m.steps) {
			const resource = `${cloud}-${step.resource}`;
			if (!byResource.has(resource)) byResource.set(resource, []);
			byResource.get(resource)?.push({ ...step, cloud, resource });
		}
		lanes.push(...byResource.values());
	}
	return { base, lanes };
}

/**
 * One round: each step changes its own resource (one per lane), all in one `preview` and one `up`.
 * Requests are counted per cloud, so a cloud's count is checked when all its steps state theirs.
 */
async function runRound(
	project: TestProject,
	emulators: RunningEmulators,
	base: Record<string, Args>,
	held: Record<string, Args>,
	round: Placed[],
): Promise<string[]> {
	// A lane that has run out keeps its last step's arguments.
	for (const step of round) held[step.resource] = step.args;
	const resources = { ...base };
	for (const [name, args] of Object.entries(held))
		resources[name] = { ...base[name], ...args };
	project.setProgram(programOf(resources));
	const failures: string[] = [];
	const check = (label: string, fn: () => void) => {
		try {
			fn();
		} catch (error) {
			failures.push(`${label}: ${String(error).split("\n")[0]}`);
		}
	};

	// The text a reviewer reads.
	const preview = await project.mustRun(["preview", "--diff"]);
	const blocks = new Map(
		round.map((step) => [step, blockOf(preview.stdout, step.resource)]),
	);
	// `preview --json` as CI tools read it, in the `npm test` round: the fields a replacement names.
	const planned = new Map<string, PlannedStep>();
	if (!full) {
		const json = await project.mustRun(["preview", "--diff", "--json"]);
		for (const step of (JSON.parse(json.stdout) as { steps: PlannedStep[] })
			.steps)
			planned.set(step.urn.split("::").pop() ?? "", step);
	}

	// What CI tools read (`detailedDiff`), then what `up` sends, per cloud.
	const sentOf = (cloud: Cloud) => emulators.requests[cloud].length;
	const before = { cos: sentOf("cos"), oss: sentOf("oss"), bos: sentOf("bos") };
	const up = await project.mustRun(["up", "--yes", "--skip-preview", "--json"]);
	const events = preEvents(up.stdout);
	const changed = events.filter((e) => changedOps.has(e.metadata.op));
	const nameOf = (e: Event) => e.metadata.urn.split("::").pop() ?? "";
	log(
		`${round.map((s) => s.name).join(" | ")}\n${preview.stdout}\n${changed
			.map((e) =>
				JSON.stringify({
					name: nameOf(e),
					op: e.metadata.op,
					keys: e.metadata.keys,
					paths: Object.keys(e.metadata.detailedDiff ?? {}),
				}),
			)
			.join("\n")}\nsent ${JSON.stringify({
			cos: sentOf("cos") - before.cos,
			oss: sentOf("oss") - before.oss,
			bos: sentOf("bos") - before.bos,
		})}`,
	);
	check("changed resources", () =>
		expect(changed.map(nameOf).sort()).toEqual(
			round
				.filter((s) => s.diff.length)
				.map((s) => s.resource)
				.sort(),
		),
	);
	for (const step of round) {
		const label = `${step.cloud} ${step.name}`;
		const block = blocks.get(step) ?? [];
		for (const line of block) {
			// `[secret] => [secret]` is a changed secret: the field is named, its values are not shown.
			if (step.secret && line.includes("[secret]")) continue;
			check(`${label}: same value both sides`, () =>
				expect(line).not.toMatch(/ (.+) => \1\s*$/),
			);
			check(`${label}: secret`, () => expect(line).not.toContain("[secret]"));
		}
		const event = changed.find((e) => nameOf(e) === step.resource);
		if (!step.diff.length || !event) continue;
		const paths = Object.keys(event.metadata.detailedDiff ?? {});
		const plan = planned.get(step.resource);
		if (plan) {
			check(`${label}: preview --json detailedDiff`, () =>
				expect(Object.keys(plan.detailedDiff ?? {}).sort()).toEqual(
					[...paths].sort(),
				),
			);
			check(`${label}: preview --json replaceReasons`, () =>
				expect([...(plan.replaceReasons ?? [])].sort()).toEqual(
					[...(step.replace?.keys ?? [])].sort(),
				),
			);
		}
		check(`${label}: detailedDiff`, () =>
			expect([...new Set(paths.map(topKey))].sort()).toEqual(
				[...step.diff].sort(),
			),
		);
		check(`${label}: op`, () =>
			expect(event.metadata.op).toBe(step.replace ? "replace" : "update"),
		);
		if (step.replace) {
			const { keys, order } = step.replace;
			check(`${label}: replace keys`, () =>
				expect([...(event.metadata.keys ?? [])].sort()).toEqual(
					[...keys].sort(),
				),
			);
			// A dynamic provider sends no detailed diff: Pulumi builds it from the inputs, so no entry
			// has a `*-replace` kind, even for the keys that force the replacement (docs/reference.md).
			check(`${label}: detailedDiff kinds`, () =>
				expect(
					[
						...Object.values(event.metadata.detailedDiff ?? {}).map(
							(d) => d.diffKind,
						),
						...Object.values(plan?.detailedDiff ?? {}).map((d) => d.kind),
					].filter((kind) => kind.endsWith("replace")),
				).toEqual([]),
			);
			const ops = events
				.filter((e) => e.metadata.urn === event.metadata.urn)
				.map((e) => e.metadata.op);
			const deleteFirst =
				ops.indexOf("delete-replaced") < ops.indexOf("create-replacement");
			check(`${label}: order`, () =>
				expect(deleteFirst ? "delete-first" : "create-first").toBe(order),
			);
		}
		for (const line of block.filter((l) => /^ {6}[~+-]/.test(l))) {
			const key = line.trim().slice(2).split(/[\s:]/)[0];
			check(`${label}: unrelated line ${line.trim()}`, () =>
				expect(step.diff).toContain(key),
			);
		}
	}
	for (const cloud of ["cos", "oss", "bos"] as const) {
		const steps = round.filter((s) => s.cloud === cloud);
		const expected = steps.map(
			(s) => s.requests ?? (s.diff.length ? undefined : 0),
		);
		if (expected.some((n) => n === undefined)) continue;
		const total = (expected as number[]).reduce((a, b) => a + b, 0);
		check(`${cloud} requests of ${steps.map((s) => s.name).join(", ")}`, () =>
			expect(sentOf(cloud) - before[cloud]).toBe(total),
		);
	}

	// Converged: a second `up` changes nothing and sends nothing.
	try {
		await expectQuietUp(project, () => requestCount(emulators));
	} catch (error) {
		failures.push(
			`${round.map((s) => s.name).join(", ")}: not quiet: ${String(error).slice(0, 2000)}`,
		);
	}
	log(failures.join("\n"));
	return failures;
}

describe("preview --diff of every argument of every resource, through the real CLI", () => {
	let emulators: RunningEmulators;
	let project: TestProject;
	const { base, lanes } = merged(defaultAccount().cos.appId);
	// `npm test`: the one step of each lane marked `slice`, all in one round from the base program.
	const rounds: Placed[][] = full
		? Array.from({ length: Math.max(...lanes.map((l) => l.length)) }, (_, i) =>
				lanes.flatMap((lane) => (lane[i] ? [lane[i]] : [])),
			)
		: [lanes.flatMap((lane) => lane.filter((s) => s.slice).slice(0, 1))];

	beforeAll(async () => {
		emulators = await startEmulators({
			replicationDelayMs: 5,
			ossStartingDelayMs: 20,
			ossClosingDelayMs: 50,
		});
		project = await TestProject.create(
			"preview-matrix",
			programOf(base),
			{
				...providerEnv(emulators.endpoints()),
				BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "10",
			},
			{ javascript: true },
		);
		await project.up();
	});
	afterAll(async () => {
		await project?.remove();
		await emulators?.close();
	});

	it(
		`${rounds.flat().length} steps in ${rounds.length} rounds`,
		async () => {
			// Every round runs, so that one run lists every field that misbehaves.
			const failures: string[] = [];
			const held: Record<string, Args> = {};
			for (const round of rounds)
				failures.push(
					...(await runRound(project, emulators, base, held, round)),
				);
			expect(failures).toEqual([]);
		},
		120_000 + rounds.length * 300_000,
	);
});
