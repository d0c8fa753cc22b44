/**
 * Pulumi resource names for discovered rules: derived from the bucket and rule id, so that running
 * `discover` again prints the same names, and unique within one snippet.
 */

/** Characters outside `A-Z a-z 0-9 . _ -` become `-` (rule ids are mostly within that set already). */
export function safeName(text: string): string {
	const name = text.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "");
	return name || "rule";
}

/** `names` made safe, with `-2`, `-3`, ... after a name already taken. */
export function uniqueNames(names: string[]): string[] {
	const taken = new Set<string>();
	return names.map((raw) => {
		const base = safeName(raw);
		let name = base;
		for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
		taken.add(name);
		return name;
	});
}
