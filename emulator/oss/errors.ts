import { ServiceError } from "../core/errors";
import type { ServiceRequest, ServiceResponse } from "../core/http";
import { toXml } from "../core/xml";

/**
 * The OSS error codes the emulator answers with: HTTP status, the service's message and, where a
 * document or a real response shows it, the `EC` sub-code.
 * Sources: https://www.alibabacloud.com/help/en/oss/user-guide/error-responses (reference §2.6),
 * PutBucketReplication error table (seed 002), DeleteBucket sample (409 BucketNotEmpty), the EC pages
 * https://www.alibabacloud.com/help/en/oss/support/0002-00000040 and friends.
 */
const table = {
	AccessDenied: [
		403,
		"You have no right to access this object because of bucket acl.",
	],
	BadReplicationLocation: [400, "The selected destination region is invalid."],
	BucketAlreadyExists: [
		409,
		"The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.",
	],
	BucketNotEmpty: [
		409,
		"The bucket has objects. Please delete them first.",
		"0015-00000301",
	],
	BucketReplicationAlreadyExist: [
		400,
		"The bucket replication already exists.",
		"0031-00000044",
	],
	BucketReplicationInClosingState: [
		400,
		"The bucket replication rule is in closing state.",
	],
	DuplicateReplicationRuleTaggings: [
		400,
		"The replication rule contains duplicate tags.",
	],
	DuplicateReplicationRuleTaggingKeys: [
		400,
		"The replication rule with FilterType AND contains duplicate tag keys.",
	],
	EntityTooLarge: [
		400,
		"Your proposed upload exceeds the maximum allowed size.",
	],
	InternalError: [500, "We encountered an internal error. Please try again."],
	InvalidAccessKeyId: [
		403,
		"The OSS Access Key Id you provided does not exist in our records.",
		"0002-00000902",
	],
	InvalidArgument: [400, "Invalid argument."],
	// STS tokens (oss/securityToken.ts): the code and message of help.aliyun.com/document_detail/42775.html,
	// the EC page 0002-00000006; the status is [INFERRED] 403, as every other credential refusal.
	InvalidSecurityToken: [
		403,
		"The security token you provided is invalid.",
		"0002-00000006",
	],
	InvalidBucketName: [400, "The specified bucket is not valid."],
	InvalidBucketState: [409, "The bucket state does not allow this operation."],
	InvalidDigest: [400, "The Content-MD5 you specified is not valid."],
	InvalidObjectName: [400, "The specified object is not valid."],
	InvalidTargetBucket: [400, "The target bucket is invalid."],
	InvalidTargetLocation: [
		400,
		"The target location does not match the region of the target bucket.",
	],
	MalformedXML: [
		400,
		"The XML you provided was not well-formed or did not validate against our published schema.",
	],
	MethodNotAllowed: [
		405,
		"The specified method is not allowed against this resource.",
	],
	MissingArgument: [400, "Missing argument."],
	NoSuchBucket: [404, "The specified bucket does not exist.", "0015-00000101"],
	NoSuchKey: [404, "The specified key does not exist.", "0026-00000001"],
	NoSuchReplicationConfiguration: [
		404,
		"The specified bucket does not have a replication configuration.",
	],
	NoSuchReplicationRule: [
		404,
		"The specified replication rule does not exist.",
	],
	NotImplemented: [
		501,
		"A header or sub-resource you provided implies functionality that is not implemented.",
	],
	ReplicationLocationNotSupportRtc: [
		400,
		"RTC cannot be enabled for this replication location.",
	],
	RequestTimeTooSkewed: [
		403,
		"The difference between the request time and the current time is too large.",
	],
	// An answer of the real service: 403, this message, EC 0002-00000007 (developer.aliyun.com/ask/553273).
	SecurityTokenExpired: [
		403,
		"The security token you provided has expired.",
		"0002-00000007",
	],
	ServiceUnavailable: [
		503,
		"Please reduce your request rate.",
		"0004-00000302",
	],
	SignatureDoesNotMatch: [
		403,
		"The request signature we calculated does not match the signature you provided. Check your key and signing method.",
		"0002-00000040",
	],
	TooManyIncomingReplication: [
		400,
		"The destination bucket has reached the limit of 100 replication rules.",
	],
	TooManyOutgoingReplication: [
		400,
		"The source bucket has reached the limit of 100 replication rules.",
	],
	TooManyReplicationRules: [
		400,
		"Only one replication rule can be given in one request.",
	],
	TooManyTaggings: [400, "A replication rule can filter on at most 10 tags."],
} as const satisfies Record<string, readonly [number, string, string?]>;

export type OssErrorCode = keyof typeof table;

export interface OssErrorOptions {
	/** Replaces the table's message when the service words this case differently. */
	message?: string;
	/** The EC sub-code when it differs from the code's usual one. */
	ec?: string;
	/** Extra elements of the body, in order (`BucketName`, `Key`, `StringToSign`, ...). */
	fields?: Record<string, string>;
}

/** A `ServiceError` with the status, message and EC of an OSS error code. */
export function ossError(
	code: OssErrorCode,
	options: OssErrorOptions = {},
): ServiceError {
	const [status, message, ec] = table[code] as readonly [
		number,
		string,
		string?,
	];
	const extra: Record<string, string> = { ...options.fields };
	const finalEc = options.ec ?? ec;
	if (finalEc) extra.EC = finalEc;
	return new ServiceError(status, code, options.message ?? message, extra);
}

/**
 * Renders an error as OSS does: `<Error>` with Code, Message, RequestId, HostId, the extra fields,
 * then EC and RecommendDoc. A HEAD response has no body, so the same XML travels base64 encoded in
 * `x-oss-err`, where ali-oss reads it (reference §2.1 "Errors").
 */
export function renderOssError(
	error: ServiceError,
	req: ServiceRequest,
): ServiceResponse {
	const { EC: ec, ...fields } = error.extra;
	const body = toXml({
		Error: {
			Code: error.code,
			Message: error.message,
			RequestId: req.requestId,
			HostId: hostId(req),
			...fields,
			...(ec
				? {
						EC: ec,
						RecommendDoc: `https://api.aliyun.com/troubleshoot?q=${ec}`,
					}
				: {}),
		},
	});
	const headers: Record<string, string> = { "content-type": "application/xml" };
	if (ec) headers["x-oss-ec"] = ec;
	if (req.method === "HEAD")
		headers["x-oss-err"] = Buffer.from(body).toString("base64");
	return { status: error.status, headers, body };
}

function hostId(req: ServiceRequest): string {
	return String(req.headers.host ?? "").replace(/:\d+$/, "");
}
