import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";

const goldenDir = join(__dirname, "../golden");

/**
 * Replaces volatile parts of CLI output: each `[value, placeholder]` pair (project name, APPID, ...),
 * then durations, and trailing spaces.
 */
export function normalizeOutput(
	text: string,
	replacements: Array<[string, string]>,
): string {
	let out = text;
	for (const [value, placeholder] of replacements)
		out = out.split(value).join(placeholder);
	return `${out
		// The CLI's heartbeat when a step is slow ("@ previewing update...."): load, not behaviour.
		.replace(/^@ [a-z ]+\.+\n/gm, "")
		.replace(/Duration: [^\n]*/g, "Duration: <duration>")
		.replace(/\(\d+(\.\d+)?m?s\)/g, "(<duration>)")
		.split("\n")
		.map((line) => line.trimEnd())
		.join("\n")
		.trim()}\n`;
}

/** Compares with `test/golden/<name>`; `UPDATE_GOLDEN=1` rewrites the file instead. */
export function expectGolden(name: string, actual: string): void {
	const path = join(goldenDir, name);
	if (process.env.UPDATE_GOLDEN === "1") {
		writeFileSync(path, actual);
		return;
	}
	if (!existsSync(path))
		throw new Error(`missing ${path}: run the test once with UPDATE_GOLDEN=1`);
	expect(actual).toBe(readFileSync(path, "utf8"));
}
