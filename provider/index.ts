/**
 * The provider runtime: the module that the serialized stub `require`s at call time, by package name
 * ("pulumi-bucket-replication/provider"), inside the dynamic provider host. All logic lives here, so
 * fixes reach resources created by older versions. It must accept every state shape any past version
 * wrote (`schemaVersion` in outputs), and it has no top-level side effects.
 */
import { withArgumentChecks } from "./arguments";
import { withRegionsOf } from "./core/regions";
import {
	secretArgsOf,
	secretIdFailures,
	withoutSecretValues,
} from "./core/secretArgs";
import { configure as configureSettings } from "./core/settings";
import { configKeysOf, settingFailures } from "./core/settingsCheck";
import type {
	CheckResult,
	CreateResult,
	DiffResult,
	Props,
	ReadResult,
	ResourceHandler,
	UpdateResult,
} from "./core/types";
import { registry } from "./registry";

function handlerFor(props: Props): ResourceHandler {
	const type = props.__resource;
	const handler = typeof type === "string" ? registry[type] : undefined;
	if (!handler) {
		throw new Error(
			`pulumi-bucket-replication: unknown resource type ${JSON.stringify(type)}. Upgrade the package in this project to the version that created the resource.`,
		);
	}
	return handler;
}

/** The stack config's keys, for `settingFailures` (a misspelt `bucket-replication:` key). */
let configKeys: string[] = [];

export function configure(req: {
	config?: { get(key: string): string | undefined };
}): void {
	configureSettings(req?.config);
	configKeys = configKeysOf(req?.config);
}

export async function check(olds: Props, news: Props): Promise<CheckResult> {
	const handler = handlerFor(news);
	const result = await withRegionsOf(olds, () => handler.check(olds, news));
	const checked = withArgumentChecks(news, result);
	const secretArgs = secretArgsOf(news);
	const failures = [
		...withoutSecretValues(
			[
				...(checked.failures ?? []),
				...secretIdFailures(news.__resource, news, secretArgs),
			],
			news,
			secretArgs,
		),
		...settingFailures(configKeys),
	];
	return failures.length ? { ...checked, failures } : checked;
}

export async function diff(
	id: string,
	olds: Props,
	news: Props,
): Promise<DiffResult> {
	return handlerFor(news).diff(id, olds, news);
}

export async function create(inputs: Props): Promise<CreateResult> {
	return handlerFor(inputs).create(inputs);
}

export async function read(id: string, props: Props): Promise<ReadResult> {
	return handlerFor(props).read(id, props);
}

export async function update(
	id: string,
	olds: Props,
	news: Props,
): Promise<UpdateResult> {
	return handlerFor(news).update(id, olds, news);
}

// `delete` is a reserved word: the stub calls `runtime.delete(...)` through this export name.
async function deleteResource(id: string, props: Props): Promise<void> {
	return handlerFor(props).delete(id, props);
}

export { deleteResource as delete };
