import { createHash } from "node:crypto";
import type { ServiceRequest, ServiceResponse } from "../core/http";
import type { CloudOptions, CloudService } from "../core/service";
import { BucketStore } from "../core/store";
import { isValidBucketName, parseAddress } from "./addressing";
import { authenticate } from "./auth";
import type { OssContext } from "./context";
import { ossError, renderOssError } from "./errors";
import { Replication } from "./replicate";
import { route } from "./routes";
import { checkSecurityToken } from "./securityToken";

/** Headers every OSS response carries (reference §2.6; the request id is added by the core server). */
function withCommonHeaders(
	response: ServiceResponse,
	started: number,
): ServiceResponse {
	return {
		...response,
		headers: {
			server: "AliyunOSS",
			"x-oss-server-time": String(Date.now() - started),
			...response.headers,
		},
	};
}

/** OSS checks a sent Content-MD5 against the body: 400 InvalidDigest. */
function checkContentMd5(req: ServiceRequest): void {
	const sent = req.headers["content-md5"];
	if (sent === undefined) return;
	if (createHash("md5").update(req.body).digest("base64") !== sent)
		throw ossError("InvalidDigest");
}

/** The Alibaba Cloud OSS emulator: buckets, objects, versioning, tagging and replication rules. */
export function ossService(options: CloudOptions): CloudService {
	const store = new BucketStore("oss", options.dataDir);
	const ctx: OssContext = {
		store,
		options,
		replication: new Replication(store, options),
	};
	return {
		requestIdHeader: "x-oss-request-id",
		handle(req) {
			const started = Date.now();
			const address = parseAddress(req);
			const signer = authenticate(
				req,
				address,
				options.accounts,
				options.clockSkewMs,
			);
			checkSecurityToken(req, signer.account);
			if (address.bucket && !isValidBucketName(address.bucket))
				throw ossError("InvalidBucketName", {
					fields: { BucketName: address.bucket },
				});
			checkContentMd5(req);
			const response = route(ctx, { http: req, address, ...signer });
			return withCommonHeaders(response, started);
		},
		renderError: (error, req) =>
			withCommonHeaders(renderOssError(error, req), Date.now()),
		transientError: (kind) =>
			ossError(kind === "throttle" ? "ServiceUnavailable" : "InternalError"),
		bodyTooLarge: () => ossError("EntityTooLarge"),
		idle: () => ctx.replication.idle(),
		flush: () => ctx.replication.flush(),
		close() {
			ctx.replication.close();
			store.close();
		},
	};
}
