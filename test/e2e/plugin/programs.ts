/**
 * The same buckets and replication on COS, OSS and BOS as a TypeScript program of the dynamic
 * resources and as a Pulumi YAML program of the provider plugin, in variants, for the tests that
 * compare or move between the two hosts.
 */
import { pluginsBlock } from "../../support/pluginProject";

export interface Variant {
	cosPrefix: string;
	bosReplicateDeletes: "enabled" | "disabled";
}

const role = "qcs::cam::uin/100000000001:uin/100000000001";

export function typescriptProgram(v: Variant): string {
	return `
import { bos, cos, oss } from "pulumi-bucket-replication";

const cosSource = new cos.Bucket("cosSource", { bucket: "conf-src-1250000000", region: "ap-guangzhou" });
const cosBackup = new cos.Bucket("cosBackup", { bucket: "conf-backup-1250000000", region: "ap-beijing" });
new cos.BucketReplication("cosReplication", {
	bucket: cosSource.bucket,
	region: cosSource.region,
	role: "${role}",
	rules: [{ id: "logs", prefix: "${v.cosPrefix}", destination: { bucket: cosBackup.bucket, region: cosBackup.region } }],
});
const cosRuleSource = new cos.Bucket("cosRuleSource", { bucket: "conf-rules-1250000000", region: "ap-guangzhou" });
new cos.BucketReplicationRule("cosRule", {
	bucket: cosRuleSource.bucket,
	region: cosRuleSource.region,
	role: "${role}",
	ruleId: "archive",
	prefix: "${v.cosPrefix}",
	destination: { bucket: cosBackup.bucket, region: cosBackup.region },
});
const ossSource = new oss.Bucket("ossSource", { bucket: "conf-oss-src", region: "cn-hangzhou", versioning: "Enabled" });
const ossBackup = new oss.Bucket("ossBackup", { bucket: "conf-oss-backup", region: "cn-shanghai", versioning: "Enabled" });
new oss.BucketReplicationRule("ossRule", {
	bucket: ossSource.bucket,
	region: ossSource.region,
	ruleId: "logs-to-shanghai",
	prefixes: ["logs/"],
	destination: { bucket: ossBackup.bucket, location: ossBackup.region },
});
const bosSource = new bos.Bucket("bosSource", { bucket: "conf-bos-src", region: "bj", versioning: "enabled" });
const bosBackup = new bos.Bucket("bosBackup", { bucket: "conf-bos-backup", region: "gz", versioning: "enabled" });
new bos.BucketReplicationRule("bosRule", {
	bucket: bosSource.bucket,
	region: bosSource.region,
	ruleId: "everything",
	replicateDeletes: "${v.bosReplicateDeletes}",
	destination: { bucket: bosBackup.bucket },
});
`;
}

/** The import ids of the resources both programs declare (docs/plugin.md: `<region>/<bucket>[/<ruleId>]`). */
export const importIds: Record<string, string> = {
	cosSource: "ap-guangzhou/conf-src-1250000000",
	cosBackup: "ap-beijing/conf-backup-1250000000",
	cosReplication: "ap-guangzhou/conf-src-1250000000",
	cosRuleSource: "ap-guangzhou/conf-rules-1250000000",
	cosRule: "ap-guangzhou/conf-rules-1250000000/archive",
	ossSource: "cn-hangzhou/conf-oss-src",
	ossBackup: "cn-shanghai/conf-oss-backup",
	ossRule: "cn-hangzhou/conf-oss-src/logs-to-shanghai",
	bosSource: "bj/conf-bos-src",
	bosBackup: "gz/conf-bos-backup",
	bosRule: "bj/conf-bos-src/everything",
};

/** With `imports`, each resource gets the `import` option with its id (adopting what exists). */
export function yamlProgram(v: Variant, imports = false): string {
	const text = yamlText(v);
	if (!imports) return text;
	return text.replace(
		/\n {2}(\w+):\n {4}(type: [^\n]+)\n/g,
		(_all, name: string, type: string) =>
			`\n  ${name}:\n    ${type}\n    options:\n      import: ${importIds[name]}\n`,
	);
}

function yamlText(v: Variant): string {
	return `name: {{name}}
runtime: yaml
${pluginsBlock()}resources:
  cosSource:
    type: bucket-replication:cos:Bucket
    properties: { bucket: conf-src-1250000000, region: ap-guangzhou }
  cosBackup:
    type: bucket-replication:cos:Bucket
    properties: { bucket: conf-backup-1250000000, region: ap-beijing }
  cosReplication:
    type: bucket-replication:cos:BucketReplication
    properties:
      bucket: \${cosSource.bucket}
      region: \${cosSource.region}
      role: ${role}
      rules:
        - id: logs
          prefix: ${v.cosPrefix}
          destination:
            bucket: \${cosBackup.bucket}
            region: \${cosBackup.region}
  cosRuleSource:
    type: bucket-replication:cos:Bucket
    properties: { bucket: conf-rules-1250000000, region: ap-guangzhou }
  cosRule:
    type: bucket-replication:cos:BucketReplicationRule
    properties:
      bucket: \${cosRuleSource.bucket}
      region: \${cosRuleSource.region}
      role: ${role}
      ruleId: archive
      prefix: ${v.cosPrefix}
      destination:
        bucket: \${cosBackup.bucket}
        region: \${cosBackup.region}
  ossSource:
    type: bucket-replication:oss:Bucket
    properties: { bucket: conf-oss-src, region: cn-hangzhou, versioning: Enabled }
  ossBackup:
    type: bucket-replication:oss:Bucket
    properties: { bucket: conf-oss-backup, region: cn-shanghai, versioning: Enabled }
  ossRule:
    type: bucket-replication:oss:BucketReplicationRule
    properties:
      bucket: \${ossSource.bucket}
      region: \${ossSource.region}
      ruleId: logs-to-shanghai
      prefixes: [logs/]
      destination:
        bucket: \${ossBackup.bucket}
        location: \${ossBackup.region}
  bosSource:
    type: bucket-replication:bos:Bucket
    properties: { bucket: conf-bos-src, region: bj, versioning: enabled }
  bosBackup:
    type: bucket-replication:bos:Bucket
    properties: { bucket: conf-bos-backup, region: gz, versioning: enabled }
  bosRule:
    type: bucket-replication:bos:BucketReplicationRule
    properties:
      bucket: \${bosSource.bucket}
      region: \${bosSource.region}
      ruleId: everything
      replicateDeletes: ${v.bosReplicateDeletes}
      destination:
        bucket: \${bosBackup.bucket}
`;
}
