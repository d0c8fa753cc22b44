import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import type { RunningEmulators } from "../../emulator";
import type { TestProject } from "./pulumi";

/** How many requests the three emulators have answered so far. */
export const requestCount = (emulators: RunningEmulators): number =>
	emulators.requests.cos.length +
	emulators.requests.oss.length +
	emulators.requests.bos.length;

/** A `pulumi up` that must change nothing and send no request: `sent` tells what the clouds answered. */
export async function expectQuietUp(
	project: TestProject,
	sent: () => number | string,
): Promise<void> {
	const before = sent();
	await project.mustRun([
		"up",
		"--yes",
		"--skip-preview",
		"--expect-no-changes",
	]);
	expect(sent()).toEqual(before);
}

/** One step of an expected request list: a request, or requests sent at once (in any order). */
export type Step = string | string[];

/** `actual` must be `expected` in order, except within a step of requests sent at once. */
export function expectRequests(actual: string[], expected: Step[]): void {
	const ordered: string[] = [];
	let i = 0;
	for (const step of expected) {
		if (typeof step === "string") {
			ordered.push(actual[i++]);
			continue;
		}
		const group = actual.slice(i, i + step.length);
		i += step.length;
		const same = [...group].sort().join("\n") === [...step].sort().join("\n");
		ordered.push(...(same ? step : group));
	}
	ordered.push(...actual.slice(i));
	expect(ordered).toEqual(expected.flat());
}

/** The Markdown table that follows the heading starting with `heading` in `doc` (a path from the root). */
function docTable(
	doc: string,
	heading: string,
): { header: string[]; rows: string[][] } {
	const lines = readFileSync(join(__dirname, "../..", doc), "utf8").split("\n");
	const at = lines.findIndex((l) => l.startsWith(`## ${heading}`));
	const start = lines.findIndex((l, i) => i > at && l.startsWith("|"));
	if (at < 0 || start < 0)
		throw new Error(`no table under "${heading}" in ${doc}`);
	const cells = (line: string) =>
		line
			.slice(1, line.lastIndexOf("|"))
			.split("|")
			.map((c) => c.trim());
	const rows = [];
	for (let i = start + 2; lines[i]?.startsWith("|"); i++)
		rows.push(cells(lines[i]));
	return { header: cells(lines[start]), rows };
}

/**
 * The cell of the Markdown table that follows the heading starting with `heading` in `doc` (a path from
 * the repository root): in the row whose first cell is `row`, under the header `column` (both as written,
 * backticks included).
 */
export function docCell(
	doc: string,
	heading: string,
	row: string,
	column: string,
): string {
	const { header, rows } = docTable(doc, heading);
	const found = rows.find((r) => r[0] === row)?.[header.indexOf(column)];
	if (found === undefined)
		throw new Error(`no cell (${row}, ${column}) under "${heading}" in ${doc}`);
	return found;
}

/** One case of a docs table of requests per operation: what its cell says, and what acting sends. */
export interface RequestsCell<
	Operation extends string = string,
	Resource extends string = string,
> {
	operation: Operation;
	resource: Resource;
	/** The case, in words. */
	case: string;
	/** What the docs' cell says of this case (a part of its text). */
	says: string;
	/** Arranges the case; returns the operation whose requests are counted. */
	arrange(): Promise<() => Promise<unknown>>;
	expected: Step[];
}

/**
 * One test per case: the cell of the table under `heading` in `doc` (its rows are operations or
 * resources, as `rows` says) says what the case says, and acting sends the expected requests, as
 * `sent` runs the act and lists what it sent.
 */
export function itProvesEachCell(
	doc: string,
	heading: string,
	rows: "operation" | "resource",
	cells: RequestsCell[],
	sent: (act: () => Promise<unknown>) => Promise<string[]>,
): void {
	const title = (c: RequestsCell) =>
		`${c.resource.replaceAll("`", "")} ${c.operation.replaceAll("`", "")}, ${c.case}: ${c.expected.flat().join(", ") || "no request"}`;
	const place = (cell: RequestsCell) =>
		rows === "operation"
			? [cell.operation, cell.resource]
			: [cell.resource, cell.operation];
	it.each(cells.map((c) => [title(c), c] as const))("%s", async (_, cell) => {
		const [row, column] = place(cell);
		expect(docCell(doc, heading, row, column)).toContain(cell.says);
		expectRequests(await sent(await cell.arrange()), cell.expected);
	});
	it(`every cell of ${doc}'s table has a case (but "-" and "–": no such operation)`, () => {
		const { header, rows: table } = docTable(doc, heading);
		const covered = new Set(cells.map((c) => place(c).join("\n")));
		const missing = table.flatMap(([row, ...values]) =>
			values
				.map((value, i) => [header[i + 1], value])
				.filter(([, value]) => !["-", "–", ""].includes(value))
				.map(([column]) => `${row}\n${column}`)
				.filter((at) => !covered.has(at)),
		);
		expect(missing).toEqual([]);
	});
}
