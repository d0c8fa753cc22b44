/**
 * The `ResourceProvider` gRPC service of the plugin, written against Pulumi's generated stubs
 * (`@pulumi/pulumi/proto`) rather than the Node SDK's provider host (`@pulumi/pulumi/provider`),
 * because that host, in 3.248.0: drops the provider configuration in `Configure` (so credentials and
 * endpoints could not reach the runtime), answers `CheckConfig`/`DiffConfig` with UNIMPLEMENTED,
 * crashes on the property-less `Read` of `pulumi import`, and loads the whole Node SDK. Every
 * resource call is delegated to the same handlers the dynamic resources use (provider/registry.ts).
 */
import * as grpc from "@grpc/grpc-js";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import { withArgumentChecks } from "../provider/arguments";
import { withRegionsOf } from "../provider/core/regions";
import { withoutSecretValues } from "../provider/core/secretArgs";
import { configure as configureSettings } from "../provider/core/settings";
import { settingFailures } from "../provider/core/settingsCheck";
import type { CheckFailure, ResourceHandler } from "../provider/core/types";
import { registry } from "../provider/registry";
import { checkConfig } from "./checkConfig";
import { settingsFrom } from "./config";
import { fromStruct, toStruct, withType } from "./convert";
import { forPlugin, serviceError } from "./errors";
import { importRead, programShape } from "./importRead";
import { packageVersion, schemaText } from "./schemaFile";
import { sealed, secretIdFailures, secretKeys } from "./secrets";
import { tokenOfUrn, tokens } from "./tokens";

class UnknownTypeError extends Error {
	constructor(token: string) {
		super(
			`pulumi-bucket-replication: the plugin has no resource type ${JSON.stringify(token)}. Known types: ${[...tokens.keys()].join(", ")}. Upgrade the plugin to the version the SDK was generated from.`,
		);
		this.name = "UnknownTypeError";
	}
}

function handlerOf(urn: string): {
	handler: ResourceHandler;
	type: string;
	token: string;
} {
	const token = tokenOfUrn(urn);
	const type = tokens.get(token);
	const handler = type ? registry[type] : undefined;
	if (!type || !handler) throw new UnknownTypeError(token);
	return { handler, type, token };
}

/** The top-level keys of an engine `Struct` that are or hold a secret. */
function secretsOf(
	struct: { toJavaScript(): Record<string, unknown> } | undefined,
) {
	return secretKeys(struct?.toJavaScript() ?? {});
}

function checkFailure(f: CheckFailure): provproto.CheckFailure {
	const failure = new provproto.CheckFailure();
	failure.setProperty(f.property);
	// "prefix is not an argument of oss.BucketReplicationRule": named as the plugin's users know it.
	failure.setReason(forPlugin(f.reason));
	return failure;
}

type Callback<T> = (error: grpc.ServiceError | null, value?: T) => void;

/** Runs `work` and answers the call; a failure becomes a gRPC error whose text the CLI prints. */
function answer<Req, Res>(
	work: (request: Req) => Promise<Res>,
): (call: { request: Req }, callback: Callback<Res>) => void {
	return (call, callback) => {
		work(call.request).then(
			(value) => callback(null, value),
			(error: unknown) => callback(serviceError(error)),
		);
	};
}

const empty = async () => new emptyproto.Empty();

export const service = {
	getPluginInfo: answer(async () => {
		const info = new plugproto.PluginInfo();
		info.setVersion(packageVersion());
		return info;
	}),
	getSchema: answer(async (req: provproto.GetSchemaRequest) => {
		if (req.getVersion() !== 0) {
			throw new Error(`unsupported schema version ${req.getVersion()}`);
		}
		const resp = new provproto.GetSchemaResponse();
		resp.setSchema(schemaText());
		return resp;
	}),
	// Unknown keys and non-numbers are refused (plugin/checkConfig.ts); values are explained where used.
	checkConfig: answer(async (req: provproto.CheckRequest) => {
		const resp = new provproto.CheckResponse();
		resp.setInputs(req.getNews());
		resp.setFailuresList(
			checkConfig(fromStruct(req.getNews())).map(checkFailure),
		);
		return resp;
	}),
	// A new endpoint or credential never replaces resources: it only changes where the next call goes.
	diffConfig: answer(async (req: provproto.DiffRequest) => {
		const resp = new provproto.DiffResponse();
		const same =
			JSON.stringify(fromStruct(req.getOlds())) ===
			JSON.stringify(fromStruct(req.getNews()));
		resp.setChanges(
			same
				? provproto.DiffResponse.DiffChanges.DIFF_NONE
				: provproto.DiffResponse.DiffChanges.DIFF_SOME,
		);
		return resp;
	}),
	configure: answer(async (req: provproto.ConfigureRequest) => {
		const variables = new Map<string, string>();
		req.getVariablesMap().forEach((value, key) => {
			variables.set(key, value);
		});
		configureSettings(settingsFrom(variables));
		const resp = new provproto.ConfigureResponse();
		// Secret arguments come wrapped, and the plugin keeps secret what derives from them (plugin/secrets.ts).
		resp.setAcceptsecrets(true);
		resp.setSupportspreview(false);
		return resp;
	}),
	check: answer(async (req: provproto.CheckRequest) => {
		const { handler, type } = handlerOf(req.getUrn());
		const olds = withType(type, fromStruct(req.getOlds()));
		const news = programShape(type, withType(type, fromStruct(req.getNews())));
		// Regions already in state, unknown arguments and printable failures, as the dynamic host's check.
		const result = withArgumentChecks(
			news,
			await withRegionsOf(olds, () => handler.check(olds, news)),
		);
		const wrapped = req.getNews()?.toJavaScript() ?? {};
		const resp = new provproto.CheckResponse();
		resp.setInputs(
			toStruct(
				sealed(result.inputs ?? fromStruct(req.getNews()), secretKeys(wrapped)),
			),
		);
		// The settings the Node.js resources check at preview (provider/core/settingsCheck.ts), from the
		// provider configuration and the environment. CheckConfig sees no environment variable, nor what
		// an endpoint holds: `http://user:pass@host:1/cos` passed a plugin preview (seen through the CLI).
		resp.setFailuresList(
			[
				...withoutSecretValues(
					[...(result.failures ?? []), ...secretIdFailures(type, wrapped)],
					news,
					secretKeys(wrapped),
				),
				...settingFailures(),
			].map(checkFailure),
		);
		return resp;
	}),
	diff: answer(async (req: provproto.DiffRequest) => {
		const { handler, type } = handlerOf(req.getUrn());
		const result = await handler.diff(
			req.getId(),
			withType(type, fromStruct(req.getOlds())),
			withType(type, fromStruct(req.getNews())),
		);
		const resp = new provproto.DiffResponse();
		const { DiffChanges } = provproto.DiffResponse;
		resp.setChanges(
			result.changes === true
				? DiffChanges.DIFF_SOME
				: result.changes === false
					? DiffChanges.DIFF_NONE
					: DiffChanges.DIFF_UNKNOWN,
		);
		resp.setReplacesList(result.replaces ?? []);
		resp.setDeletebeforereplace(result.deleteBeforeReplace === true);
		return resp;
	}),
	create: answer(async (req: provproto.CreateRequest) => {
		const { handler, type } = handlerOf(req.getUrn());
		const result = await handler.create(
			withType(type, fromStruct(req.getProperties())),
		);
		const resp = new provproto.CreateResponse();
		resp.setId(result.id);
		resp.setProperties(
			toStruct(sealed(result.outs, secretsOf(req.getProperties()))),
		);
		return resp;
	}),
	read: answer(async (req: provproto.ReadRequest) => {
		const { handler, type, token } = handlerOf(req.getUrn());
		const props = fromStruct(req.getProperties());
		const result =
			Object.keys(props).length === 0
				? await importRead(handler, type, token, req.getId())
				: await handler.read(req.getId(), withType(type, props));
		const resp = new provproto.ReadResponse();
		// An empty id tells the engine the resource is gone.
		resp.setId(result.id ?? "");
		if (result.id) {
			// Refresh: what was secret in the stored inputs or outputs stays secret (import has none).
			const secret = new Set([
				...secretsOf(req.getInputs()),
				...secretsOf(req.getProperties()),
			]);
			resp.setProperties(toStruct(sealed(result.props ?? {}, secret)));
			if (result.inputs)
				resp.setInputs(toStruct(sealed(result.inputs, secret)));
		}
		return resp;
	}),
	update: answer(async (req: provproto.UpdateRequest) => {
		const { handler, type } = handlerOf(req.getUrn());
		const result = await handler.update(
			req.getId(),
			withType(type, fromStruct(req.getOlds())),
			withType(type, fromStruct(req.getNews())),
		);
		const resp = new provproto.UpdateResponse();
		resp.setProperties(toStruct(sealed(result.outs, secretsOf(req.getNews()))));
		return resp;
	}),
	delete: answer(async (req: provproto.DeleteRequest) => {
		const { handler, type } = handlerOf(req.getUrn());
		await handler.delete(
			req.getId(),
			withType(type, fromStruct(req.getProperties())),
		);
		return new emptyproto.Empty();
	}),
	cancel: answer(empty),
	attach: answer(empty),
};

/** Serves the provider on a free local port and resolves with it. */
export async function serve(): Promise<{ port: number; server: grpc.Server }> {
	const server = new grpc.Server({
		"grpc.max_receive_message_length": 400 * 1024 * 1024,
	});
	// Methods not listed (Invoke, Construct, Call, GetMapping, Handshake, ...) answer UNIMPLEMENTED,
	// which the engine handles: the package has no functions and no components.
	server.addService(
		provrpc.ResourceProviderService,
		service as unknown as grpc.UntypedServiceImplementation,
	);
	const port = await new Promise<number>((resolve, reject) =>
		server.bindAsync(
			"127.0.0.1:0",
			grpc.ServerCredentials.createInsecure(),
			(error, bound) => (error ? reject(error) : resolve(bound)),
		),
	);
	return { port, server };
}
