/**
 * COS: the bucket's whole replication document as one authoritative `cos.BucketReplication`.
 * COS keeps one document per bucket, and that resource owns it; the provider's `create` adopts an
 * identical document without writing.
 */
import { changedKeys } from "../provider/core/diff";
import type { Props } from "../provider/core/types";
import { BucketApi } from "../provider/cos/api";
import { comparableDocument } from "../provider/cos/normalize";
import {
	bucketReplication,
	configurationOf,
} from "../provider/cos/replication";
import type { Configuration } from "../provider/cos/schema";
import type { Found } from "./candidate";
import { ordered } from "./render";

/** Fields of a rule in the order `sdk/cos.ts` documents them. */
const ruleOrder = [
	"id",
	"status",
	"priority",
	"prefix",
	"filter",
	"destination",
	"deleteMarkerReplication",
	"sourceSelectionCriteria",
];

/** One GET Bucket replication. */
export async function discoverCos(
	bucket: string,
	region: string,
): Promise<Found> {
	const live = await new BucketApi(bucket, region).getReplication();
	return cosCandidates(bucket, region, live);
}

/** The declaration of `live` (what GET Bucket replication returned, normalized). */
export function cosCandidates(
	bucket: string,
	region: string,
	live: Configuration | undefined,
): Found {
	if (!live) return { candidates: [], notes: [] };
	return {
		candidates: [
			{
				resource: "BucketReplication",
				name: `${bucket}-replication`,
				args: {
					bucket,
					region,
					role: live.role,
					rules: live.rules.map((r) => ordered(r, ruleOrder)),
					adopt: true,
				},
				handler: bucketReplication,
				// Compared as the provider's create compares before it adopts (normalize.ts, comparableRule).
				differences: (inputs) =>
					changedKeys(
						comparableDocument(live) as unknown as Props,
						comparableDocument(configurationOf(inputs)) as unknown as Props,
					),
			},
		],
		notes: [],
	};
}
