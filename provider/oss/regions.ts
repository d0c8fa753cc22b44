/**
 * OSS regions, as OSS region ids (`oss-<region-id>`), as written on 2026-11-30 from "Regions and
 * endpoints" (https://www.alibabacloud.com/help/en/oss/user-guide/regions-and-endpoints, updated
 * 2025-03-19; the help.aliyun.com copy of 2026) and "Regions of gateway endpoints supported by OSS"
 * (https://www.alibabacloud.com/help/en/oss/oss-supported-gateway-endpoint-regions, 2024-11-14).
 * Regions marked there as closing down (cn-nanjing, cn-fuzhou) and decommissioned ones (ap-southeast-2,
 * ap-south-1) are left out: a new bucket or rule cannot be created there. Added on 2026-12-01, missing
 * from the 2025-03-19 copy: `oss-cn-wuhan-lr`, China (Wuhan - Local Region), an Alibaba Cloud region
 * (https://help.aliyun.com/zh/ros/developer-reference/api-ros-2019-09-10-endpoint: 华中1(武汉-本地地域))
 * with OSS buckets in use at `<bucket>.oss-cn-wuhan-lr.aliyuncs.com`; and `oss-na-south-1`, Mexico,
 * which PutBucketReplication itself names (seed 002: no tag filtering there), public endpoint
 * `oss-na-south-1.aliyuncs.com`. The page's excerpt read here ends before them: check both there.
 * A region missing here is allowed by the setting `bucket-replication:extraRegions`
 * (provider/core/regions.ts, docs/oss.md "Regions").
 */
export const ossRegions: readonly string[] = [
	"oss-cn-hangzhou",
	"oss-cn-shanghai",
	"oss-cn-qingdao",
	"oss-cn-beijing",
	"oss-cn-zhangjiakou",
	"oss-cn-huhehaote",
	"oss-cn-wulanchabu",
	"oss-cn-shenzhen",
	"oss-cn-heyuan",
	"oss-cn-guangzhou",
	"oss-cn-chengdu",
	"oss-cn-wuhan-lr",
	"oss-cn-hongkong",
	"oss-us-west-1",
	"oss-us-east-1",
	"oss-na-south-1",
	"oss-ap-northeast-1",
	"oss-ap-northeast-2",
	"oss-ap-southeast-1",
	"oss-ap-southeast-3",
	"oss-ap-southeast-5",
	"oss-ap-southeast-6",
	"oss-ap-southeast-7",
	"oss-eu-central-1",
	"oss-eu-west-1",
	"oss-me-east-1",
];
