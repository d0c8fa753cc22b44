// Buckets and replication on all three clouds, in Go, through the provider plugin and the SDK generated
// from its schema (test/e2e/plugin-go.test.ts). The same resources as all-clouds.yaml and all_clouds.py,
// under other names. The test copies this directory into a project, generates the SDK into ./sdk
// (go.mod's replace), and changes the COS rule's prefix with the `cosPrefix` config for its "change"
// step, so that no step has to rewrite this file. `ossPrefix` is a secret config value: it must stay
// secret in the OSS rule's inputs and outputs. `runInfo` shows what reached the program from the host.
// `bosRegion` (a bad one fails `check`), `bosRuleImport` (the `pulumi.Import` option) and `bosRuleRead`
// (the SDK's `Get` function) serve the test's steps that docs/plugin.md describes for Go.
package main

import (
	"github.com/pulumi-bucket-replication/pulumi-bucket-replication/sdk/go/bucketreplication/bos"
	"github.com/pulumi-bucket-replication/pulumi-bucket-replication/sdk/go/bucketreplication/cos"
	"github.com/pulumi-bucket-replication/pulumi-bucket-replication/sdk/go/bucketreplication/oss"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		conf := config.New(ctx, "")
		cosPrefix := conf.Get("cosPrefix")
		if cosPrefix == "" {
			cosPrefix = "logs/"
		}
		ossPrefix := conf.RequireSecret("ossPrefix")
		bosRegion := conf.Get("bosRegion")
		if bosRegion == "" {
			bosRegion = "bj"
		}
		var bosRuleOpts []pulumi.ResourceOption
		if id := conf.Get("bosRuleImport"); id != "" {
			bosRuleOpts = append(bosRuleOpts, pulumi.Import(pulumi.ID(id)))
		}

		cosSource, err := cos.NewBucket(ctx, "cosSource", &cos.BucketArgs{
			Bucket: pulumi.String("go-src-1250000000"),
			Region: pulumi.String("ap-guangzhou"),
		})
		if err != nil {
			return err
		}
		cosBackup, err := cos.NewBucket(ctx, "cosBackup", &cos.BucketArgs{
			Bucket: pulumi.String("go-backup-1250000000"),
			Region: pulumi.String("ap-beijing"),
		})
		if err != nil {
			return err
		}
		cosReplication, err := cos.NewBucketReplication(ctx, "cosReplication", &cos.BucketReplicationArgs{
			Bucket: cosSource.Bucket,
			Region: cosSource.Region,
			Role:   pulumi.String("qcs::cam::uin/100000000001:uin/100000000001"),
			Rules: cos.ReplicationRuleArray{
				cos.ReplicationRuleArgs{
					Id:       pulumi.String("logs"),
					Prefix:   pulumi.String(cosPrefix),
					Priority: pulumi.Int(1), // the schema's integer, as Go users expect
					Destination: cos.ReplicationDestinationArgs{
						Bucket: cosBackup.Bucket,
						Region: cosBackup.Region,
					},
				},
			},
		})
		if err != nil {
			return err
		}

		ossSource, err := oss.NewBucket(ctx, "ossSource", &oss.BucketArgs{
			Bucket:     pulumi.String("go-oss-src"),
			Region:     pulumi.String("cn-hangzhou"),
			Versioning: oss.BucketVersioningEnabled,
		})
		if err != nil {
			return err
		}
		ossBackup, err := oss.NewBucket(ctx, "ossBackup", &oss.BucketArgs{
			Bucket:     pulumi.String("go-oss-backup"),
			Region:     pulumi.String("cn-shanghai"),
			Versioning: oss.BucketVersioningEnabled,
		})
		if err != nil {
			return err
		}
		ossRule, err := oss.NewBucketReplicationRule(ctx, "ossRule", &oss.BucketReplicationRuleArgs{
			Bucket:               ossSource.Bucket,
			Region:               ossSource.Region,
			RuleId:               pulumi.String("logs-to-shanghai"),
			Prefixes:             pulumi.StringArray{ossPrefix},
			DeleteTimeoutSeconds: pulumi.Int(120),
			Action:               oss.BucketReplicationRuleActionAll, // an enum value named by the schema
			Destination: oss.BucketReplicationRuleDestinationArgs{
				Bucket:   ossBackup.Bucket,
				Location: ossBackup.Region,
			},
		})
		if err != nil {
			return err
		}

		bosSource, err := bos.NewBucket(ctx, "bosSource", &bos.BucketArgs{
			Bucket:     pulumi.String("go-bos-src"),
			Region:     pulumi.String(bosRegion),
			Versioning: bos.BucketVersioningEnabled,
		})
		if err != nil {
			return err
		}
		bosBackup, err := bos.NewBucket(ctx, "bosBackup", &bos.BucketArgs{
			Bucket:     pulumi.String("go-bos-backup"),
			Region:     pulumi.String("gz"),
			Versioning: bos.BucketVersioningEnabled,
		})
		if err != nil {
			return err
		}
		bosRule, err := bos.NewBucketReplicationRule(ctx, "bosRule", &bos.BucketReplicationRuleArgs{
			Bucket:      bosSource.Bucket,
			Region:      bosSource.Region,
			RuleId:      pulumi.String("everything"),
			Destination: bos.ReplicationDestinationArgs{Bucket: bosBackup.Bucket},
		}, bosRuleOpts...)
		if err != nil {
			return err
		}

		// Reads an existing rule by its import id, without managing it.
		if id := conf.Get("bosRuleRead"); id != "" {
			read, err := bos.GetBucketReplicationRule(ctx, "bosRuleRead", pulumi.ID(id), nil)
			if err != nil {
				return err
			}
			ctx.Export("bosRuleReadDestination", read.Destination.Bucket())
		}

		ctx.Export("cosRules", cosReplication.Rules)
		ctx.Export("ossRuleStatus", ossRule.Status)
		ctx.Export("ossPrefixes", ossRule.Prefixes)
		ctx.Export("bosRuleId", bosRule.RuleId)
		// An output of the SDK's own types, through ApplyT.
		ctx.Export("bosProgress", bosRule.Progress.ApplyT(func(p *bos.ReplicationProgress) string {
			if p == nil {
				return "none"
			}
			return p.Status
		}).(pulumi.StringOutput))
		// What the language host passed to the program, as the Go SDK read it (the test checks it).
		ctx.Export("runInfo", pulumi.Map{
			"organization":    pulumi.String(ctx.Organization()),
			"project":         pulumi.String(ctx.Project()),
			"stack":           pulumi.String(ctx.Stack()),
			"dryRun":          pulumi.Bool(ctx.DryRun()),
			"parallel":        pulumi.Int(int(ctx.Parallel())),
			"ossPrefixSecret": pulumi.Bool(ctx.IsConfigSecret(ctx.Project() + ":ossPrefix")),
		})
		return nil
	})
}
