"""Buckets and replication on all three clouds, in Python, through the provider plugin and the SDK
generated from its schema (test/e2e/plugin-python.test.ts). The same resources as all-clouds.yaml,
under other names; the test changes the COS rule's prefix to `logs/v2/` for its "change" step."""

import pulumi
from pulumi_bucket_replication import bos, cos, oss

prefix = "logs/"

cos_source = cos.Bucket("cosSource", bucket="py-src-1250000000", region="ap-guangzhou")
cos_backup = cos.Bucket("cosBackup", bucket="py-backup-1250000000", region="ap-beijing")
cos_replication = cos.BucketReplication(
    "cosReplication",
    bucket=cos_source.bucket,
    region=cos_source.region,
    role="qcs::cam::uin/100000000001:uin/100000000001",
    rules=[
        cos.ReplicationRuleArgs(
            id="logs",
            prefix=prefix,
            destination=cos.ReplicationDestinationArgs(
                bucket=cos_backup.bucket, region=cos_backup.region
            ),
        )
    ],
)

oss_enabled = oss.BucketVersioning.ENABLED
oss_source = oss.Bucket(
    "ossSource", bucket="py-oss-src", region="cn-hangzhou", versioning=oss_enabled
)
oss_backup = oss.Bucket(
    "ossBackup", bucket="py-oss-backup", region="cn-shanghai", versioning=oss_enabled
)
oss_rule = oss.BucketReplicationRule(
    "ossRule",
    bucket=oss_source.bucket,
    region=oss_source.region,
    rule_id="logs-to-shanghai",
    prefixes=["logs/"],
    destination=oss.BucketReplicationRuleDestinationArgs(
        bucket=oss_backup.bucket, location=oss_backup.region
    ),
)

bos_enabled = bos.BucketVersioning.ENABLED
bos_source = bos.Bucket("bosSource", bucket="py-bos-src", region="bj", versioning=bos_enabled)
# A plain string of any case works when the program runs; mypy refuses it (docs/plugin.md, Python).
bos_backup = bos.Bucket(  # type: ignore[call-overload]
    "bosBackup", bucket="py-bos-backup", region="gz", versioning="Enabled"
)
bos_rule = bos.BucketReplicationRule(
    "bosRule",
    bucket=bos_source.bucket,
    region=bos_source.region,
    rule_id="everything",
    destination=bos.ReplicationDestinationArgs(
        bucket=bos_backup.bucket, storage_class=bos.StorageClass.STANDARD_IA
    ),
)

pulumi.export("cosRules", cos_replication.rules)
pulumi.export("ossRuleStatus", oss_rule.status)
