import type { ServiceResponse } from "../core/http";
import * as buckets from "./buckets";
import type { CosCall, CosState, Handler } from "./context";
import { cosError } from "./errors";
import * as objects from "./objects";
import * as replication from "./replication";

/**
 * Query parameters that are arguments of an operation, not sub-resources. Anything else in the
 * query names a sub-resource (`?replication`, `?acl`, ...).
 */
const operationArguments = {
	bucket: new Set([
		"prefix",
		"delimiter",
		"marker",
		"max-keys",
		"encoding-type",
	]),
	object: new Set<string>(),
};

/**
 * A presigned URL's signature fields (`q-sign-algorithm`, ..., `q-signature`) and its
 * `x-cos-security-token`: authentication (auth.ts, securityToken.ts), not sub-resources.
 */
function isAuthentication(name: string): boolean {
	return name.startsWith("q-") || name === "x-cos-security-token";
}

/** `<scope> <METHOD> <sub-resource>` -> handler; the sub-resource is empty for plain operations. */
const routes: Record<string, Handler> = {
	"bucket PUT ": buckets.putBucket,
	"bucket HEAD ": buckets.headBucket,
	"bucket DELETE ": buckets.deleteBucket,
	"bucket GET ": buckets.getBucket,
	"bucket GET versioning": buckets.getBucketVersioning,
	"bucket PUT versioning": buckets.putBucketVersioning,
	"bucket PUT tagging": buckets.putBucketTagging,
	"bucket GET tagging": buckets.getBucketTagging,
	"bucket DELETE tagging": buckets.deleteBucketTagging,
	"bucket PUT replication": replication.putBucketReplication,
	"bucket GET replication": replication.getBucketReplication,
	"bucket DELETE replication": replication.deleteBucketReplication,
	"object PUT ": objects.putObject,
	"object GET ": objects.getObject,
	"object HEAD ": objects.headObject,
	"object DELETE ": objects.deleteObject,
	"object PUT tagging": objects.putObjectTagging,
	"object GET tagging": objects.getObjectTagging,
	"object DELETE tagging": objects.deleteObjectTagging,
};

const methods = ["GET", "PUT", "HEAD", "DELETE", "POST"];

/** `<scope> <sub-resource>` of every route above, whatever its method: the sub-resources emulated. */
const emulated = new Set(
	Object.keys(routes).map((key) => {
		const [scope, , sub] = key.split(" ");
		return `${scope} ${sub}`;
	}),
);

/**
 * Dispatches by scope, method and sub-resource. `?replication` and `?replication=` are the same
 * (the SDK sends the latter, reference §1.1). A sub-resource COS has but we do not emulate
 * answers 501 NotImplemented, never a fake success; a method the resource does not take, 405.
 */
export function route(state: CosState, call: CosCall): ServiceResponse {
	const scope = call.target.key ? "object" : "bucket";
	const method = call.req.method;
	// Built with a loop, not a Set and a filter per request (hot path, issue 13 item 5).
	const subResources: string[] = [];
	for (const name of call.req.query.keys())
		if (
			!operationArguments[scope].has(name) &&
			!isAuthentication(name) &&
			!subResources.includes(name)
		)
			subResources.push(name);
	const missing = subResources.find((sub) => !emulated.has(`${scope} ${sub}`));
	if (missing !== undefined && methods.includes(method))
		throw cosError(
			"NotImplemented",
			`The ${missing} parameter is not implemented by this emulator.`,
		);
	if (subResources.length > 1)
		throw cosError(
			"InvalidArgument",
			`Only one sub-resource per request: ${subResources.join(", ")}.`,
		);
	const handler = routes[`${scope} ${method} ${subResources[0] ?? ""}`];
	if (!handler) throw cosError("MethodNotAllowed");
	return handler(state, call);
}
