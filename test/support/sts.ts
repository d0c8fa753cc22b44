import { type Account, randomAccount } from "../../emulator/core/accounts";
import type { Props } from "../../provider/core/types";
import { role } from "./cos";

/** An emulator account whose keys on the three clouds are temporary (STS), each needing `token`. */
export function temporaryAccount(token: string): Account {
	const account = randomAccount("sts");
	account.cos.securityToken = token;
	account.oss.securityToken = token;
	account.bos.securityToken = token;
	return account;
}

/** A versioned source bucket and a destination, then a rule between them: every kind of call of a cloud. */
export interface StsResources {
	buckets: Props[];
	rule: Props;
}

/** The resources of each cloud for `account`, named from `prefix` (COS: with the account's APPID). */
export const stsResources: Record<
	"cos" | "oss" | "bos",
	(prefix: string, account: Account) => StsResources
> = {
	cos: (prefix, account) => {
		const [src, dst] = ["src", "dst"].map(
			(end) => `${prefix}-${end}-${account.cos.appId}`,
		);
		return {
			buckets: [
				{
					__resource: "CosBucket",
					bucket: src,
					region: "ap-guangzhou",
					versioning: "Enabled",
				},
				{
					__resource: "CosBucket",
					bucket: dst,
					region: "ap-beijing",
					versioning: "Enabled",
				},
			],
			rule: {
				__resource: "CosBucketReplicationRule",
				bucket: src,
				region: "ap-guangzhou",
				role,
				ruleId: "r1",
				prefix: "logs/",
				destination: { bucket: `qcs::cos:ap-beijing::${dst}` },
			},
		};
	},
	oss: (prefix) => ({
		buckets: [
			{
				__resource: "OssBucket",
				bucket: `${prefix}-src`,
				region: "oss-cn-hangzhou",
				versioning: "Enabled",
			},
			{
				__resource: "OssBucket",
				bucket: `${prefix}-dst`,
				region: "oss-cn-beijing",
				versioning: "Enabled",
			},
		],
		rule: {
			__resource: "OssBucketReplicationRule",
			bucket: `${prefix}-src`,
			region: "oss-cn-hangzhou",
			ruleId: "r1",
			prefixes: ["logs/"],
			destination: { bucket: `${prefix}-dst`, location: "oss-cn-beijing" },
		},
	}),
	bos: (prefix) => ({
		buckets: [
			{
				__resource: "BosBucket",
				bucket: `${prefix}-src`,
				region: "bj",
				versioning: "enabled",
			},
			{ __resource: "BosBucket", bucket: `${prefix}-dst`, region: "bj" },
		],
		rule: {
			__resource: "BosBucketReplicationRule",
			bucket: `${prefix}-src`,
			region: "bj",
			ruleId: "r1",
			resource: [`${prefix}-src/*`],
			destination: { bucket: `${prefix}-dst` },
		},
	}),
};
