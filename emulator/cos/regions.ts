import { cosRegions } from "../../provider/cos/regions";

/**
 * The COS regions whose domains exist (`<bucket>.cos.<region>.myqcloud.com`): the provider's list
 * (provider/cos/regions.ts, sources and date there), one list for both. A request to any other
 * region's domain gets no answer, as a name that does not resolve gets none.
 */
const regions = new Set(cosRegions);

export function isKnownRegion(region: string): boolean {
	return regions.has(region);
}

export function knownRegions(): string[] {
	return [...regions];
}
