/**
 * Checks `check` applies to every resource before its own: unknown arguments (issue 11), and failures
 * made printable. Kept out of the handlers so that every resource gets them the same way.
 */

import * as bos from "./bos/schema";
import { type ArgumentShape, unknownArguments } from "./core/arguments";
import { atTopLevel } from "./core/failures";
import type { CheckFailure, CheckResult, Props } from "./core/types";
import * as cos from "./cos/schema";
import * as oss from "./oss/schema";

/** Each resource type's arguments and the name users know it by, by `__resource`. */
const resources: Record<string, { name: string; shape: ArgumentShape }> = {
	CosBucket: { name: "cos.Bucket", shape: cos.bucketArguments },
	CosBucketReplication: {
		name: "cos.BucketReplication",
		shape: cos.bucketReplicationArguments,
	},
	CosBucketReplicationRule: {
		name: "cos.BucketReplicationRule",
		shape: cos.bucketReplicationRuleArguments,
	},
	OssBucket: { name: "oss.Bucket", shape: oss.bucketArguments },
	OssBucketReplicationRule: {
		name: "oss.BucketReplicationRule",
		shape: oss.ruleArguments,
	},
	BosBucket: { name: "bos.Bucket", shape: bos.bucketArguments },
	BosBucketReplicationRule: {
		name: "bos.BucketReplicationRule",
		shape: bos.ruleArguments,
	},
};

/**
 * The engine prints a failure as `property 'p' value {<the value of input p>} has a problem: ...`,
 * looking `p` up among the top-level inputs: a nested path (`destination.prefix`) prints as
 * `value {<nil>}`. So a failure names its top-level property, and its reason starts with the full
 * path. For a value longer than this, the failure names no property (the reason still names it), so
 * that one 1 MB argument does not print megabytes.
 */
export const maxPrintedValue = 1024;

export function printable(failure: CheckFailure, news: Props): CheckFailure {
	if (!failure.property) return failure;
	const { property, reason } = atTopLevel(failure);
	const size = JSON.stringify(news[property])?.length ?? 0;
	if (size <= maxPrintedValue) return { property, reason };
	return {
		property: "",
		reason: reason.startsWith(property) ? reason : `${property}: ${reason}`,
	};
}

/** The handler's result, with unknown-argument failures first and every failure printable. */
export function withArgumentChecks(
	news: Props,
	result: CheckResult,
): CheckResult {
	const type = news.__resource;
	const resource = typeof type === "string" ? resources[type] : undefined;
	const unknown = resource
		? unknownArguments(news, resource.shape, resource.name)
		: [];
	const failures = [...unknown, ...(result.failures ?? [])].map((f) =>
		printable(f, news),
	);
	return failures.length ? { ...result, failures } : result;
}
