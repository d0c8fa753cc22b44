import type { ServiceRequest } from "../core/http";
import { Replicator } from "../core/replicator";
import type { CloudOptions, CloudService } from "../core/service";
import { BucketStore } from "../core/store";
import { authenticate } from "./auth";
import type { BosState } from "./context";
import { bosError, renderError } from "./errors";
import { regionOfHost } from "./regions";
import { Copier } from "./replicate";
import { route } from "./routes";
import { checkSecurityToken } from "./securityToken";

/**
 * The Baidu Cloud BOS emulator: path-style JSON API reached with `@baiducloud/sdk` `BosClient`
 * and an IP endpoint (reference §3). What is emulated and how it differs: README.md.
 */
export function bosService(options: CloudOptions): CloudService {
	const store = new BucketStore("bos", options.dataDir);
	const replicator = new Replicator(options.replicationDelayMs);
	const state: BosState = { store, copier: new Copier(store, replicator) };
	state.copier.resume();

	return {
		requestIdHeader: "x-bce-request-id",
		handle(req: ServiceRequest) {
			regionOfHost(req);
			const { account, query } = authenticate(
				req,
				options.accounts,
				options.clockSkewMs,
			);
			checkSecurityToken(req, query, account);
			return route({ state, req, account }, query);
		},
		renderError,
		transientError: (kind) =>
			kind === "throttle"
				? bosError("ServiceUnavailable")
				: bosError("InternalError"),
		bodyTooLarge: () => bosError("EntityTooLarge"),
		idle: () => replicator.idle(),
		flush: () => replicator.flush(),
		close() {
			replicator.close();
			store.close();
		},
	};
}
