/**
 * The command line: `discover --cloud <cos|oss|bos> --bucket <name> --region <region>`, parsed with
 * `node:util` `parseArgs` (strict, so a mistyped option is an error rather than silently ignored).
 */
import { parseArgs } from "node:util";
import type { Cloud } from "../provider/core/types";

export const clouds: readonly Cloud[] = ["cos", "oss", "bos"];

export const help = `pulumi-bucket-replication: tools for the pulumi-bucket-replication resources.

Usage:
  pulumi-bucket-replication discover --cloud <cos|oss|bos> --bucket <name> --region <region>

discover
  Reads the replication rules a bucket already has and prints TypeScript declarations of them with
  \`adopt: true\`. Paste them into your Pulumi program: the next \`pulumi up\` takes the rules over
  without writing anything to the cloud (\`pulumi import\` cannot work for dynamic resources).

  --cloud <cos|oss|bos>   the cloud: Tencent COS, Alibaba OSS or Baidu BOS
  --bucket <name>         the source bucket (COS: with its APPID, e.g. logs-1250000000)
  --region <region>       the source bucket's region (ap-guangzhou, cn-hangzhou, bj, ...)
  -h, --help              show this help

Credentials and endpoints come from the same environment variables the provider reads:
  COS  TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY, [TENCENTCLOUD_SECURITY_TOKEN], [TENCENTCLOUD_COS_ENDPOINT]
  OSS  ALICLOUD_ACCESS_KEY, ALICLOUD_SECRET_KEY, [ALICLOUD_SECURITY_TOKEN], [ALICLOUD_OSS_ENDPOINT]
  BOS  BAIDUCLOUD_ACCESS_KEY, BAIDUCLOUD_SECRET_KEY, [BAIDUCLOUD_SECURITY_TOKEN], [BAIDUCLOUD_BOS_ENDPOINT]
Only GET requests are sent. Nothing secret is printed.

Exit status:
  0  declarations printed (or the bucket has no rules: nothing printed, a note on stderr)
  1  the rules could not be read (credentials, network, no such bucket); the reason is on stderr
  2  bad command line, or a setting pulumi preview would refuse (a BUCKET_REPLICATION_ variable
     misspelt or not a number from 0 to 2147483647, an endpoint with a path, user or password)
  3  declarations printed, but some would not be adopted unchanged (each is marked WARNING)
`;

export type Command =
	| { kind: "help" }
	| { kind: "discover"; cloud: Cloud; bucket: string; region: string };

/** A command line the user must fix; the message says how. */
export class UsageError extends Error {
	override name = "UsageError";
}

export function parseCommand(argv: string[]): Command {
	let parsed: ReturnType<typeof parse>;
	try {
		parsed = parse(argv);
	} catch (error) {
		// parseArgs names the offending option; only its message is useful here.
		throw new UsageError(
			error instanceof Error ? error.message : String(error),
		);
	}
	const { values, positionals } = parsed;
	if (values.help) return { kind: "help" };
	const [command, ...extra] = positionals;
	if (command === undefined)
		throw new UsageError("missing command: try `discover`");
	if (command !== "discover")
		throw new UsageError(`unknown command "${command}": try \`discover\``);
	if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}"`);
	const cloud = required(values.cloud, "--cloud");
	if (!(clouds as readonly string[]).includes(cloud))
		throw new UsageError(
			`--cloud must be one of ${clouds.join(", ")}, got "${cloud}"`,
		);
	return {
		kind: "discover",
		cloud: cloud as Cloud,
		bucket: required(values.bucket, "--bucket"),
		region: required(values.region, "--region"),
	};
}

function parse(argv: string[]) {
	return parseArgs({
		args: argv,
		allowPositionals: true,
		strict: true,
		options: {
			cloud: { type: "string" },
			bucket: { type: "string" },
			region: { type: "string" },
			help: { type: "boolean", short: "h" },
		},
	});
}

function required(value: string | undefined, flag: string): string {
	const trimmed = value?.trim();
	if (!trimmed) throw new UsageError(`${flag} is required`);
	return trimmed;
}
