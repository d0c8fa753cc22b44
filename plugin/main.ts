#!/usr/bin/env node
/**
 * `pulumi-resource-bucket-replication`: the resource provider plugin. The engine starts it with its
 * own address as an argument (and logging flags), and reads the port the plugin serves on from the
 * first line of stdout. Logs go to stderr, which the engine shows with `-v`/`--logflow`.
 */
import { serve } from "./server";

async function main(): Promise<void> {
	const { port } = await serve();
	process.stdout.write(`${port}\n`);
}

main().catch((error: unknown) => {
	process.stderr.write(
		`pulumi-resource-bucket-replication: ${error instanceof Error ? error.message : String(error)}\n`,
	);
	process.exit(1);
});
