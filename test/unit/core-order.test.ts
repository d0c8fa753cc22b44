import { describe, expect, it } from "vitest";
import { inOrderOf } from "../../provider/core/order";

describe("inOrderOf", () => {
	const table: [string, unknown, unknown, unknown][] = [
		[
			"same entries: like's order",
			["a", "b", "z"],
			["z", "a", "b"],
			["z", "a", "b"],
		],
		["already in order", ["a", "b"], ["a", "b"], ["a", "b"]],
		[
			"one entry more: list's order",
			["a", "b", "c"],
			["b", "a"],
			["a", "b", "c"],
		],
		["one entry less: list's order", ["a"], ["b", "a"], ["a"]],
		["other entries: list's order", ["a", "c"], ["b", "a"], ["a", "c"]],
		["duplicates counted", ["a", "a", "b"], ["b", "a", "b"], ["a", "a", "b"]],
		[
			"tags: objects compared whole",
			[
				{ key: "a", value: "1" },
				{ key: "b", value: "" },
			],
			[
				{ key: "b", value: "" },
				{ key: "a", value: "1" },
			],
			[
				{ key: "b", value: "" },
				{ key: "a", value: "1" },
			],
		],
		[
			"tags: a changed value keeps list's order",
			[
				{ key: "a", value: "1" },
				{ key: "b", value: "" },
			],
			[
				{ key: "b", value: "2" },
				{ key: "a", value: "1" },
			],
			[
				{ key: "a", value: "1" },
				{ key: "b", value: "" },
			],
		],
		["like not a list", ["b", "a"], undefined, ["b", "a"]],
		["list not a list", "x", ["x"], "x"],
		["empty", [], [], []],
	];
	it.each(table)("%s", (_name, list, like, expected) => {
		expect(inOrderOf(list, like)).toEqual(expected);
	});
});
