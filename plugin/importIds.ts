/**
 * `pulumi import` ids. The engine's import `Read` carries only the id the user typed, so the id must
 * name everything the cloud API needs: the region (it picks the endpoint), the bucket and, for a
 * rule, the rule id. The same format works on every cloud, and none of the three allows `/` in a
 * bucket name or a rule id (COS doc 13312, OSS bucket naming, BOS bucket naming).
 *
 *   Bucket, BucketReplication   <region>/<bucket>
 *   BucketReplicationRule       <region>/<bucket>/<ruleId>
 *
 * After the import the resource has the id a `create` would have given it (`createdId`), so state
 * does not tell an imported resource from a created one.
 */
import type { Props } from "../provider/core/types";

/** A region and bucket of each cloud for the example of an import id (a COS one read wrong for BOS). */
const exampleBucket: Record<string, string> = {
	cos: "ap-guangzhou/examplebucket-1250000000",
	oss: "cn-hangzhou/examplebucket",
	bos: "bj/examplebucket",
};

export class ImportIdError extends Error {
	constructor(token: string, id: string, format: string) {
		const cloud = token.split(":")[1] ?? "cos";
		super(
			`pulumi-bucket-replication: cannot import ${token} from id ${JSON.stringify(id)}: the import id is ${format}. Example: pulumi import ${token} my-rule ${exampleBucket[cloud] ?? exampleBucket.cos}${format.includes("ruleId") ? "/rule-1" : ""}`,
		);
		this.name = "ImportIdError";
	}
}

/** The identifying inputs an import id stands for. */
export function parseImportId(token: string, id: string): Props {
	const rule = token.endsWith(":BucketReplicationRule");
	const format = rule ? "<region>/<bucket>/<ruleId>" : "<region>/<bucket>";
	const parts = id.split("/");
	if (parts.length !== (rule ? 3 : 2) || parts.some((p) => p.trim() === "")) {
		throw new ImportIdError(token, id, format);
	}
	const [region, bucket, ruleId] = parts;
	return rule ? { region, bucket, ruleId } : { region, bucket };
}

/** The id the runtime's `create` gives a resource of `token` (provider/<cloud>/bucket.ts, rule.ts, replication.ts). */
export function createdId(token: string, identity: Props): string {
	const { bucket, ruleId } = identity as { bucket: string; ruleId?: string };
	if (!token.endsWith(":BucketReplicationRule")) return bucket;
	// OSS rule ids are `<bucket>:<ruleId>`; COS and BOS use `/`.
	return token.startsWith("bucket-replication:oss:")
		? `${bucket}:${ruleId}`
		: `${bucket}/${ruleId}`;
}
