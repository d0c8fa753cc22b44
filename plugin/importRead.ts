/**
 * The `Read` of `pulumi import` (and of the `import` resource option): the engine sends only the id.
 * The runtime's `read` finds the live resource from its identifying inputs; its live inputs then go
 * through the same `check` a program's inputs go through, so they are stored exactly as a `create`
 * would store them (but for the shape of COS rules, plugin/inputShape.ts); a second `read` from those
 * inputs gives the state. So the first `up` after an import, with the same arguments in the program,
 * finds no difference and writes nothing.
 */
import type {
	Props,
	ReadResult,
	ResourceHandler,
} from "../provider/core/types";
import { rulesFromMap } from "../provider/cos/normalize";
import { createdId, parseImportId } from "./importIds";
import { engineShape } from "./inputShape";

/**
 * A live read gives inputs in state shape; `check` wants program shape. They differ in two places:
 * COS `BucketReplication.rules` is stored as a map keyed by rule id, and written as a list; BOS
 * `BucketReplicationRule.replicationRestarts` is an input `check` computes (provider/bos/restarts.ts),
 * never an argument. The engine also checks the inputs an import stored, in state shape
 * (plugin/server.ts `check`): without this, `pulumi import` warns "One or more imported inputs failed
 * to validate" ("rules must list at least one rule", "replicationRestarts is not an argument").
 */
export function programShape(runtimeType: string, inputs: Props): Props {
	if (
		runtimeType === "CosBucketReplication" &&
		inputs.rules &&
		typeof inputs.rules === "object" &&
		!Array.isArray(inputs.rules)
	) {
		return { ...inputs, rules: rulesFromMap(inputs.rules) };
	}
	if (
		runtimeType === "BosBucketReplicationRule" &&
		"replicationRestarts" in inputs
	) {
		const { replicationRestarts: _computed, ...args } = inputs;
		return args;
	}
	return inputs;
}

/**
 * What to do instead of the import. Only the COS replication resources take over a different live
 * configuration with `adopt: true`; on the others `adopt` does nothing (docs/reference.md), so that fix
 * would fail the same way.
 */
function importCheckFix(token: string): string {
	if (token.startsWith("bucket-replication:cos:BucketReplication"))
		return "Fix it in the console, or declare the resource with `adopt: true` (it rewrites the live configuration to the program's) instead of importing.";
	if (token.endsWith(":Bucket"))
		return "Fix it in the console, or leave the bucket out of the program and pass its name to the replication resources.";
	return "Fix it in the console, or delete the rule and declare the resource so that the provider creates it, instead of importing.";
}

export class ImportCheckError extends Error {
	constructor(token: string, id: string, reasons: string[]) {
		super(
			`pulumi-bucket-replication: ${token} ${id} was found, but its live configuration is not one this provider can manage: ${reasons.join("; ")}. ${importCheckFix(token)}`,
		);
		this.name = "ImportCheckError";
	}
}

export async function importRead(
	handler: ResourceHandler,
	runtimeType: string,
	token: string,
	importId: string,
): Promise<ReadResult> {
	const identity = parseImportId(token, importId);
	const id = createdId(token, identity);
	const found = await handler.read(id, {
		...identity,
		__resource: runtimeType,
	});
	if (!found.id || !found.inputs) return {};
	const checked = await handler.check(
		{},
		programShape(runtimeType, found.inputs),
	);
	if (checked.failures?.length || !checked.inputs) {
		throw new ImportCheckError(
			token,
			importId,
			(checked.failures ?? []).map((f) => `${f.property}: ${f.reason}`),
		);
	}
	// The state a create from these inputs records: the runtime's read of the checked inputs.
	const state = await handler.read(id, {
		...checked.inputs,
		schemaVersion: 1,
	});
	if (!state.id) return {};
	return {
		id,
		props: state.props,
		inputs: engineShape(runtimeType, checked.inputs),
	};
}
