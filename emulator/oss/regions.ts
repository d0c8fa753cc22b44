/**
 * The OSS regions the emulator knows, as `oss-<region-id>`, and whether Replication Time Control
 * may be enabled there. The list is a subset of https://www.alibabacloud.com/help/en/oss/user-guide/regions-and-endpoints ;
 * the RTC subset follows https://www.alibabacloud.com/help/en/oss/user-guide/enable-rtc (mainland
 * China and Hong Kong). Every region pairs with every other for cross-region replication here.
 */
const regions: Record<string, { rtc: boolean }> = {
	"oss-cn-hangzhou": { rtc: true },
	"oss-cn-shanghai": { rtc: true },
	"oss-cn-beijing": { rtc: true },
	"oss-cn-shenzhen": { rtc: true },
	"oss-cn-qingdao": { rtc: true },
	"oss-cn-zhangjiakou": { rtc: true },
	"oss-cn-chengdu": { rtc: true },
	"oss-cn-hongkong": { rtc: true },
	"oss-ap-southeast-1": { rtc: false },
	"oss-ap-northeast-1": { rtc: false },
	"oss-us-west-1": { rtc: false },
	"oss-us-east-1": { rtc: false },
	"oss-eu-central-1": { rtc: false },
};

/** Where a bucket is created when neither the Host nor a V4 scope names a region. */
export const defaultRegion = "oss-cn-hangzhou";

export function isKnownRegion(location: string): boolean {
	return location in regions;
}

export function supportsRtc(location: string): boolean {
	return regions[location]?.rtc ?? false;
}

export function knownRegions(): string[] {
	return Object.keys(regions);
}
