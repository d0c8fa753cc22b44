/**
 * The COS regions whose domains exist (`<bucket>.cos.<region>.myqcloud.com`), the same list as
 * provider/cos/regions.ts (sources and date there; test/unit/regions.test.ts keeps the two equal). A
 * request to any other region's domain gets no answer, as a name that does not resolve gets none.
 */
const regions = new Set([
	"ap-beijing",
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
]);

export function isKnownRegion(region: string): boolean {
	return regions.has(region);
}

export function knownRegions(): string[] {
	return [...regions];
}
