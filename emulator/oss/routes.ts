import type { ServiceResponse } from "../core/http";
import {
	deleteBucket,
	getBucketInfo,
	getBucketLocation,
	getBucketVersioning,
	listBuckets,
	putBucket,
	putBucketVersioning,
} from "./buckets";
import type { OssContext, OssRequest } from "./context";
import { ossError } from "./errors";
import { listObjects } from "./listObjects";
import {
	deleteObject,
	deleteObjectTagging,
	getObject,
	getObjectTagging,
	headObject,
	putObject,
	putObjectTagging,
} from "./objects";
import {
	deleteBucketReplication,
	getBucketReplication,
	getBucketReplicationLocation,
	getBucketReplicationProgress,
	putBucketReplication,
	putBucketRtc,
} from "./replication";

type Handler = (ctx: OssContext, r: OssRequest) => ServiceResponse;
type Routes = Record<string, Partial<Record<string, Handler>>>;

/**
 * Query keys that name an OSS feature (sub-resource) rather than a parameter, from the V1 signing
 * list (reference §2.2) and the API index https://www.alibabacloud.com/help/en/oss/developer-reference/list-of-operations-by-function .
 * A feature the emulator does not implement answers 501 NotImplemented, never a fake success.
 */
const subResources = new Set(
	(
		"acl uploads location cors logging website referer lifecycle delete append tagging objectMeta uploadId img " +
		"style replication replicationProgress replicationLocation cname bucketInfo qos qosInfo live vod symlink " +
		"x-oss-process restore policy policyStatus stat encryption versions versioning requestPayment sequential " +
		"inventory asyncFetch worm wormId wormExtend transferAcceleration regionList cloudboxes metaQuery " +
		"resourceGroup rtc x-oss-async-process responseHeader accessmonitor publicAccessBlock httpsConfig " +
		"overwriteConfig redundancyTransition udf"
	).split(" "),
);

/** `POST /?replication` carries its operation in `comp` (reference §2.5). */
const replicationPost: Handler = (ctx, r) => {
	const comp = r.http.query.get("comp");
	if (comp === "add") return putBucketReplication(ctx, r);
	if (comp === "delete") return deleteBucketReplication(ctx, r);
	throw ossError("InvalidArgument", { message: "comp must be add or delete." });
};

const serviceRoutes: Routes = { "": { GET: listBuckets } };

const bucketRoutes: Routes = {
	"": { PUT: putBucket, GET: listObjects, DELETE: deleteBucket },
	bucketInfo: { GET: getBucketInfo },
	location: { GET: getBucketLocation },
	versioning: { GET: getBucketVersioning, PUT: putBucketVersioning },
	replication: { GET: getBucketReplication, POST: replicationPost },
	replicationProgress: { GET: getBucketReplicationProgress },
	replicationLocation: { GET: getBucketReplicationLocation },
	rtc: { PUT: putBucketRtc },
};

const objectRoutes: Routes = {
	"": {
		PUT: putObject,
		GET: getObject,
		HEAD: headObject,
		DELETE: deleteObject,
	},
	tagging: {
		GET: getObjectTagging,
		PUT: putObjectTagging,
		DELETE: deleteObjectTagging,
	},
};

/** Method + level (service, bucket, object) + sub-resource -> handler. Both `?x` and `?x=` work. */
export function route(ctx: OssContext, r: OssRequest): ServiceResponse {
	const { bucket, key } = r.address;
	const routes = !bucket ? serviceRoutes : key ? objectRoutes : bucketRoutes;
	let feature = "";
	for (const k of r.http.query.keys())
		if (subResources.has(k)) {
			feature = k;
			break;
		}
	const methods = routes[feature];
	if (!methods)
		throw ossError("NotImplemented", {
			message: `The sub-resource ?${feature} is not implemented by the emulator.`,
		});
	const handler = methods[r.http.method];
	if (!handler)
		throw ossError("MethodNotAllowed", { fields: { Method: r.http.method } });
	return handler(ctx, r);
}
