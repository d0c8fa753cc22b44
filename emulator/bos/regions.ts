import { bosRegions } from "../../provider/bos/regions";
import { NoSuchHost } from "../core/errors";
import type { ServiceRequest } from "../core/http";

/**
 * The region a request names in its Host, `<region>.bcebos.com`, as the SDK sends it when its endpoint
 * is a BOS domain, and as the provider sends it to an IP endpoint (README.md "Regions").
 * An unknown region's domain does not exist: the client gets no answer, as a name that does not
 * resolve gets none. A Host that is an IP names no region: `undefined`.
 * The list is the provider's (provider/bos/regions.ts: sources and date).
 */
export function regionOfHost(req: ServiceRequest): string | undefined {
	// An IP endpoint, the usual set-up, is answered without the regular expressions (hot path).
	if (!req.headers.host?.includes(".bcebos.com")) return undefined;
	const host = req.headers.host.replace(/:\d+$/, "");
	const match = /^([a-z0-9-]+)\.bcebos\.com$/.exec(host);
	if (!match) return undefined;
	if (!bosRegions.includes(match[1])) throw new NoSuchHost(host);
	return match[1];
}
