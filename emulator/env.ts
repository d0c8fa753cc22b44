import type { Endpoints } from "./index";

/**
 * The environment variables that point this package's provider at running emulators: endpoints and
 * the first account's keys, with their security tokens when they are temporary. Set them for `pulumi`:
 * the provider reads them at call time, and environment variables leave nothing in the stack's state.
 */
export function providerEnv(endpoints: Endpoints): Record<string, string> {
	return {
		TENCENTCLOUD_COS_ENDPOINT: endpoints.cos.endpoint,
		TENCENTCLOUD_SECRET_ID: endpoints.cos.secretId,
		TENCENTCLOUD_SECRET_KEY: endpoints.cos.secretKey,
		TENCENTCLOUD_APPID: endpoints.cos.appId,
		...(endpoints.cos.securityToken && {
			TENCENTCLOUD_SECURITY_TOKEN: endpoints.cos.securityToken,
		}),
		ALICLOUD_OSS_ENDPOINT: endpoints.oss.endpoint,
		ALICLOUD_ACCESS_KEY: endpoints.oss.accessKeyId,
		ALICLOUD_SECRET_KEY: endpoints.oss.accessKeySecret,
		...(endpoints.oss.securityToken && {
			ALICLOUD_SECURITY_TOKEN: endpoints.oss.securityToken,
		}),
		BAIDUCLOUD_BOS_ENDPOINT: endpoints.bos.endpoint,
		BAIDUCLOUD_ACCESS_KEY: endpoints.bos.accessKey,
		BAIDUCLOUD_SECRET_KEY: endpoints.bos.secretKey,
		...(endpoints.bos.securityToken && {
			BAIDUCLOUD_SECURITY_TOKEN: endpoints.bos.securityToken,
		}),
	};
}
