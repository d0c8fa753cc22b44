/**
 * BOS regions, as in `<region>.bcebos.com`, as written on 2026-11-30 from "Region与Endpoint"
 * (https://cloud.baidu.com/doc/BOS/s/akrqd2wcx, updated 2025-12-08: bj, bd, su, gz, cd, yq, hkg, fwh)
 * and the SDK guides' endpoint tables (https://cloud.baidu.com/doc/BOS/s/Ojwvyrpgd: fsh, the Shanghai
 * finance zone). A region missing here is allowed by the setting `bucket-replication:extraRegions`
 * (provider/core/regions.ts, docs/bos.md "Regions").
 */
export const bosRegions: readonly string[] = [
	"bj",
	"bd",
	"su",
	"gz",
	"cd",
	"yq",
	"hkg",
	"fwh",
	"fsh",
];
