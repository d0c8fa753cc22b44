import { describe, expect, it } from "vitest";
import {
	changedKeys,
	deepEqual,
	planDiff,
	UNKNOWN,
	unchanged,
} from "../../provider/core/diff";
import type { Props } from "../../provider/core/types";

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
