import type { Props } from "../core/types";

/**
 * COS regions (public and finance cloud), as written on 2026-11-30. The canonical list is "地域和访问域名"
 * (https://cloud.tencent.com/document/product/436/6224), which the reference corpus does not hold; the
 * ids below are the union of the Tencent Cloud region tables read that day:
 * https://www.tencentcloud.com/document/product/628/33133 (updated 2025-03-18),
 * https://cloud.tencent.com/document/product/576/18940 (with the -fsi finance regions) and
 * https://www.tencentcloud.com/ind/document/product/614/18940 (updated 2025-12-05, with ap-mumbai,
 * eu-moscow, na-toronto). Added on 2026-12-01: `ap-beijing-1` (北京一区), which takes no new buckets but
 * still serves old ones (`<bucket>.cos.ap-beijing-1.myqcloud.com`; Tencent's COS SDK guides build their
 * clients with `new Region("ap-beijing-1")` and cite 436/6224): without it a rule on such a bucket was
 * told "did you mean ap-beijing?", another region. A region missing here is allowed by the setting
 * `bucket-replication:extraRegions` (provider/core/regions.ts, docs/cos.md "Regions").
 */
export const cosRegions: readonly string[] = [
	"ap-beijing",
	"ap-beijing-1",
	"ap-nanjing",
	"ap-shanghai",
	"ap-guangzhou",
	"ap-chengdu",
	"ap-chongqing",
	"ap-hongkong",
	"ap-shenzhen-fsi",
	"ap-shanghai-fsi",
	"ap-beijing-fsi",
	"ap-singapore",
	"ap-jakarta",
	"ap-seoul",
	"ap-bangkok",
	"ap-tokyo",
	"ap-mumbai",
	"na-siliconvalley",
	"na-ashburn",
	"na-toronto",
	"sa-saopaulo",
	"eu-frankfurt",
	"eu-moscow",
];

/**
 * The inputs with spaces around each region removed (the bucket's, and each destination's), as OSS
 * and BOS do: a region pasted with a trailing space is the region, and one spelling of it stays in
 * the state. Only strings change; anything else is left for validation to name.
 */
export function withTrimmedRegions(news: Props): Props {
	const out: Props = { ...news, region: trimmed(news.region) };
	if (isObject(news.destination))
		out.destination = withTrimmedRegion(news.destination);
	if (Array.isArray(news.rules))
		out.rules = news.rules.map((r) =>
			isObject(r) && isObject(r.destination)
				? { ...r, destination: withTrimmedRegion(r.destination) }
				: r,
		);
	if (news.region === undefined) delete out.region;
	return out;
}

function withTrimmedRegion(destination: Props): Props {
	return "region" in destination
		? { ...destination, region: trimmed(destination.region) }
		: destination;
}

function trimmed(value: unknown): unknown {
	return typeof value === "string" ? value.trim() : value;
}

function isObject(value: unknown): value is Props {
	return typeof value === "object" && value !== null && !Array.isArray(value);
}
