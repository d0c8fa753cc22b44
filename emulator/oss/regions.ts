/**
 * The OSS regions the emulator knows, as `oss-<region-id>`, and whether Replication Time Control
 * may be enabled there. The list is provider/oss/regions.ts's (sources and date there; test/unit/regions.test.ts
 * keeps the two equal), from https://www.alibabacloud.com/help/en/oss/user-guide/regions-and-endpoints ;
 * the RTC subset follows https://www.alibabacloud.com/help/en/oss/user-guide/enable-rtc (mainland
 * China and Hong Kong). Every region pairs with every other for cross-region replication here.
 */
const regions: Record<string, { rtc: boolean }> = {
	"oss-cn-hangzhou": { rtc: true },
	"oss-cn-shanghai": { rtc: true },
	"oss-cn-qingdao": { rtc: true },
	"oss-cn-beijing": { rtc: true },
	"oss-cn-zhangjiakou": { rtc: true },
	"oss-cn-huhehaote": { rtc: true },
	"oss-cn-wulanchabu": { rtc: true },
	"oss-cn-shenzhen": { rtc: true },
	"oss-cn-heyuan": { rtc: true },
	"oss-cn-guangzhou": { rtc: true },
	"oss-cn-chengdu": { rtc: true },
	"oss-cn-wuhan-lr": { rtc: false },
	"oss-cn-hongkong": { rtc: true },
	"oss-us-west-1": { rtc: false },
	"oss-us-east-1": { rtc: false },
	"oss-na-south-1": { rtc: false },
	"oss-ap-northeast-1": { rtc: false },
	"oss-ap-northeast-2": { rtc: false },
	"oss-ap-southeast-1": { rtc: false },
	"oss-ap-southeast-3": { rtc: false },
	"oss-ap-southeast-5": { rtc: false },
	"oss-ap-southeast-6": { rtc: false },
	"oss-ap-southeast-7": { rtc: false },
	"oss-eu-central-1": { rtc: false },
	"oss-eu-west-1": { rtc: false },
	"oss-me-east-1": { rtc: false },
};

/** Where a bucket is created when neither the Host nor a V4 scope names a region. */
export const defaultRegion = "oss-cn-hangzhou";

export function isKnownRegion(location: string): boolean {
	return location in regions;
}

export function supportsRtc(location: string): boolean {
	return regions[location]?.rtc ?? false;
}

/**
 * "The tag-based filtering feature is not supported in the China (Zhangjiakou), China (Zhongwei), and
 * Mexico regions" (PutBucketReplication, seed 002, usage notes): Mexico is `oss-na-south-1`; Zhongwei
 * is not in the list above.
 */
export function supportsTagFilter(location: string): boolean {
	return location !== "oss-cn-zhangjiakou" && location !== "oss-na-south-1";
}

export function knownRegions(): string[] {
	return Object.keys(regions);
}
