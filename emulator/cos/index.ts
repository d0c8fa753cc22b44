import { createHash } from "node:crypto";
import { NoSuchHost } from "../core/errors";
import type { ServiceRequest, ServiceResponse } from "../core/http";
import { Replicator } from "../core/replicator";
import type { CloudOptions, CloudService } from "../core/service";
import { BucketStore } from "../core/store";
import { parseTarget } from "./addressing";
import { verifySignature } from "./auth";
import type { CosState, ReplicationNotFoundCode } from "./context";
import { cosError, renderError } from "./errors";
import { isKnownRegion } from "./regions";
import { resumePending } from "./replicate";
import { route } from "./routes";
import { checkSecurityToken } from "./securityToken";

export type { ReplicationNotFoundCode } from "./context";

export interface CosOptions {
	/**
	 * Code of GET Bucket replication's 404. The Node SDK only recognises the lower-case `n`
	 * (reference §1.5). @default "ReplicationConfigurationnotFoundError"
	 */
	replicationNotFoundCode?: ReplicationNotFoundCode;
}

/**
 * A `Content-MD5` that does not match the body -> 400 BadDigest (COS error list, reference §1.6),
 * except on PUT Bucket versioning, whose own error table names InvalidDigest for it
 * (https://cloud.tencent.com/document/product/436/19889).
 */
function checkContentMd5(req: ServiceRequest): void {
	const sent = req.headers["content-md5"];
	if (sent === undefined) return;
	if (sent !== createHash("md5").update(req.body).digest("base64"))
		throw cosError(req.query.has("versioning") ? "InvalidDigest" : "BadDigest");
}

/**
 * The Tencent Cloud COS emulator: virtual-hosted addressing from the Host header, q-sign-algorithm
 * signatures, buckets, versioning, objects, tags and bucket replication (see README.md).
 */
export function cosService(
	options: CloudOptions,
	cosOptions: CosOptions = {},
): CloudService {
	const state: CosState = {
		store: new BucketStore("cos", options.dataDir),
		replicator: new Replicator(options.replicationDelayMs),
		replicationNotFoundCode:
			cosOptions.replicationNotFoundCode ??
			"ReplicationConfigurationnotFoundError",
	};
	resumePending(state);
	return {
		requestIdHeader: "x-cos-request-id",
		handle(req): ServiceResponse {
			const target = parseTarget(req);
			// COS has no domain for an unknown region: the client never gets an answer.
			if (!isKnownRegion(target.region))
				throw new NoSuchHost(`${target.region}.myqcloud.com`);
			const account = verifySignature(
				req,
				`/${target.key}`,
				options.accounts,
				options.clockSkewMs,
			);
			checkSecurityToken(req, account);
			// The APPID in the bucket name is the owning account's: another account's key is denied.
			if (target.appId !== account.cos.appId) throw cosError("AccessDenied");
			checkContentMd5(req);
			const out = route(state, { req, target, account });
			const headers: Record<string, string> = {
				server: "tencent-cos",
				...out.headers,
			};
			if (!target.key) headers["x-cos-bucket-region"] = target.region;
			return { ...out, headers };
		},
		renderError,
		transientError: (kind) =>
			cosError(kind === "throttle" ? "SlowDown" : "InternalError"),
		bodyTooLarge: () => cosError("EntityTooLarge"),
		idle: () => state.replicator.idle(),
		flush: () => state.replicator.flush(),
		close() {
			state.replicator.close();
			state.store.close();
		},
	};
}
