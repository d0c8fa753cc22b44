import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	type CosEmulator,
	makeBucket,
	role,
	ruleIds,
	startCosEmulator,
} from "../support/cos";
import { TestProject } from "../support/pulumi";

const srcRegion = "ap-guangzhou";
const dstRegion = "ap-beijing";

/** Rounds here; docs/cos.md quotes a run of 20 (COS_TWO_STACKS_ROUNDS=20). */
const rounds = Number(process.env.COS_TWO_STACKS_ROUNDS ?? 2);

/** Five rules of one owner on a bucket both stacks write. */
function program(owner: string, src: string, dst: string): string {
	const rules = [1, 2, 3, 4, 5]
		.map(
			(i) => `new cos.BucketReplicationRule("${owner}${i}", {
	bucket: ${JSON.stringify(src)},
	region: "${srcRegion}",
	role: ${JSON.stringify(role)},
	ruleId: "${owner}${i}",
	prefix: "${owner}${i}/",
	destination: { bucket: "qcs::cos:${dstRegion}::${dst}" },
});`,
		)
		.join("\n");
	return `import * as cos from "pulumi-bucket-replication/cos";\n${rules}\n`;
}

/**
 * COS has no conditional write: two stacks adding rules to one bucket at the same moment overwrite each
 * other's documents. Each write is read back and redone (provider/cos/rewrite.ts), so no rule is lost
 * silently: either both `up`s succeed and every rule is there, or an `up` fails saying so.
 */
describe("two stacks writing one COS bucket at the same moment", () => {
	let cos: CosEmulator;
	const tally = {
		rounds: 0,
		bothSucceeded: 0,
		failedLoudly: 0,
		lost: 0,
		puts: 0,
	};
	const projects: TestProject[] = [];

	beforeAll(async () => {
		cos = await startCosEmulator();
	});
	afterAll(async () => {
		// The numbers quoted in docs/cos.md and the closing note.
		console.log(`two stacks, one COS bucket: ${JSON.stringify(tally)}`);
		for (const p of projects) await p.remove();
		await cos?.close();
	});

	for (let round = 1; round <= rounds; round++) {
		it(`round ${round}: 2 x 5 rules at once, no rule lost silently`, async () => {
			const env = cos.env;
			const src = cos.bucket(`two-src${round}`);
			const dst = cos.bucket(`two-dst${round}`);
			await makeBucket(cos.client(), src, srcRegion);
			await makeBucket(cos.client(), dst, dstRegion);
			const a = await TestProject.create(
				"cos-two-a",
				program("a", src, dst),
				env,
			);
			const b = await TestProject.create(
				"cos-two-b",
				program("b", src, dst),
				env,
			);
			projects.push(a, b);
			const mark = cos.server.requests.length;
			const results = await Promise.all([
				a.run(["up", "--yes", "--skip-preview"]),
				b.run(["up", "--yes", "--skip-preview"]),
			]);
			const present = await ruleIds(cos.client(), src, srcRegion);
			tally.rounds++;
			tally.puts += cos.server.requests
				.slice(mark)
				.filter(
					(r) => r.method === "PUT" && r.rawQuery.startsWith("replication"),
				).length;
			if (results.every((r) => r.code === 0)) tally.bothSucceeded++;
			for (const [i, owner] of ["a", "b"].entries()) {
				const mine = [1, 2, 3, 4, 5].map((n) => `${owner}${n}`);
				const missing = mine.filter((id) => !present.includes(id));
				if (results[i].code === 0) {
					// An `up` that exited 0 has every one of its rules on the bucket.
					tally.lost += missing.length;
					expect(missing).toEqual([]);
				} else {
					// One that failed says why, naming the other writer.
					tally.failedLoudly++;
					expect(results[i].stdout + results[i].stderr).toMatch(
						/another writer|one stack only/,
					);
				}
			}
		});
	}
});
