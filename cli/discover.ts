/**
 * `discover`: reads a bucket's rules (GET requests only), checks each declaration with the
 * provider's own `check` and adoption test, and leaves out what the provider would fill in itself.
 */
import {
	CloudApiError,
	CredentialsError,
	staleConfig,
} from "../provider/core/errors";
import type { Cloud } from "../provider/core/types";
import { discoverBos } from "./bos";
import type { Candidate, Found } from "./candidate";
import { discoverCos } from "./cos";
import { checkArgs, minimize } from "./minimize";
import { uniqueNames } from "./names";
import { discoverOss } from "./oss";
import type { Declaration } from "./render";

const readers: Record<
	Cloud,
	(bucket: string, region: string) => Promise<Found>
> = {
	cos: discoverCos,
	oss: discoverOss,
	bos: discoverBos,
};

export interface Discovery {
	declarations: Declaration[];
	/** Comment lines for the top of the snippet. */
	comments: string[];
	/** For stderr. */
	notes: string[];
	/** True when every declaration is adopted by `up` with no write. */
	exact: boolean;
}

export async function discover(
	cloud: Cloud,
	bucket: string,
	region: string,
): Promise<Discovery> {
	const found = await read(cloud, bucket, region);
	return declare(cloud, bucket, region, found);
}

/**
 * `discover` runs outside Pulumi: the engine sends it no stack config, so it reads credentials and
 * endpoints from the environment only (docs/discover.md). The provider's hints also name stack config.
 */
const environment: Record<Cloud, string> = {
	cos: "TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY (with temporary keys, TENCENTCLOUD_SECURITY_TOKEN; for an emulator, TENCENTCLOUD_COS_ENDPOINT)",
	oss: "ALICLOUD_ACCESS_KEY and ALICLOUD_SECRET_KEY (with temporary keys, ALICLOUD_SECURITY_TOKEN; for an emulator, ALICLOUD_OSS_ENDPOINT)",
	bos: "BAIDUCLOUD_ACCESS_KEY and BAIDUCLOUD_SECRET_KEY (with temporary keys, BAIDUCLOUD_SECURITY_TOKEN; for an emulator, BAIDUCLOUD_BOS_ENDPOINT)",
};

/** Vendor codes that mean "these keys are wrong or not allowed", on any of the three clouds. */
const keyCodes = new Set([
	"AccessDenied",
	"InvalidAccessKeyId",
	"SignatureDoesNotMatch",
]);

async function read(
	cloud: Cloud,
	bucket: string,
	region: string,
): Promise<Found> {
	try {
		return await readers[cloud](bucket, region);
	} catch (error) {
		const onlyEnvironment = `\`discover\` reads environment variables only, not stack config: set ${environment[cloud]}`;
		if (error instanceof CredentialsError)
			throw withoutStaleConfig(
				new CredentialsError(
					{ cloud, bucket },
					"no credentials in the environment",
					onlyEnvironment,
				),
			);
		withoutStaleConfig(error);
		if (error instanceof CloudApiError && keyCodes.has(error.code ?? ""))
			error.message = `${error.message} (${onlyEnvironment})`;
		throw error;
	}
}

/**
 * Drops the provider's hint that `pulumi refresh` and `destroy` use the last `up`'s stack config: no
 * Pulumi command is involved here (seen through the CLI: the hint followed "reads environment variables
 * only, not stack config" and told a `discover` user to run `pulumi up`).
 */
function withoutStaleConfig<E>(error: E): E {
	if (error instanceof Error && error.message.includes(staleConfig)) {
		const at = error.message.indexOf(staleConfig);
		error.message =
			error.message.slice(0, at).replace(/ $/, "") +
			error.message.slice(at + staleConfig.length);
		error.stack = error.message;
	}
	return error;
}

/** The declarations of what a reader found (offline: `check` and the adoption test only). */
export async function declare(
	cloud: Cloud,
	bucket: string,
	region: string,
	found: Found,
): Promise<Discovery> {
	const names = uniqueNames(found.candidates.map((c) => c.name));
	const declarations: Declaration[] = [];
	for (const [i, candidate] of found.candidates.entries()) {
		declarations.push(await declaration(cloud, names[i], candidate));
	}
	const vendor = cloud.toUpperCase();
	const notes = [...found.notes];
	if (declarations.length === 0)
		notes.push(
			`${vendor} bucket "${bucket}" (${region}) has no replication rules: nothing to declare`,
		);
	return {
		declarations,
		comments: [
			`Replication of ${vendor} bucket "${bucket}" (${region}), read by \`pulumi-bucket-replication discover\`.`,
			`With \`adopt: true\` the next \`pulumi up\` takes ${cloud === "cos" ? "it" : "these rules"} over without writing to ${vendor}.`,
			...(cloud === "cos"
				? [
						"If the bucket's document changes before that `up`, this declaration replaces it.",
					]
				: []),
		],
		notes,
		exact: declarations.every((d) => !d.warnings?.length),
	};
}

async function declaration(
	module: Cloud,
	name: string,
	c: Candidate,
): Promise<Declaration> {
	const base = { module, resource: c.resource, name };
	const checked = await checkArgs(c.handler, c.args);
	if (!checked.inputs) {
		// Printed whole, so that the user sees the rule and what the provider refuses in it.
		// Each reason names its property already.
		const reasons = checked.failures.map((f) => f.reason);
		return {
			...base,
			args: c.args,
			warnings: [
				`\`pulumi preview\` would reject this declaration (${reasons.join("; ")}).`,
			],
		};
	}
	const differs = c.differences(checked.inputs);
	return {
		...base,
		args: await minimize(c.handler, c.args),
		warnings: differs.length
			? [
					`as the provider stores it, this differs from the live configuration in ${differs.join(", ")}: \`up\` would not adopt it unchanged.`,
				]
			: undefined,
	};
}
