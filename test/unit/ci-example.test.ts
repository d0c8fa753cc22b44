import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * examples/github-actions/replication.yml, read as text (no YAML parser among our dependencies):
 * README "CI" promises the pull-request preview runs with no cloud keys and only the protected
 * environment holds them; the workflow pins the CLI to the Pulumi SDK the examples were tested with.
 */

const root = join(__dirname, "..", "..");
const workflow = readFileSync(
	join(root, "examples", "github-actions", "replication.yml"),
	"utf8",
);

/** The text of each job under `jobs:`, keyed by its name (two-space indent). */
function jobs(): Record<string, string> {
	const body = workflow.slice(workflow.indexOf("\njobs:\n"));
	const parts = body.split(/^ {2}(?=[a-z-]+:\s*$)/m).slice(1);
	return Object.fromEntries(
		parts.map((part) => [part.slice(0, part.indexOf(":")), part]),
	);
}

const cloudKeys = [
	"TENCENTCLOUD_SECRET_ID",
	"TENCENTCLOUD_SECRET_KEY",
	"ALICLOUD_ACCESS_KEY",
	"ALICLOUD_SECRET_KEY",
	"BAIDUCLOUD_ACCESS_KEY",
	"BAIDUCLOUD_SECRET_KEY",
];

describe("the GitHub Actions example", () => {
	it("has the three jobs README describes", () => {
		expect(Object.keys(jobs()).sort()).toEqual(["drift", "preview", "up"]);
	});

	it("gives no cloud key to the pull-request preview, and skips forks", () => {
		const preview = jobs().preview;
		for (const key of cloudKeys) expect(preview).not.toContain(key);
		expect(preview).toContain("github.event_name == 'pull_request'");
		expect(preview).toContain(
			"github.event.pull_request.head.repo.full_name == github.repository",
		);
		expect(workflow).not.toMatch(/^\s*pull_request_target:/m);
	});

	it.each(["up", "drift"])(
		"%s runs in the protected environment that holds every cloud key",
		(name) => {
			const job = jobs()[name];
			expect(job).toContain("environment: production");
			for (const key of cloudKeys)
				expect(job).toContain(`${key}: \${{ secrets.${key} }}`);
		},
	);

	it("drift fails on changes: preview with refresh and expect-no-changes", () => {
		const drift = jobs().drift;
		expect(drift).toContain("command: preview");
		expect(drift).toContain("refresh: true");
		expect(drift).toContain("expect-no-changes: true");
	});

	it("gives up a concurrency group of its own, so a scheduled drift run cannot cancel a waiting up, as README shows", () => {
		const block = (text: string) =>
			/^concurrency:\n {2}group: (.+)\n {2}cancel-in-progress: false$/m.exec(
				text,
			)?.[1];
		const group = block(workflow);
		// GitHub cancels a waiting run when a newer one joins its group: push (up) and schedule (drift)
		// must not share one.
		expect(group).toContain("github.event_name == 'push'");
		const readme = readFileSync(
			join(root, "examples", "github-actions", "README.md"),
			"utf8",
		);
		expect(block(readme)).toBe(group);
	});

	it("pins the CLI to the @pulumi/pulumi version the examples are tested with", () => {
		const pinned = /PULUMI_VERSION: (\S+)/.exec(workflow)?.[1];
		const sdk = JSON.parse(
			readFileSync(
				join(root, "node_modules", "@pulumi", "pulumi", "package.json"),
				"utf8",
			),
		).version;
		expect(pinned).toBe(sdk);
	});
});
