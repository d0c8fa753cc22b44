import { randomBytes } from "node:crypto";
import { ServiceError } from "../core/errors";
import type { ServiceRequest, ServiceResponse } from "../core/http";
import { toXml } from "../core/xml";

/**
 * The COS error codes this emulator answers, with their HTTP status and default message.
 * Sourced from the COS error code list, https://intl.cloud.tencent.com/document/api/436/7730
 * (reference §1.6); messages follow the service's wording where it is known.
 */
const errorTable = {
	AccessDenied: [403, "Access Denied."],
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
	// The COS list's 400 code for an expired temporary key's token (cos/securityToken.ts).
	ExpiredToken: [400, "The provided token has expired."],
	InternalError: [500, "We encountered an internal error. Please try again."],
	InvalidAccessKeyId: [
		403,
		"The Access Key Id you provided does not exist in our records.",
	],
	InvalidArgument: [400, "Invalid Argument."],
	InvalidBucketName: [400, "The specified bucket is not valid."],
	InvalidBucketState: [
		409,
		"The request is not valid with the current state of the bucket.",
	],
	InvalidDigest: [400, "The Content-MD5 you specified is not valid."],
	InvalidURI: [400, "Couldn't parse the specified URI."],
	MalformedXML: [
		400,
		"The XML you provided was not well-formed or did not validate against our published schema.",
	],
	MethodNotAllowed: [
		405,
		"The specified method is not allowed against this resource.",
	],
	MultiBucketNotSupport: [
		400,
		"Only one destination bucket can be configured for replication.",
	],
	NoSuchBucket: [404, "The specified bucket does not exist."],
	NoSuchKey: [404, "The specified key does not exist."],
	NoSuchTagSet: [404, "There is no tag set associated with the bucket."],
	NotImplemented: [
		501,
		"A header or parameter you provided implies functionality that is not implemented.",
	],
	NotSupportedStorageClass: [400, "The specified storage class is invalid."],
	// Two spellings exist: the intl GET Bucket replication doc says `…NotFoundError`; the Node SDK
	// only recognises `…notFoundError` (reference §1.5). The service chooses one (see index.ts).
	ReplicationConfigurationnotFoundError: [
		404,
		"The replication configuration was not found.",
	],
	ReplicationConfigurationNotFoundError: [
		404,
		"The replication configuration was not found.",
	],
	RequestTimeTooSkewed: [
		403,
		"The difference between the request time and the server's time is too large.",
	],
	ServiceUnavailable: [503, "Please reduce your request rate."],
	SignatureDoesNotMatch: [
		403,
		"The request signature we calculated does not match the signature you provided. Check your key and signing method.",
	],
	SlowDown: [503, "Please reduce your request rate."],
} as const satisfies Record<string, readonly [number, string]>;

export type CosErrorCode = keyof typeof errorTable;

/** A COS error with the status of the vendor's table; `message` overrides the default wording. */
export function cosError(code: CosErrorCode, message?: string): ServiceError {
	const [status, defaultMessage] = errorTable[code];
	return new ServiceError(status, code, message ?? defaultMessage);
}

/**
 * Renders `<Error>` as COS does (reference §1.6): Code, Message, Resource (bucket host + path),
 * RequestId, TraceId. HEAD responses carry no body, so the SDK reports only the status.
 */
export function renderError(
	error: ServiceError,
	req: ServiceRequest,
): ServiceResponse {
	const traceId = randomBytes(48).toString("base64");
	const headers = {
		"content-type": "application/xml",
		server: "tencent-cos",
		"x-cos-trace-id": traceId,
	};
	if (req.method === "HEAD") return { status: error.status, headers };
	const body = toXml({
		Error: {
			Code: error.code,
			Message: error.message,
			Resource: `${req.headers.host ?? ""}${req.rawPath}`,
			RequestId: req.requestId,
			TraceId: traceId,
		},
	});
	return { status: error.status, headers, body };
}
