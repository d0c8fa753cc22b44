/**
 * How failure messages show user values: a short prefix and the length, never a whole value. A 1 MB
 * field quoted in full made `pulumi preview` print megabytes (issue 11).
 */

/** Values longer than this are cut in messages. */
export const maxQuoted = 40;

/** `"value"`, or `"first 40 characters…" (1048576 characters)` for a long one. */
export function quote(value: unknown): string {
	if (typeof value !== "string") {
		const text = JSON.stringify(value) ?? String(value);
		return text.length > maxQuoted ? `${text.slice(0, maxQuoted)}…` : text;
	}
	if (value.length <= maxQuoted) return JSON.stringify(value);
	return `${JSON.stringify(value.slice(0, maxQuoted)).slice(0, -1)}…" (${value.length} characters)`;
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const loneSurrogate =
	/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether a string has a UTF-8 form. A lone surrogate has none: Node sends U+FFFD instead, so the
 * cloud would store a different string from the one in state.
 */
export function isWellFormed(value: string): boolean {
	return !loneSurrogate.test(value);
}

/** UTF-8 length in bytes, the unit the vendors' length limits use. */
export function utf8Length(value: string): number {
	return Buffer.byteLength(value, "utf8");
}

/**
 * Whether a string holds a C0 or C1 control character or DEL: not storable in an XML 1.0 body (COS,
 * OSS) and invisible in a review.
 */
export function hasControlCharacter(value: string): boolean {
	for (let i = 0; i < value.length; i++) {
		const c = value.charCodeAt(i);
		if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true;
	}
	return false;
}
