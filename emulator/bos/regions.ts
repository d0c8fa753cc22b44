import { bosRegions } from "../../provider/bos/regions";
import { NoSuchHost } from "../core/errors";
import type { ServiceRequest } from "../core/http";

/** What a BOS Host names: a region (`<region>.bcebos.com`), and a bucket when virtual-hosted. */
interface HostNames {
	region: string;
	bucket?: string;
}

/**
 * `<region>.bcebos.com`, as the SDK sends it when its endpoint is a BOS domain and as the provider
 * sends it to an IP endpoint (README.md "Regions"), or `<bucket>.<region>.bcebos.com`, the
 * virtual-hosted form of seed 003's request syntax ("Host: <BucketName>.bj.bcebos.com").
 * An unknown region's domain does not exist: the client gets no answer, as a name that does not
 * resolve gets none. A Host that is an IP names nothing: `undefined`.
 * The list is the provider's (provider/bos/regions.ts: sources and date).
 */
function namesOfHost(req: ServiceRequest): HostNames | undefined {
	// An IP endpoint, the usual set-up, is answered without the regular expressions (hot path).
	if (!req.headers.host?.includes(".bcebos.com")) return undefined;
	const host = req.headers.host.replace(/:\d+$/, "");
	const match = /^(?:([a-z0-9-]+)\.)?([a-z0-9-]+)\.bcebos\.com$/.exec(host);
	if (!match) return undefined;
	if (!bosRegions.includes(match[2])) throw new NoSuchHost(host);
	return { region: match[2], bucket: match[1] };
}

/** The region a request's Host names, `undefined` for an IP. */
export function regionOfHost(req: ServiceRequest): string | undefined {
	return namesOfHost(req)?.region;
}

/** The bucket a virtual-hosted request names in its Host (`<bucket>.<region>.bcebos.com`). */
export function bucketOfHost(req: ServiceRequest): string | undefined {
	return namesOfHost(req)?.bucket;
}
