import { describe, expect, it } from "vitest";
import { authenticate } from "../../emulator/bos/auth";
import { type Account, defaultAccount } from "../../emulator/core/accounts";
import type { ServiceRequest } from "../../emulator/core/http";
import { wireRequest } from "../support/wire";

/*
 * Requests exactly as other BOS clients put them on the wire (captured with a forwarding proxy), given
 * to the emulator's verifier at the time they were signed: no Python is needed to run these.
 * All of them sign with an empty `signedHeaders` (`.../1800//<signature>`), which the Node SDK never sends.
 */

const pythonAgent =
	"bce-sdk-python/0.9.79/3.11.7 (main, May  9 2026, 07:35:25) [GCC 12.2.0]/linux";
const pythonDate = "2026-12-01T10:11:11Z";
const pythonAuth = (signature: string) =>
	`bce-auth-v1/replication-emulator-ak/${pythonDate}/1800//${signature}`;

// The vendor's own example: https://intl.cloud.baidu.com/doc/Reference/s/Gjwvz1xez-en (keys from
// https://intl.cloud.baidu.com/doc/Reference/s/wjwvz1xt2-en: AK `a`*32, SK `b`*32).
const docAccount: Account = {
	...defaultAccount(),
	bos: { accessKey: "a".repeat(32), secretKey: "b".repeat(32) },
};
const docExample = () =>
	wireRequest(
		"PUT",
		"/v1/test/myfolder/readme.txt?partNumber=9&uploadId=a44cc9bab11cbd156984767aad637851",
		{
			authorization: `bce-auth-v1/${"a".repeat(32)}/2015-04-27T08:23:49Z/1800//d74a04362e6a848f5b39b15421cb449427f419c95a480fd6b8cf9fc783e2999e`,
			host: "bj.bcebos.com",
			date: "Mon, 27 Apr 2015 16:23:49 +0800",
			"content-type": "text/plain",
			"content-length": "8",
			"content-md5": "NFzcPqhviddjRNnSOGo4rw==",
			"x-bce-date": "2015-04-27T08:23:49Z",
		},
	);

// bce-python-sdk 0.9.79 against `BosClient(endpoint="http://127.0.0.1:41203")`.
const pythonCreateBucket = () =>
	wireRequest("PUT", "/py-src-2988ac", {
		"user-agent": pythonAgent,
		host: "127.0.0.1:41203",
		"content-length": "0",
		authorization: pythonAuth(
			"f25e6b9b82c81316b5750efd4918444ac1bf18984a643bcac61e743975908381",
		),
		"x-bce-date": pythonDate,
	});
const pythonRule =
	'{"id": "reports", "status": "enabled", "resource": ["py-src-2988ac/reports/*"], "notIncludeResource": ["py-src-2988ac/*.tmp"], "destination": {"bucket": "py-dst-2988ac", "prefix": "backup/"}, "replicateDeletes": "disabled"}';
const pythonPutReplication = () =>
	wireRequest(
		"PUT",
		"/py-src-2988ac?id=reports&replication=",
		{
			"content-type": "application/json; charset=utf-8",
			"user-agent": pythonAgent,
			host: "127.0.0.1:41203",
			"content-length": "223",
			authorization: pythonAuth(
				"16c9e88257b8649f9eaa161d765509c4cccde57f58da1f8de5908da19b03f0a8",
			),
			"x-bce-date": pythonDate,
		},
		pythonRule,
	);
const pythonPutObject = () =>
	wireRequest(
		"PUT",
		"/py-src-2988ac/reports/a%20b%2Bc%3Dd.txt",
		{
			"content-length": "1",
			"content-type": "application/octet-stream",
			"x-bce-content-crc32": "2363233923",
			"user-agent": pythonAgent,
			host: "127.0.0.1:41203",
			authorization: pythonAuth(
				"ecdf6020b12f22b4ebb2ca7d4626ae483dbd39e1b761a7f8f997b6e32c4bdbc9",
			),
			"x-bce-date": pythonDate,
		},
		"x",
	);

const signedAt = (request: ServiceRequest) =>
	Date.parse(String(request.headers.authorization).split("/")[2]);
const verify = (request: ServiceRequest, account = defaultAccount()) =>
	authenticate(request, [account], 15 * 60 * 1000, signedAt(request) + 1000);
const failure = (request: ServiceRequest, account?: Account) => {
	try {
		verify(request, account);
	} catch (error) {
		return (error as { code?: string }).code;
	}
	return "accepted";
};

describe("BOS emulator: an empty signedHeaders signs the default headers", () => {
	const accepted: Array<[string, () => ServiceRequest, Account?]> = [
		["the vendor's documented example", docExample, docAccount],
		["bce-python-sdk create_bucket", pythonCreateBucket],
		["bce-python-sdk put_bucket_replication", pythonPutReplication],
		[
			"bce-python-sdk put_object (escaped key, x-bce-content-crc32)",
			pythonPutObject,
		],
	];
	it.each(accepted)("accepts %s", (_, request, account) => {
		expect(failure(request(), account)).toBe("accepted");
	});

	// Each default header is signed: changing one on the way breaks the signature.
	const tampered: Array<[string, () => ServiceRequest, string, string]> = [
		["host", pythonPutReplication, "host", "127.0.0.1:41204"],
		["content-length", docExample, "content-length", "9"],
		["content-type", pythonPutReplication, "content-type", "text/plain"],
		["content-md5", docExample, "content-md5", "AAAAAAAAAAAAAAAAAAAAAA=="],
		["an x-bce-* header", pythonPutObject, "x-bce-content-crc32", "1"],
		["x-bce-date", pythonCreateBucket, "x-bce-date", "2026-12-01T10:11:12Z"],
	];
	it.each(tampered)("refuses a changed %s", (_, request, name, value) => {
		const changed = request();
		changed.headers[name] = value;
		const account = request === docExample ? docAccount : undefined;
		expect(failure(changed, account)).toBe("SignatureDoesNotMatch");
	});

	it("does not sign other headers (User-Agent, Date), nor a default header with an empty value (as the SDKs skip it)", () => {
		const changed = docExample();
		changed.headers.date = "Tue, 28 Apr 2015 16:23:49 +0800";
		changed.headers["user-agent"] = "another";
		expect(failure(changed, docAccount)).toBe("accepted");
		const added = pythonCreateBucket();
		added.headers["content-type"] = "";
		expect(failure(added)).toBe("accepted");
	});
});
