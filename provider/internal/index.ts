import { randomUUID } from "node:crypto";
import { clean, planDiff } from "../core/diff";
import type { Props, ResourceHandler } from "../core/types";

/**
 * `Smoke`: a resource that talks to no cloud. It exists so that the foundation test can prove the
 * dynamic-resource pattern (stub, runtime, diff, read) through the real Pulumi CLI on its own.
 * It is not part of the public API (`pulumi-bucket-replication/testing`).
 */
const smoke: ResourceHandler = {
	async check(_olds, news) {
		if (typeof news.message !== "string" || news.message === "") {
			return {
				failures: [
					{ property: "message", reason: "message must be a non-empty string" },
				],
			};
		}
		return { inputs: { __resource: "Smoke", message: news.message } };
	},
	async diff(_id, olds, news) {
		return planDiff({
			applied: { message: olds.message },
			desired: { message: news.message },
		});
	},
	async create(inputs) {
		return { id: randomUUID(), outs: outputs(inputs) };
	},
	async read(id, props) {
		return {
			id,
			props,
			inputs: { __resource: "Smoke", message: props.message },
		};
	},
	async update(_id, _olds, news) {
		return { outs: outputs(news) };
	},
	async delete() {},
};

function outputs(inputs: Props): Props {
	return clean({
		__resource: "Smoke",
		schemaVersion: 1,
		message: inputs.message,
		length: String(inputs.message).length,
	});
}

export const handlers: Record<string, ResourceHandler> = { Smoke: smoke };
