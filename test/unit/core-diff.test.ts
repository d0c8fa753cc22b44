import { describe, expect, it } from "vitest";
import {
	changedKeys,
	clean,
	deepEqual,
	planDiff,
	UNKNOWN,
	unchanged,
} from "../../provider/core/diff";
import type { Props } from "../../provider/core/types";

const roundTrip = (value: unknown): unknown =>
	JSON.parse(JSON.stringify(value));

describe("clean gives what a JSON round trip gives", () => {
	const cases: [string, unknown][] = [
		["flat object", { a: 1, b: "x", c: true, d: null }],
		["undefined members dropped", { a: undefined, b: { c: undefined, d: 1 } }],
		["undefined in a list becomes null", [1, undefined, "x"]],
		["functions dropped, null in lists", { f: () => 1, l: [() => 1] }],
		["non-finite numbers become null", { a: Number.NaN, b: [Infinity] }],
		["negative zero becomes zero", { a: -0 }],
		// biome-ignore lint/suspicious/noSparseArray: the hole is the case
		["a sparse list", [1, , 3]],
		["nested lists and objects", { a: [{ b: [{ c: undefined }] }] }],
		["a Date takes its toJSON", { at: new Date(0) }],
		["toJSON on a plain object", { a: { toJSON: () => "j" } }],
		["a Map becomes {}", { m: new Map([[1, 2]]) }],
		["a boxed string", { s: new String("x") }],
		["integer-like keys keep JSON's order", { b: 1, 2: 2, a: 3, 1: 4 }],
		["a null-prototype object", Object.assign(Object.create(null), { a: 1 })],
		["a __proto__ member", JSON.parse('{"__proto__": {"a": 1}, "b": 2}')],
		["the unknown sentinel", { a: UNKNOWN, b: [UNKNOWN] }],
	];
	it.each(cases)("%s", (_name, value) => {
		const cleaned = clean(value);
		expect(cleaned).toStrictEqual(roundTrip(value));
		expect(JSON.stringify(cleaned)).toBe(JSON.stringify(roundTrip(value)));
	});

	it("returns a fresh copy", () => {
		const value = { a: { b: [1] } };
		const cleaned = clean(value);
		cleaned.a.b.push(2);
		expect(value.a.b).toEqual([1]);
	});

	it("keeps a __proto__ member an own property", () => {
		const cleaned = clean(JSON.parse('{"__proto__": {"a": 1}}')) as Props;
		expect(Object.getPrototypeOf(cleaned)).toBe(Object.prototype);
		expect(Object.keys(cleaned)).toEqual(["__proto__"]);
	});

	it("throws on a bigint, as JSON does", () => {
		expect(() => clean({ n: 1n })).toThrow(TypeError);
	});
});

describe("unchanged agrees with changedKeys and deepEqual", () => {
	const cases: [string, Props, Props][] = [
		["equal", { a: 1, b: { c: [1, 2] } }, { a: 1, b: { c: [1, 2] } }],
		["a value differs", { a: 1 }, { a: 2 }],
		["a nested value differs", { a: { b: [1, 2] } }, { a: { b: [2, 1] } }],
		["a list is longer", { a: [1] }, { a: [1, 1] }],
		["a key only in from", { a: 1, b: 2 }, { a: 1 }],
		["a key only in to", { a: 1 }, { a: 1, b: 2 }],
		["undefined equals absent", { a: 1, b: undefined }, { a: 1 }],
		["absent equals undefined", { a: 1 }, { a: 1, b: undefined }],
		["null is not absent", { a: null }, {}],
		["unknown in to", { a: 1 }, { a: UNKNOWN }],
		["unknown nested in to", { a: [1] }, { a: [UNKNOWN] }],
		["unknown in both", { a: UNKNOWN }, { a: UNKNOWN }],
		["unknown in from only", { a: UNKNOWN }, { a: 1 }],
		["list against object", { a: [] }, { a: {} }],
		["object against string", { a: {} }, { a: "x" }],
		["same object twice", { a: 1 }, { a: 1 }],
	];
	it.each(cases)("%s", (_name, from, to) => {
		expect(unchanged(from, to)).toBe(changedKeys(from, to).length === 0);
		expect(deepEqual(from, to)).toBe(deepEqual(to, from));
	});

	it("sees an unknown in an object compared with itself", () => {
		const value = { a: [UNKNOWN] };
		expect(unchanged(value, value)).toBe(false);
		expect(changedKeys(value, value)).toEqual(["a"]);
	});
});

describe("planDiff", () => {
	const applied = { bucket: "b", prefix: "p/", status: "Enabled" };
	it.each([
		["nothing changed", applied, undefined, { changes: false }],
		[
			"the program changed",
			{ ...applied, prefix: "q/" },
			undefined,
			{ changes: undefined },
		],
		[
			"an identity key changed",
			{ ...applied, bucket: "c" },
			undefined,
			{ changes: undefined, replaces: ["bucket"], deleteBeforeReplace: true },
		],
		[
			"only reality changed",
			applied,
			{ ...applied, status: "Disabled" },
			{ changes: true },
		],
		["reality matches", applied, { ...applied }, { changes: false }],
		[
			"unknown during preview",
			{ ...applied, prefix: UNKNOWN },
			undefined,
			{ changes: undefined },
		],
	] as [string, Props, Props | undefined, object][])(
		"%s",
		(_name, desired, live, expected) => {
			expect(
				planDiff({
					applied,
					desired,
					live,
					replaceKeys: ["bucket"],
					deleteBeforeReplace: true,
				}),
			).toStrictEqual(expected);
		},
	);
});
