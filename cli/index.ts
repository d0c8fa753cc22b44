#!/usr/bin/env node
import { scrub } from "../provider/core/settings";
import { settingFailures } from "../provider/core/settingsCheck";
/**
 * `npx pulumi-bucket-replication discover ...`: the snippet goes to stdout (so it can be redirected
 * into a file), everything else to stderr.
 */
import { help, parseCommand, UsageError } from "./args";
import { discover } from "./discover";
import { renderProgram } from "./render";

const exitCodes = { ok: 0, failed: 1, usage: 2, inexact: 3 };

async function main(argv: string[]): Promise<number> {
	let command: ReturnType<typeof parseCommand>;
	try {
		command = parseCommand(argv);
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		process.stderr.write(
			`pulumi-bucket-replication: ${error.message}\nRun with --help for usage.\n`,
		);
		return exitCodes.usage;
	}
	if (command.kind === "help") {
		process.stdout.write(help);
		return exitCodes.ok;
	}
	// The settings `pulumi preview` checks (provider/core/settingsCheck.ts), from the environment: an
	// endpoint with a user and password failed OSS requests as "The endpoint must be conform to the
	// specifications" and a timeout of 3000000000 ms every request at once, and a misspelt variable
	// was ignored (seen with discover).
	const settings = settingFailures();
	if (settings.length) {
		for (const { reason } of settings)
			process.stderr.write(`pulumi-bucket-replication: ${reason}\n`);
		return exitCodes.usage;
	}
	const result = await discover(command.cloud, command.bucket, command.region);
	for (const note of result.notes) process.stderr.write(`note: ${note}\n`);
	if (result.declarations.length === 0) return exitCodes.ok;
	process.stdout.write(renderProgram(result.declarations, result.comments));
	if (result.exact) return exitCodes.ok;
	process.stderr.write(
		"warning: some declarations would not be adopted unchanged; see the WARNING comments\n",
	);
	return exitCodes.inexact;
}

main(process.argv.slice(2)).then(
	// Exit explicitly: SDK keep-alive sockets would otherwise hold the process open for a while.
	(code) => process.stdout.write("", () => process.exit(code)),
	(error: unknown) => {
		// Provider errors name the cloud, bucket, what failed and the fix, with secrets scrubbed; any
		// other error (a bug, an SDK's own) is scrubbed here.
		const message = scrub(
			error instanceof Error ? error.message : String(error),
		);
		process.stderr.write(`pulumi-bucket-replication: ${message}\n`);
		process.exit(exitCodes.failed);
	},
);
