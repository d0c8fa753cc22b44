/**
 * An error the emulated service answers with. Each cloud renders it in its own body shape
 * (XML `<Error>` for COS and OSS, JSON for BOS); `status` and `code` are the vendor's.
 */
export class ServiceError extends Error {
	override name = "ServiceError";
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		/** Extra vendor fields for the body (for example OSS `EC`, `BucketName`). */
		readonly extra: Record<string, string> = {},
	) {
		super(message);
	}
}

/**
 * Thrown by a service for a request to a host that does not exist, such as a COS domain of an
 * unknown region: the connection is closed with no HTTP answer, the nearest a local server gets to a
 * name that does not resolve.
 */
export class NoSuchHost extends Error {
	override name = "NoSuchHost";
}
