import { cacheByIdentity } from "../core/cacheByIdentity";
import { httpDate } from "../core/ids";
import type { StoredBucket } from "../core/store";
import {
	type CosCall,
	type CosState,
	type Handler,
	requireBucket,
} from "./context";
import { cosError } from "./errors";
import {
	parseDestination,
	parseReplicationXml,
	type ReplicationConfiguration,
	renderReplication,
} from "./replicationConfig";

/**
 * Every destination must exist in the region its resource names and belong to the caller, must
 * not be the source, and must have versioning Enabled. COS does not document the codes: a missing
 * destination is InvalidArgument 400, unversioned InvalidBucketState 409 ([INFERRED], README).
 */
function checkDestinations(
	state: CosState,
	call: CosCall,
	source: StoredBucket,
	config: Omit<ReplicationConfiguration, "creationTime">,
): void {
	for (const rule of config.rules) {
		const { region, bucket } = parseDestination(rule.destination.bucket);
		const destination = state.store.getBucket(bucket);
		if (!destination || destination.region !== region)
			throw cosError(
				"InvalidArgument",
				`The destination bucket ${rule.destination.bucket} does not exist.`,
			);
		if (destination.owner !== call.account.name) throw cosError("AccessDenied");
		if (destination.name === source.name)
			throw cosError(
				"InvalidArgument",
				"The destination must differ from the source bucket.",
			);
		if (destination.versioning !== "Enabled")
			throw cosError(
				"InvalidBucketState",
				`Versioning is not enabled on the destination bucket ${destination.name}.`,
			);
	}
}

/**
 * PUT Bucket replication — replaces the whole configuration ("该请求会替换现有配置"). The source
 * must have versioning Enabled, else 409 InvalidBucketState.
 * https://cloud.tencent.com/document/product/436/19223 (reference §1.5, seed 004)
 */
export const putBucketReplication: Handler = (state, call) => {
	const source = requireBucket(state, call);
	const parsed = parseReplicationXml(call.req.body);
	if (source.versioning !== "Enabled")
		throw cosError(
			"InvalidBucketState",
			"Versioning is not enabled on the current bucket, so replication cannot be configured.",
		);
	checkDestinations(state, call, source, parsed);
	const config: ReplicationConfiguration = {
		...parsed,
		creationTime: httpDate(),
	};
	source.config.replication = config;
	state.store.saveBucket(source);
	// Seed 004's sample response: "HTTP/1.1 200 OK, Content-Type: application/xml, Content-Length: 0".
	return { status: 200, headers: { "content-type": "application/xml" } };
};

// The XML answer of a stored configuration, rendered once per PUT: fast-xml-parser's builder took
// a tenth of the CPU of a GET in a V8 profile (issue 13 item 5, bench/README.md).
const renderStored = cacheByIdentity(renderReplication);

/**
 * GET Bucket replication — the stored configuration, with `x-cos-replication-rule-creation-time`
 * (intl doc; the newest zh doc lists only common headers: [CONFLICT], sent). 404 without one.
 * https://cloud.tencent.com/document/product/436/19222 (reference §1.5, seed 001)
 */
export const getBucketReplication: Handler = (state, call) => {
	const bucket = requireBucket(state, call);
	const config = bucket.config.replication as
		| ReplicationConfiguration
		| undefined;
	if (!config) throw cosError(state.replicationNotFoundCode);
	return {
		status: 200,
		headers: {
			"content-type": "application/xml",
			"x-cos-replication-rule-creation-time": config.creationTime,
		},
		body: renderStored(config),
	};
};

/**
 * DELETE Bucket replication — removes the whole configuration; 204, also when there was none
 * ([INFERRED], reference §1.5). Objects already copied stay in the destination.
 * https://intl.cloud.tencent.com/document/api/436/19221
 */
export const deleteBucketReplication: Handler = (state, call) => {
	const bucket = requireBucket(state, call);
	delete bucket.config.replication;
	state.store.saveBucket(bucket);
	return { status: 204 };
};
