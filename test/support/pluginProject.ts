import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import type { RequestRecord } from "../../emulator";
import { ensureLanghosts } from "./langhosts";
import { root, TestProject } from "./pulumi";

/** Where `npm install pulumi-bucket-replication` (here: `npm run build`) puts the plugin executable. */
export const pluginDir = join(root, "node_modules", ".bin");

/** The lines of Pulumi.yaml that point the engine at the plugin, as docs/plugin.md tells users. */
export function pluginsBlock(dir = pluginDir): string {
	return [
		"plugins:",
		"  providers:",
		"    - name: bucket-replication",
		`      path: ${dir}`,
		"",
	].join("\n");
}

/** The environment of a run that needs the YAML or Python language host: both on PATH. */
export function withLanghosts(env: Record<string, string>): NodeJS.ProcessEnv {
	return {
		...env,
		PATH: `${ensureLanghosts()}${delimiter}${process.env.PATH ?? ""}`,
	};
}

/**
 * A project of another language under `.pulumi/projects/`, opened with a stack of its own.
 * `files` are written into it (Pulumi.yaml among them); `close` removes the stack and the directory
 * and, with `destroy: false`, leaves the cloud resources alone (a stack that imported them).
 */
export async function languageProject(
	name: string,
	files: Record<string, string>,
	env: NodeJS.ProcessEnv,
): Promise<{
	project: TestProject;
	dir: string;
	write(file: string, text: string): void;
	close(options?: { destroy?: boolean }): Promise<void>;
}> {
	const unique = `${name}-${randomBytes(4).toString("hex")}`;
	const dir = join(root, ".pulumi", "projects", unique);
	mkdirSync(dir, { recursive: true });
	const write = (file: string, text: string) =>
		writeFileSync(join(dir, file), text.replaceAll("{{name}}", unique));
	for (const [file, text] of Object.entries(files)) write(file, text);
	const project = await TestProject.open(dir, env);
	return {
		project,
		dir,
		write,
		async close(options = {}) {
			if (options.destroy !== false) await project.destroy();
			await project.mustRun(["stack", "rm", "--yes", "--force"]);
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

/** Requests that change something at a cloud (everything but reads). */
export function writes(requests: RequestRecord[]): RequestRecord[] {
	return requests.filter((r) => r.method !== "GET" && r.method !== "HEAD");
}
