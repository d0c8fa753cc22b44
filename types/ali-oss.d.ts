/**
 * The part of ali-oss 6.x the provider uses (the package ships no types). `request` is the client's
 * own signed-request path (lib/client.js); the replication APIs have no wrapper methods.
 */
declare module "ali-oss" {
	// Explicit exports, so that other declaration files (types/ali-oss-tests.d.ts) can merge into
	// `OSS`; use the default import (`import OSS from "ali-oss"`): the package is `module.exports = Client`.
	export namespace OSS {
		interface Options {
			accessKeyId: string;
			accessKeySecret: string;
			stsToken?: string;
			/** `oss-<region>`; also the Host ali-oss sends when the endpoint is an IP. */
			region?: string;
			endpoint?: string;
			secure?: boolean;
			/** Milliseconds per request. */
			timeout?: number;
			refreshSTSTokenInterval?: number;
		}

		interface RequestParams {
			method: string;
			bucket: string;
			/** Object key; absent for bucket operations. */
			object?: string;
			/** Signed sub-resources (V1 signs every key given here). */
			subres?: string | Record<string, string>;
			/** Unsigned query parameters. */
			query?: Record<string, string>;
			/** `"xml"` sets `Content-Type: application/xml`. */
			mime?: string;
			content?: string;
			/** Without it ali-oss never rejects on an error status. */
			successStatuses?: number[];
			xmlResponse?: boolean;
			timeout?: number;
		}

		interface RequestResult {
			status: number;
			headers: Record<string, string | string[] | undefined>;
			data: unknown;
		}
	}

	export class OSS {
		constructor(options: OSS.Options);
		request(params: OSS.RequestParams): Promise<OSS.RequestResult>;
		/** xml2js with `explicitRoot: false, explicitArray: false`, as `xmlResponse` parses (lib/client.js). */
		parseXML(xml: string | Buffer): Promise<unknown>;
	}

	export default OSS;
}
