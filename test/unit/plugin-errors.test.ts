import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import { describe, expect, it } from "vitest";
import { forPlugin, pluginKeys, serviceError } from "../../plugin/errors";
import { ImportCheckError } from "../../plugin/importRead";
import { PartialFailure } from "../../provider/core/partial";

describe("plugin errors as the engine reads them", () => {
	it("a partial failure carries the written resource's id and properties (ErrorResourceInitFailed)", () => {
		const error = serviceError(
			new PartialFailure(new Error("read-back failed"), "src/logs", {
				__resource: "CosBucketReplicationRule",
				bucket: "src",
				ruleId: "logs",
			}),
		);
		expect(error.details).toBe("read-back failed");
		const [bin] = error.metadata.get("grpc-status-details-bin");
		const status = statusproto.Status.deserializeBinary(
			new Uint8Array(bin as Buffer),
		);
		const detail = provproto.ErrorResourceInitFailed.deserializeBinary(
			status.getDetailsList()[0].getValue_asU8(),
		);
		expect(status.getDetailsList()[0].getTypeName()).toBe(
			"pulumirpc.ErrorResourceInitFailed",
		);
		expect(detail.getId()).toBe("src/logs");
		expect(detail.getProperties()?.toJavaScript()).toEqual({
			bucket: "src",
			ruleId: "logs",
		});
		expect(detail.getReasonsList()).toEqual(["read-back failed"]);
	});

	it("any other failure is its message, with no details", () => {
		const error = serviceError(new Error("COS said no"));
		expect(error.details).toBe("COS said no");
		expect(error.metadata.get("grpc-status-details-bin")).toEqual([]);
	});

	// The runtime's hints name the Node.js resources' config keys, which the plugin does not read.
	it.each([
		[
			"Check tencentcloud:secretId / tencentcloud:secretKey (or TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY)",
			"Check bucket-replication:cosSecretId / bucket-replication:cosSecretKey (or TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY)",
		],
		[
			"Run `pulumi config set --secret alicloud:secretKey <key>`",
			"Run `pulumi config set --secret bucket-replication:ossSecretKey <key>`",
		],
		[
			"Check baiducloud:accessKey / baiducloud:secretKey",
			"Check bucket-replication:bosAccessKey / bucket-replication:bosSecretKey",
		],
		[
			"with temporary STS keys baiducloud:securityToken (or BAIDUCLOUD_SECURITY_TOKEN)",
			"with temporary STS keys bucket-replication:bosSecurityToken (or BAIDUCLOUD_SECURITY_TOKEN)",
		],
		// Keys of the plugin's own namespace, and longer names, stay as they are.
		[
			"allow it with bucket-replication:extraRegions",
			"allow it with bucket-replication:extraRegions",
		],
		["alicloud:accessKeyId", "alicloud:accessKeyId"],
	])("names the plugin's config key: %s", (runtime, plugin) => {
		expect(pluginKeys(runtime)).toBe(plugin);
		expect(serviceError(new Error(runtime)).details).toBe(plugin);
	});

	// The runtime's hints name resources as TypeScript does; YAML, Python and Go users read the type token.
	it.each([
		[
			"Create the bucket first (`oss.Bucket`), or check the bucket name and region",
			"Create the bucket first (`bucket-replication:oss:Bucket`), or check the bucket name and region",
		],
		[
			"Delete the bucket's replication rules first (`bos.BucketReplicationRule` resources that take the bucket from this `bos.Bucket` are deleted before it)",
			"Delete the bucket's replication rules first (`bucket-replication:bos:BucketReplicationRule` resources that take the bucket from this `bucket-replication:bos:Bucket` are deleted before it)",
		],
		[
			"declare its rules in one `cos.BucketReplication` (it writes the whole document)",
			"declare its rules in one `bucket-replication:cos:BucketReplication` (it writes the whole document)",
		],
		[
			'prefix is not an argument of oss.BucketReplicationRule; did you mean "prefixes"?',
			'prefix is not an argument of bucket-replication:oss:BucketReplicationRule; did you mean "prefixes"?',
		],
		[
			'error: bos.BucketReplicationRule "a" and bos.BucketReplicationRule "b" both declare rule "r10"',
			'error: bucket-replication:bos:BucketReplicationRule "a" and bucket-replication:bos:BucketReplicationRule "b" both declare rule "r10"',
		],
		// Not a resource of this package, or already a token: left as it is.
		[
			"cos.Object, oss.bucket, my-oss.Bucket",
			"cos.Object, oss.bucket, my-oss.Bucket",
		],
		["bucket-replication:cos:Bucket", "bucket-replication:cos:Bucket"],
	])("names the plugin's resource type: %s", (runtime, plugin) => {
		expect(forPlugin(runtime)).toBe(plugin);
		expect(serviceError(new Error(runtime)).details).toBe(plugin);
	});

	// `adopt: true` takes over a different live configuration on the COS replication resources only
	// (docs/reference.md); elsewhere it does nothing, so the fix must not suggest it.
	it.each([
		["bucket-replication:cos:BucketReplicationRule", "`adopt: true`"],
		["bucket-replication:cos:BucketReplication", "`adopt: true`"],
		[
			"bucket-replication:oss:BucketReplicationRule",
			"delete the rule and declare",
		],
		[
			"bucket-replication:bos:BucketReplicationRule",
			"delete the rule and declare",
		],
		["bucket-replication:oss:Bucket", "leave the bucket out of the program"],
	])(
		"an import of unmanageable live configuration (%s) gives a fix that works",
		(token, fix) => {
			const error = new ImportCheckError(token, "bj/src/r", ["resource: bad"]);
			expect(error.message).toContain(
				`${token} bj/src/r was found, but its live configuration is not one this provider can manage: resource: bad. `,
			);
			expect(error.message).toContain(fix);
			if (!token.includes(":cos:"))
				expect(error.message).not.toContain("adopt");
		},
	);
});
