/**
 * `DEBUG=*` (the `debug` package, which ali-oss and @baiducloud/sdk log through) made ali-oss print
 * each request's headers (`x-oss-security-token` and `authorization` in clear) and @baiducloud/sdk its
 * client config (`credentials: { ak, sk }`) on stderr, which the dynamic provider host and the plugin
 * pass on to the CLI's output (seen with `DEBUG='*' pulumi up`). Their namespaces are switched off;
 * every other namespace the user enabled stays on.
 */

interface Debug {
	enable(namespaces: string): void;
	enabled(name: string): boolean;
}

const silenced = new Set<string>();

/** Switches off `pattern` (e.g. `bce-sdk:*`) in the `debug` module that `sdkModule` loads, if enabled. */
export function silenceSdkDebug(
	sdkModule: string,
	pattern: string,
	probe: string,
): void {
	const wanted = process.env.DEBUG;
	if (!wanted || silenced.has(sdkModule)) return;
	silenced.add(sdkModule);
	let debug: Debug;
	try {
		// The SDK's own copy: ali-oss carries a `debug` of its own in its node_modules.
		debug = require(
			require.resolve("debug", { paths: [require.resolve(sdkModule)] }),
		) as Debug;
	} catch {
		return; // no `debug` module: nothing logs
	}
	if (debug.enabled(probe)) debug.enable(`${wanted},-${pattern}`);
}
