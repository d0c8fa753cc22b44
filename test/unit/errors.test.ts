import { describe, expect, it } from "vitest";
import { CloudApiError, NetworkError } from "../../provider/core/errors";

const context = { cloud: "oss" as const, bucket: "src-bucket", ruleId: "r1" };

/** Each row: HTTP status, the cloud's own fix (if any), and what the message must end with. */
const answered: Array<[string, number, string | undefined, string]> = [
	[
		"throttled (503): run again",
		503,
		undefined,
		"run the command again, or raise bucket-replication:maxRetries (BUCKET_REPLICATION_MAX_RETRIES)",
	],
	[
		"429: run again",
		429,
		undefined,
		"run the command again, or raise bucket-replication:maxRetries (BUCKET_REPLICATION_MAX_RETRIES)",
	],
	["a cloud's own fix wins", 500, "Check X", ". Check X"],
	[
		"a 4xx without a fix ends with the facts",
		400,
		undefined,
		"request id RID)",
	],
];

describe("error text", () => {
	it.each(answered)("%s", (_name, status, fix, end) => {
		const error = new CloudApiError(
			context,
			"PutBucketReplication",
			status,
			"Code",
			"RID",
			"message",
			fix,
		);
		expect(error.message).toMatch(
			/^OSS bucket "src-bucket" rule "r1": PutBucketReplication failed: message \(HTTP \d+, OSS code Code, request id RID\)/,
		);
		expect(error.message.endsWith(end)).toBe(true);
	});

	it("a network error keeps the first line of its cause, without ali-oss's agent state", () => {
		const cause =
			'ResponseError: socket hang up, PUT http://127.0.0.1:1/ -1 (connected: true, agent status: {"createSocketCount":4,"timeoutSocketCount":0})\nheaders: {}';
		const error = new NetworkError(context, "PutBucket", cause);
		expect(error.message).toBe(
			'OSS bucket "src-bucket" rule "r1": PutBucket failed: no answer from the service (ResponseError: socket hang up, PUT http://127.0.0.1:1/ -1). Check the endpoint setting (bucket-replication:ossEndpoint / ALICLOUD_OSS_ENDPOINT) and the network; the provider already retried',
		);
	});
});

describe("as Pulumi's dynamic provider host prints a failed check, diff, read or delete", () => {
	it("the line it prints is the error's name and message once, with no JavaScript stack trace", () => {
		const e = new CloudApiError(
			context,
			"GetBucketReplication",
			403,
			"AccessDenied",
			"RID",
			"denied",
		);
		// The host's line (@pulumi/pulumi cmd/dynamic-provider: console.error(`${e}: ${e.stack}`)).
		expect(`${e}: ${e.stack}`).toBe(`CloudApiError: ${e.message}`);
		expect(e.message).toBe(
			'OSS bucket "src-bucket" rule "r1": GetBucketReplication failed: denied (HTTP 403, OSS code AccessDenied, request id RID)',
		);
	});
});
