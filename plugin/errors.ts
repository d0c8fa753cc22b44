/**
 * A failure as the engine reads it. The runtime's messages name the stack config keys the Node.js
 * dynamic resources read (`tencentcloud:secretId`); the plugin reads its own namespace instead
 * (docs/plugin.md, Configuration), so those keys are renamed to the plugin's (`bucket-replication:cosSecretId`).
 * They also name resources as TypeScript does (`oss.Bucket`); a YAML, Python or Go user reads the
 * type token instead (`bucket-replication:oss:Bucket`), which every language's `pulumi preview` prints.
 *
 * A `PartialFailure` of the runtime (a create or update that wrote but could not finish, provider/core/partial.ts) carries the resource's id and properties: they go
 * back as `ErrorResourceInitFailed` details, as the dynamic provider host sends them, so the engine
 * records the resource and marks it for another update instead of orphaning what was written.
 */
import * as grpc from "@grpc/grpc-js";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import * as anyproto from "google-protobuf/google/protobuf/any_pb";
import { PartialFailure } from "../provider/core/partial";
import { scrub } from "../provider/core/settings";
import { configEntries } from "./config";
import { toStruct } from "./convert";
import { PACKAGE, tokens } from "./tokens";

const renamed = configEntries.filter(
	(e) => e.settingKey !== `bucket-replication:${e.name}`,
);

/** `text` with each dynamic-resource config key replaced by the plugin's key for the same setting. */
export function pluginKeys(text: string): string {
	let out = text;
	for (const entry of renamed) {
		// Whole keys only: `alicloud:accessKey` must not match inside a longer name.
		const key = entry.settingKey.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
		out = out.replace(
			new RegExp(`(?<![\\w:-])${key}(?![\\w])`, "g"),
			`bucket-replication:${entry.name}`,
		);
	}
	return out;
}

/** `text` with each TypeScript resource name (`oss.Bucket`) replaced by the plugin's type token. */
export function pluginTypeNames(text: string): string {
	// Whole names only: `cos.BucketReplication` must not match inside `cos.BucketReplicationRule`.
	return text.replace(
		/(?<![\w.:-])(cos|oss|bos)\.([A-Z][A-Za-z]*)(?![\w])/g,
		(name, cloud: string, type: string) => {
			const token = `${PACKAGE}:${cloud}:${type}`;
			return tokens.has(token) ? token : name;
		},
	);
}

/** A runtime text (a failure's message, reason or fix) as a plugin user should read it. */
export function forPlugin(text: string): string {
	return pluginTypeNames(pluginKeys(text));
}

export function serviceError(error: unknown): grpc.ServiceError {
	const message = forPlugin(
		scrub(error instanceof Error ? error.message : String(error)),
	);
	const metadata = new grpc.Metadata();
	if (error instanceof PartialFailure) {
		const detail = new provproto.ErrorResourceInitFailed();
		detail.setId(error.id);
		detail.setProperties(toStruct(error.properties));
		detail.setReasonsList(error.reasons.map((r) => forPlugin(scrub(r))));
		const packed = new anyproto.Any();
		packed.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
		const status = new statusproto.Status();
		status.setCode(grpc.status.UNKNOWN);
		status.setMessage(message);
		status.addDetails(packed);
		metadata.add(
			"grpc-status-details-bin",
			Buffer.from(status.serializeBinary()),
		);
	}
	return {
		name: "Error",
		message,
		code: grpc.status.UNKNOWN,
		details: message,
		metadata,
	};
}
