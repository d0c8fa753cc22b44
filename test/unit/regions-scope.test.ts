import { describe, expect, it } from "vitest";
import { unknownRegion, withRegionsOf } from "../../provider/core/regions";

const known = ["ap-guangzhou"];
const accepted = (region: string) =>
	unknownRegion("COS", region, known, "ap-guangzhou") === undefined;

describe("withRegionsOf", () => {
	it("accepts the regions of olds during the call only, and restores the outer scope", () => {
		expect(accepted("ap-new")).toBe(false);
		withRegionsOf({ region: "ap-new" }, () => {
			expect(accepted("ap-new")).toBe(true);
			withRegionsOf({ region: "ap-other" }, () => {
				expect(accepted("ap-other")).toBe(true);
				expect(accepted("ap-new")).toBe(false);
			});
			expect(accepted("ap-new")).toBe(true);
		});
		expect(accepted("ap-new")).toBe(false);
	});

	it("restores the scope when the check throws", () => {
		expect(() =>
			withRegionsOf({ region: "ap-new" }, () => {
				throw new Error("boom");
			}),
		).toThrow("boom");
		expect(accepted("ap-new")).toBe(false);
	});

	it("does not leak into checks that run while another awaits", async () => {
		const pending = withRegionsOf({ region: "ap-new" }, async () => {
			await new Promise((resolve) => setImmediate(resolve));
		});
		expect(accepted("ap-new")).toBe(false);
		await pending;
	});
});
