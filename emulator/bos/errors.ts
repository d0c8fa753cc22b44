import { ServiceError } from "../core/errors";
import type { ServiceRequest, ServiceResponse } from "../core/http";
import { jsonResponse } from "./responses";

/**
 * The BOS errors this emulator answers with: [status, message]. Messages are the vendor's where the
 * tables give one: BOS error codes https://cloud.baidu.com/doc/BOS/s/Ajwvysfpl and the Baidu common
 * codes https://cloud.baidu.com/doc/Reference/s/Bjz3uz3qj (reference §3.2, §3.6). Codes and statuses
 * marked [INFERRED] are choices written down in README.md.
 */
const table = {
	AccessDenied: [403, "Access denied."],
	BadDigest: [
		400,
		"The Content-MD5 you specified did not match what we received.",
	],
	BucketAlreadyExists: [
		409,
		"The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.",
	],
	BucketNotEmpty: [409, "The bucket you tried to delete is not empty."],
	EntityTooLarge: [
		400,
		"Your proposed upload exceeds the maximum allowed object size.",
	],
	// The BOS table's wording (no comma); the common table has "valid, but".
	InappropriateJSON: [
		400,
		"The JSON you provided was well-formed and valid but not appropriate for this operation.",
	],
	InternalError: [500, "We encountered an internal error. Please try again."],
	InvalidAccessKeyId: [
		403,
		"The Access Key ID you provided does not exist in our records.",
	],
	// [INFERRED] BOS bucket naming rules; the code is in the BOS error table.
	InvalidBucketName: [400, "The specified bucket is not valid."],
	InvalidHTTPAuthHeader: [
		400,
		"The HTTP authorization header is invalid. Consult the service documentation for details.",
	],
	// [INFERRED] the code for replication refusals the doc describes without naming a code.
	InvalidArgument: [400, "Invalid Argument."],
	InvalidURI: [400, "Could not parse the specified URI."],
	MalformedJSON: [400, "The JSON you provided was not well-formed."],
	NoReplicationConfiguration: [
		404,
		"The specified replication configuration does not exist.",
	],
	NoSuchBucket: [404, "The specified bucket does not exist."],
	NoSuchKey: [404, "The specified key does not exist."],
	NotImplemented: [
		501,
		"A header or parameter you provided implies functionality that is not implemented.",
	],
	// [INFERRED] status 409: terraform-provider-baiducloud only matches the code.
	ReplicationStatusNotEmpty: [
		409,
		"The bucket you tried to delete has replication rules.",
	],
	RequestExpired: [400, "Request has expired."],
	// The Node SDK retries once on exactly this 403 (bos_client.js `sendHTTPRequest`, reference §3.1).
	RequestTimeTooSkewed: [
		403,
		"The difference between the request time and the server's time is too large.",
	],
	// [INFERRED] status 400, as the Baidu common-code table gives it (reference §3.2).
	SignatureDoesNotMatch: [
		400,
		"The request signature we calculated does not match the signature you provided. Check your Secret Access Key and signing method.",
	],
	// [INFERRED] the throttling answer: Baidu's common "reduce your request rate" code.
	ServiceUnavailable: [503, "Please reduce your request rate."],
} as const;

export type BosErrorCode = keyof typeof table;

/** A BOS error with the table's status; `message` replaces the generic text when it says more. */
export function bosError(code: BosErrorCode, message?: string): ServiceError {
	const [status, generic] = table[code];
	return new ServiceError(status, code, message ?? generic);
}

/** `{"code","message","requestId"}` with the JSON content type the Node SDK needs to parse it (§3.6). */
export function renderError(
	error: ServiceError,
	req: ServiceRequest,
): ServiceResponse {
	// A HEAD answer has no body: the SDK then rejects with the bare status code.
	if (req.method === "HEAD") {
		return { status: error.status, headers: { server: "BceBos" } };
	}
	return jsonResponse(error.status, {
		code: error.code,
		message: error.message,
		requestId: req.requestId,
	});
}
