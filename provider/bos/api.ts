/**
 * The BOS calls the resources need, one function per request (api-reference.md §3.3-§3.5).
 * Path style on an emulator, virtual-hosted on the real service; the SDK builds the URL.
 */
import type { BosClient, BosReplicationRule } from "@baiducloud/sdk";
import { type BosContext, bosClient, bosRequest, errorCode } from "./client";
import type { Versioning } from "./schema";

/** A client bound to one bucket, with the context every error message names. */
export interface Target {
	client: BosClient;
	context: BosContext;
}

export function target(
	region: string,
	bucket: string,
	ruleId?: string,
): Target {
	const context: BosContext = { cloud: "bos", bucket, ruleId };
	return { client: bosClient(context, region), context };
}

/** GetBucketReplicationProgress, with the time as epoch seconds ([CONFLICT] string or number, §3.5). */
export interface Progress {
	status: string;
	historyReplicationPercent: number;
	latestReplicationTime: number;
}

// "Not found" for a rule: NoReplicationConfiguration (terraform-provider-baiducloud error.go, §3.5);
// NoSuchReplication as captured from a server in api-reference.md Appendix C; and a bucket that is
// gone takes its rules with it.
const ruleGone = [
	"NoReplicationConfiguration",
	"NoSuchReplication",
	"NoSuchBucket",
];

async function orGone<T>(
	call: Promise<T>,
	gone: string[],
): Promise<T | undefined> {
	try {
		return await call;
	} catch (error) {
		const code = errorCode(error);
		if (code && gone.includes(code)) return undefined;
		throw error;
	}
}

/** ListBucketReplication: every rule of the bucket (`GET /<bucket>?replication&list`). */
export async function listRules(t: Target): Promise<BosReplicationRule[]> {
	const { body } = await bosRequest<{ rules?: BosReplicationRule[] }>(
		t.client,
		t.context,
		"ListBucketReplication",
		"GET",
		{ params: { replication: "", list: "" } },
	);
	return body.rules ?? [];
}

/** GetBucketReplication for one id; undefined when the rule (or its bucket) does not exist. */
export function getRule(
	t: Target,
	ruleId: string,
): Promise<BosReplicationRule | undefined> {
	return orGone(
		bosRequest<BosReplicationRule>(
			t.client,
			t.context,
			"GetBucketReplication",
			"GET",
			{
				params: { replication: "", id: ruleId },
			},
		).then((r) => r.body),
		ruleGone,
	);
}

/**
 * PutBucketReplication: creates or overwrites the rule `id` (an enabled rule restarts). BOS restarts
 * an enabled rule's replication each time it is written (seed 003), so after an attempt whose answer
 * was lost, a rule that BOS already holds as sent (`holds`) is not sent again.
 */
export async function putRule(
	t: Target,
	ruleId: string,
	body: object,
	holds: (rule: BosReplicationRule) => boolean,
): Promise<void> {
	await bosRequest(
		t.client,
		t.context,
		"PutBucketReplication",
		"PUT",
		{
			params: { replication: "", id: ruleId },
			body: JSON.stringify(body),
		},
		async () => {
			const rule = await getRule(t, ruleId);
			return rule !== undefined && holds(rule);
		},
	);
}

/** DeleteBucketReplication; false when there was nothing to delete. */
export async function deleteRule(t: Target, ruleId: string): Promise<boolean> {
	const done = await orGone(
		bosRequest(t.client, t.context, "DeleteBucketReplication", "DELETE", {
			params: { replication: "", id: ruleId },
		}),
		ruleGone,
	);
	return done !== undefined;
}

export async function getProgress(
	t: Target,
	ruleId: string,
): Promise<Progress | undefined> {
	const response = await orGone(
		bosRequest<{
			status?: string;
			historyReplicationPercent?: number | string;
			latestReplicationTime?: number | string;
		}>(t.client, t.context, "GetBucketReplicationProgress", "GET", {
			params: { replicationProgress: "", id: ruleId },
		}),
		ruleGone,
	);
	if (!response) return undefined;
	const { body } = response;
	return {
		status: String(body.status ?? ""),
		historyReplicationPercent: Number(body.historyReplicationPercent ?? 0),
		latestReplicationTime: Number(body.latestReplicationTime ?? 0),
	};
}

/** PutBucket, with the body the SDK's `createBucket` sends (api-reference.md §3.3). */
export async function createBucket(t: Target): Promise<void> {
	await bosRequest(t.client, t.context, "PutBucket", "PUT", {
		body: JSON.stringify({ enableMultiAZ: false }),
	});
}

/** GetBucketVersioning; undefined when the bucket does not exist. */
export async function getVersioning(
	t: Target,
): Promise<Versioning | undefined> {
	const response = await orGone(
		bosRequest<{ status?: Versioning }>(
			t.client,
			t.context,
			"GetBucketVersioning",
			"GET",
			{
				params: { versioning: "" },
			},
		),
		["NoSuchBucket"],
	);
	return response ? (response.body.status ?? "notEnabled") : undefined;
}

export async function putVersioning(
	t: Target,
	status: Versioning,
): Promise<void> {
	await bosRequest(t.client, t.context, "PutBucketVersioning", "PUT", {
		params: { versioning: "" },
		body: JSON.stringify({ status }),
	});
}

/** DeleteBucket; false when the bucket was already gone. */
export async function deleteBucket(t: Target): Promise<boolean> {
	const done = await orGone(
		bosRequest(t.client, t.context, "DeleteBucket", "DELETE", {}),
		["NoSuchBucket"],
	);
	return done !== undefined;
}
