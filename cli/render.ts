/**
 * Declarations as TypeScript source a user pastes into a program. The layout is the one Biome (and
 * Prettier) would give it, so that formatting the pasted code changes nothing: tabs, double quotes,
 * trailing commas, 80 columns with a tab counted as 2. Objects holding other objects are always
 * expanded (the formatters keep an expanded object expanded); the rest goes on one line when it fits.
 */
import type { Cloud } from "../provider/core/types";

export interface Declaration {
	/** The package's namespace export: `cos`, `oss` or `bos`. */
	module: Cloud;
	/** The resource class in that namespace. */
	resource: "BucketReplication" | "BucketReplicationRule";
	/** The Pulumi resource name. */
	name: string;
	/** The constructor's arguments: JSON values, in the order they should be printed. */
	args: Record<string, unknown>;
	/** Printed as `// WARNING:` comments above the declaration. */
	warnings?: string[];
}

const printWidth = 80;
const tabWidth = 2;
const packageName = "pulumi-bucket-replication";

/** The whole snippet: comment lines, the import, then each declaration. */
export function renderProgram(
	declarations: Declaration[],
	comments: string[] = [],
): string {
	const modules = [...new Set(declarations.map((d) => d.module))].sort();
	const parts = [
		comments.map((c) => `// ${c}\n`).join(""),
		`import { ${modules.join(", ")} } from "${packageName}";\n`,
		...declarations.map(renderDeclaration),
	];
	return parts.filter((p) => p !== "").join("\n");
}

export function renderDeclaration(d: Declaration): string {
	const comments = (d.warnings ?? []).map((w) => `// WARNING: ${w}\n`);
	const callee = `new ${d.module}.${d.resource}(`;
	const name = quote(d.name);
	const head = `${callee}${name}, {`;
	let call: string;
	if (head.length <= printWidth) {
		// The formatters hug the last argument when everything before its `{` fits on the line.
		call = `${callee}${name}, ${expandedObject(d.args, 0)});`;
	} else {
		call = `${callee}\n\t${name},\n\t${expandedObject(d.args, 1)},\n);`;
	}
	return `${comments.join("")}${call}\n`;
}

/** A value at `indent` tabs, after `column` characters of the line, followed by `suffix` characters. */
export function renderValue(
	value: unknown,
	indent = 0,
	column = 0,
	suffix = 0,
): string {
	if (Array.isArray(value)) return array(value, indent, column, suffix);
	if (isObject(value)) {
		const inline = inlineObject(value);
		return inline !== undefined &&
			fits(inline, indent * tabWidth + column, suffix)
			? inline
			: expandedObject(value, indent);
	}
	return primitive(value);
}

function array(
	items: unknown[],
	indent: number,
	column: number,
	suffix: number,
): string {
	if (items.length === 0) return "[]";
	const inline = inlineArray(items);
	if (inline !== undefined && fits(inline, indent * tabWidth + column, suffix))
		return inline;
	const pad = "\t".repeat(indent + 1);
	const lines = items.map(
		(item) => `${pad}${renderValue(item, indent + 1, 0, 1)},\n`,
	);
	return `[\n${lines.join("")}${"\t".repeat(indent)}]`;
}

/**
 * The formatters break an array of several objects (or arrays) of more than one member each, even
 * when it would fit (Prettier's `isConciselyPrintedArray` / `shouldBreak`).
 */
function alwaysBreaks(items: unknown[]): boolean {
	return (
		items.length > 1 &&
		(items.every((i) => isObject(i) && Object.keys(i).length > 1) ||
			items.every((i) => Array.isArray(i) && i.length > 1))
	);
}

function expandedObject(
	value: Record<string, unknown>,
	indent: number,
): string {
	const entries = present(value);
	if (entries.length === 0) return "{}";
	const pad = "\t".repeat(indent + 1);
	const lines = entries.map(([k, v]) => {
		const key = `${propertyKey(k)}: `;
		return `${pad}${key}${renderValue(v, indent + 1, key.length, 1)},\n`;
	});
	return `{\n${lines.join("")}${"\t".repeat(indent)}}`;
}

/** One line, for an object whose members are primitives or arrays of primitives; else undefined. */
function inlineObject(value: Record<string, unknown>): string | undefined {
	const entries = present(value);
	if (entries.length === 0) return "{}";
	const parts: string[] = [];
	for (const [k, v] of entries) {
		if (isObject(v) || (Array.isArray(v) && v.some(isObject))) return undefined;
		const text = Array.isArray(v) ? inlineArray(v) : primitive(v);
		if (text === undefined) return undefined;
		parts.push(`${propertyKey(k)}: ${text}`);
	}
	return `{ ${parts.join(", ")} }`;
}

function inlineArray(items: unknown[]): string | undefined {
	if (alwaysBreaks(items)) return undefined;
	const parts: string[] = [];
	for (const item of items) {
		const text = Array.isArray(item)
			? inlineArray(item)
			: isObject(item)
				? inlineObject(item)
				: primitive(item);
		if (text === undefined) return undefined;
		parts.push(text);
	}
	return `[${parts.join(", ")}]`;
}

function fits(text: string, column: number, suffix: number): boolean {
	return column + text.length + suffix <= printWidth;
}

function present(value: Record<string, unknown>): [string, unknown][] {
	return Object.entries(value).filter(([, v]) => v !== undefined);
}

function primitive(value: unknown): string {
	if (typeof value === "string") return quote(value);
	if (typeof value === "number" || typeof value === "boolean")
		return String(value);
	return "null";
}

/** Double quotes unless the text holds more of them than single quotes (what the formatters do). */
export function quote(text: string): string {
	const doubles = text.split('"').length - 1;
	const singles = text.split("'").length - 1;
	const json = JSON.stringify(text);
	if (doubles <= singles) return json;
	const body = json.slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
	return `'${body}'`;
}

function propertyKey(key: string): string {
	return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : quote(key);
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A copy of `value` with `keys` first, in that order, then any others. */
export function ordered<T extends object>(
	value: T,
	keys: readonly string[],
): T {
	const from = value as Record<string, unknown>;
	const out: Record<string, unknown> = {};
	for (const k of keys) if (from[k] !== undefined) out[k] = from[k];
	for (const [k, v] of Object.entries(from)) if (!(k in out)) out[k] = v;
	return out as T;
}
