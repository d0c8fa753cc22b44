import type { IncomingHttpHeaders } from "node:http";
import { describe, expect, it } from "vitest";
import { defaultAccount } from "../../emulator/core/accounts";
import type { ServiceRequest } from "../../emulator/core/http";
import { parseAddress } from "../../emulator/oss/addressing";
import { authenticate } from "../../emulator/oss/auth";
import { wireRequest } from "../support/wire";

/*
 * Requests exactly as aliyun-oss-go-sdk v3.0.2 (`oss.New("http://127.0.0.1:41202", ak, sk,
 * oss.AuthVersion(oss.AuthV4), oss.Region("cn-hangzhou"))`) put them on the wire, captured with a
 * forwarding proxy and given to the emulator's verifier: no Go is needed to run these. V4 with a
 * `Date` header and no `x-oss-date`, the Date text signed as the StringToSign's timestamp.
 */

const goHeaders = (signature: string): IncomingHttpHeaders => ({
	host: "127.0.0.1:41202",
	"user-agent": "aliyun-sdk-go/v3.0.2 (linux/-/amd64;go1.26.8)",
	authorization: `OSS4-HMAC-SHA256 Credential=LTAIreplicationemulator/20261201/cn-hangzhou/oss/aliyun_v4_request,Signature=${signature}`,
	date: "Tue, 01 Dec 2026 10:28:35 GMT",
	"x-oss-content-sha256": "UNSIGNED-PAYLOAD",
	"accept-encoding": "gzip",
});
const goRule =
	'<?xml version="1.0" encoding="UTF-8"?><ReplicationConfiguration><Rule><ID>images</ID><PrefixSet><Prefix>images/</Prefix></PrefixSet><Action>PUT</Action><Destination><Bucket>go-v4-dst-c1d50e</Bucket><Location>oss-cn-shanghai</Location></Destination><HistoricalObjectReplication>enabled</HistoricalObjectReplication></Rule></ReplicationConfiguration>';
const goPutReplication = () =>
	wireRequest(
		"POST",
		"/go-v4-src-c1d50e/?comp=add&replication",
		{
			...goHeaders(
				"0ddc331a6ef634ad897216579d83c629fec4901e79e451543b3f60c6cac7d721",
			),
			"content-length": "348",
			"content-type": "text/xml; charset=utf-8",
		},
		goRule,
	);
const goProgress = () =>
	wireRequest(
		"GET",
		"/go-v4-src-c1d50e/?replicationProgress&rule-id=images",
		goHeaders(
			"91a1285008748e67231ebd6734e8a14ff554719504ea2024a0d1fc2e346f72b7",
		),
	);

/** The vendor code the verifier answers (the skew check is off: the requests were signed in the past). */
function outcome(request: ServiceRequest): string {
	try {
		authenticate(
			request,
			parseAddress(request),
			[defaultAccount()],
			Number.MAX_SAFE_INTEGER,
		);
		return "accepted";
	} catch (error) {
		return String((error as { code?: string }).code);
	}
}

describe("OSS emulator: V4 signed with a Date header and no x-oss-date", () => {
	it.each([
		["PutBucketReplication", goPutReplication],
		["GetBucketReplicationProgress (rule-id signed)", goProgress],
	])("accepts aliyun-oss-go-sdk v3 %s", (_, request) => {
		expect(outcome(request())).toBe("accepted");
	});

	const changed: Array<[string, IncomingHttpHeaders, string]> = [
		[
			"another Date (its text is signed)",
			{ date: "Tue, 01 Dec 2026 10:28:36 GMT" },
			"SignatureDoesNotMatch",
		],
		["no Date either", { date: undefined }, "AccessDenied"],
		[
			"a Date in ISO 8601 (Date must be GMT, EC 0002-00000502)",
			{ date: "20261201T102835Z" },
			"AccessDenied",
		],
		[
			"an x-oss-date in GMT (x-oss-date must be ISO 8601, EC 0002-00000502)",
			{ "x-oss-date": "Tue, 01 Dec 2026 10:28:35 GMT" },
			"AccessDenied",
		],
		[
			"a Date of another day than the credential scope's",
			{ date: "Wed, 02 Dec 2026 10:28:35 GMT" },
			"InvalidArgument",
		],
		[
			"an x-oss-date beside the Date (then it is the one signed)",
			{ "x-oss-date": "20261201T102835Z" },
			"SignatureDoesNotMatch",
		],
	];
	it.each(changed)("refuses the request with %s", (_, headers, code) => {
		const request = goPutReplication();
		Object.assign(request.headers, headers);
		if ("date" in headers && headers.date === undefined)
			delete request.headers.date;
		expect(outcome(request)).toBe(code);
	});
});
