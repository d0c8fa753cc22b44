/**
 * Resource type tokens of the plugin (`bucket-replication:cos:BucketReplication`) and the runtime's
 * type names (`CosBucketReplication`, the `__resource` input of the dynamic resources). One name per
 * resource, two spellings: the registry keys are the source, so a new handler gets a token for free.
 */
import { registry } from "../provider/registry";

export const PACKAGE = "bucket-replication";
export const CLOUDS = ["cos", "oss", "bos"] as const;
export type PluginCloud = (typeof CLOUDS)[number];

/** `CosBucketReplication` → `bucket-replication:cos:BucketReplication`; undefined for internal types. */
export function tokenOf(runtimeType: string): string | undefined {
	const cloud = CLOUDS.find(
		(c) =>
			runtimeType.startsWith(c[0].toUpperCase() + c.slice(1)) &&
			runtimeType.length > c.length,
	);
	if (!cloud) return undefined;
	return `${PACKAGE}:${cloud}:${runtimeType.slice(cloud.length)}`;
}

/** Every token the plugin serves, mapped to its runtime type name. */
export const tokens: ReadonlyMap<string, string> = new Map(
	Object.keys(registry).flatMap((type) => {
		const token = tokenOf(type);
		return token ? [[token, type] as const] : [];
	}),
);

/** The type token in a URN (`urn:pulumi:stack::project::parent$type::name`), ignoring parents. */
export function tokenOfUrn(urn: string): string {
	const parts = urn.split("::");
	const qualified = parts[2] ?? "";
	return qualified.slice(qualified.lastIndexOf("$") + 1);
}
