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
