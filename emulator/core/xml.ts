import { XMLBuilder, XMLParser, XMLValidator } from "fast-xml-parser";

/**
 * Parses an XML body into plain objects. Element names listed in `arrays` are always arrays, so a
 * configuration with one rule has the same shape as one with three. Returns `undefined` when the
 * body is not well-formed XML: the caller answers with the vendor's `MalformedXML`.
 */
export function parseXml(
	text: string,
	arrays: readonly string[] = [],
): Record<string, unknown> | undefined {
	if (!text.trim() || XMLValidator.validate(text) !== true) return undefined;
	const parser = new XMLParser({
		ignoreAttributes: true,
		parseTagValue: false,
		trimValues: true,
		isArray: (name) => arrays.includes(name),
	});
	return parser.parse(text) as Record<string, unknown>;
}

const builder = new XMLBuilder({
	ignoreAttributes: true,
	suppressEmptyNode: false,
});

/** Serializes `{ Root: {...} }` with the XML declaration the services send. */
export function toXml(document: Record<string, unknown>): string {
	return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(document)}`;
}
