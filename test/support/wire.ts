import type { IncomingHttpHeaders } from "node:http";
import type { ServiceRequest } from "../../emulator/core/http";

/**
 * A request as a client put it on the wire (captured with a forwarding proxy), ready for an emulator's
 * verifier: the wire tests replay other languages' SDKs with no Python or Go installed.
 */
export function wireRequest(
	method: string,
	url: string,
	headers: IncomingHttpHeaders,
	body = "",
): ServiceRequest {
	const mark = url.indexOf("?");
	const rawQuery = mark < 0 ? "" : url.slice(mark + 1);
	return {
		method,
		rawPath: mark < 0 ? url : url.slice(0, mark),
		rawQuery,
		query: new URLSearchParams(rawQuery),
		headers,
		body: Buffer.from(body),
		requestId: "test",
	};
}
