import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { configEntries } from "../../plugin/config";

const root = join(__dirname, "../..");
const { referencePage, referenceFile } =
	require("../../scripts/gen-docs.js") as {
		referencePage(): string;
		referenceFile: string;
	};

/** Lines outside fenced code blocks and tables. */
function proseLines(markdown: string): Array<{ line: number; text: string }> {
	let inCode = false;
	const out: Array<{ line: number; text: string }> = [];
	for (const [i, text] of markdown.split("\n").entries()) {
		if (text.startsWith("```")) {
			inCode = !inCode;
			continue;
		}
		if (!inCode && !text.startsWith("|")) out.push({ line: i + 1, text });
	}
	return out;
}

const readme = readFileSync(join(root, "README.md"), "utf8");

describe("README and docs/", () => {
	it("docs/reference.md documents every resource argument exactly as the TSDoc says (run `node scripts/gen-docs.js`)", () => {
		const page = readFileSync(referenceFile, "utf8");
		expect(page).toBe(referencePage());
		for (const cloud of ["cos", "oss", "bos"])
			expect(page).toContain(`### \`${cloud}\``);
	});

	it("reads in five minutes: the sections a newcomer needs, no generated reference, no prose line over 120 characters", () => {
		const headings = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
		for (const section of [
			"Why",
			"Install",
			"Credentials",
			"Resources",
			"Troubleshooting",
		])
			expect(headings).toContain(section);
		expect(readme).not.toContain("<!-- reference:start");
		const long = proseLines(readme).filter((l) => l.text.length > 120);
		expect(long).toEqual([]);
	});

	it("links only to files of this repository that exist, and cites nothing outside it", () => {
		const broken: string[] = [];
		const markdown = (dir: string) =>
			readdirSync(join(root, dir), { recursive: true, encoding: "utf8" })
				.filter((f) => f.endsWith(".md") && !f.includes("node_modules"))
				.map((f) => join(dir, f));
		for (const doc of [
			"README.md",
			...markdown("docs"),
			...markdown("examples"),
		]) {
			const text = readFileSync(join(root, doc), "utf8");
			for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
				if (/^[a-z]+:/.test(target) || target.startsWith("#")) continue;
				if (!existsSync(join(root, dirname(doc), target.split("#")[0])))
					broken.push(`${doc}: ${target}`);
			}
			expect(text, doc).not.toMatch(/shared\/reference|\/work\//);
		}
		expect(broken).toEqual([]);
	});

	it("removes an earlier run's emulator.env before each `npx replication-emulator --env > emulator.env &`, so the wait for it cannot pass at once on a stale file", () => {
		const docs = [
			"README.md",
			"emulator/README.md",
			...readdirSync(join(root, "examples"), {
				recursive: true,
				encoding: "utf8",
			})
				.filter((f) => f.endsWith("README.md") && !f.includes("node_modules"))
				.map((f) => join("examples", f)),
		];
		const stale: string[] = [];
		let starts = 0;
		for (const doc of docs) {
			const lines = readFileSync(join(root, doc), "utf8").split("\n");
			for (const [i, line] of lines.entries()) {
				if (!line.startsWith("npx replication-emulator --env > emulator.env &"))
					continue;
				starts++;
				if (!lines[i - 1]?.startsWith("rm -f emulator.env"))
					stale.push(`${doc}:${i + 1}`);
			}
		}
		expect(starts).toBeGreaterThanOrEqual(8);
		expect(stale).toEqual([]);
	});

	it("Install names the lowest @pulumi/pulumi the peerDependency allows (measured: 3.138.0 gives the provider no stack config)", () => {
		const { peerDependencies } = JSON.parse(
			readFileSync(join(root, "package.json"), "utf8"),
		) as { peerDependencies: Record<string, string> };
		const floor = /^>=(\d+\.\d+\.\d+)$/.exec(
			peerDependencies["@pulumi/pulumi"],
		)?.[1];
		expect(floor).toBeDefined();
		const install = readme.slice(
			readme.indexOf("## Install"),
			readme.indexOf("## A first program"),
		);
		expect(install.replace(/\s+/g, " ")).toContain(
			`\`@pulumi/pulumi\` ${floor} or later`,
		);
	});

	it("states the two commands, and .ci/run runs the test command", () => {
		expect(readme).toContain("npm ci && npm start");
		expect(readme).toContain("npm ci && npm test");
		expect(readFileSync(join(root, ".ci/run"), "utf8")).toContain(
			"npm ci && npm test",
		);
	});

	it("names every provider setting in README's table, with its variable and default, and in each cloud's doc", () => {
		const docs = Object.fromEntries(
			["cos", "oss", "bos"].map((c) => [
				c,
				readFileSync(join(root, `docs/${c}.md`), "utf8"),
			]),
		);
		const rows = readme.split("\n").filter((l) => l.startsWith("|"));
		for (const entry of configEntries) {
			if (entry.secret) continue; // keys: each cloud's row of the Credentials table
			const row = rows.find((l) => l.includes(entry.envVar));
			expect(row, entry.envVar).toBeDefined();
			const byDefault = /Default: (\d+)\./.exec(entry.description)?.[1];
			if (byDefault) expect(row).toContain(`(default ${byDefault})`);
			// A setting of one cloud (cosSettleMs) in its own doc; the others in all three.
			const cloud = /^(cos|oss|bos)[A-Z]/.exec(entry.name)?.[1];
			for (const [c, text] of Object.entries(docs))
				if (!cloud || cloud === c)
					expect(text, `docs/${c}.md`).toContain(entry.settingKey);
		}
		// docs/plugin.md's Configuration table: every key of the plugin, whether it is secret, its variable.
		const plugin = readFileSync(join(root, "docs/plugin.md"), "utf8");
		for (const entry of configEntries)
			expect(plugin).toContain(
				`| \`bucket-replication:${entry.name}\` |${entry.secret ? " yes " : " "}| \`${entry.envVar}\``,
			);
		// Every default a doc gives next to a setting's variable is the provider's.
		for (const entry of configEntries) {
			const byDefault = /Default: (\d+)\./.exec(entry.description)?.[1];
			for (const doc of [readme, plugin, ...Object.values(docs)])
				for (const line of doc.split("\n")) {
					if (!line.includes(`\`${entry.envVar}\``)) continue;
					const given = (
						line.startsWith("|")
							? /\(default (\d+)/
							: new RegExp(`${entry.envVar}\` \\((?:default )?(\\d+)`)
					).exec(line)?.[1];
					if (given) expect(given, `${entry.envVar}: ${line}`).toBe(byDefault);
				}
		}
		const variables = new Set(configEntries.map((e) => e.envVar));
		for (const doc of [readme, ...Object.values(docs)])
			for (const [name] of doc.matchAll(/BUCKET_REPLICATION_[A-Z_]+/g))
				expect(variables, name).toContain(name);
	});

	it("says what each place of the credentials keeps, and never that secrets stay out of state", () => {
		for (const doc of [
			"README.md",
			"docs/cos.md",
			"docs/oss.md",
			"docs/bos.md",
		]) {
			const text = readFileSync(join(root, doc), "utf8");
			expect(text, doc).not.toMatch(/never (stored|written) (in|to) state/i);
			expect(text, doc).not.toMatch(/never in state/i);
		}
		expect(readme).toContain("from `-v=7` on");
		expect(readme).toContain("default `pulumi-nodejs` provider");
	});
});
