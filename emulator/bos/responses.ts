import type { ServiceResponse } from "../core/http";

/** A JSON answer as BOS sends it: `Content-Type: application/json; charset=utf-8`, `Server: BceBos`. */
export function jsonResponse(status: number, body: unknown): ServiceResponse {
	return jsonTextResponse(status, JSON.stringify(body));
}

/** `jsonResponse` with the body already rendered (GET replication's cached answer). */
export function jsonTextResponse(
	status: number,
	text: string,
): ServiceResponse {
	return {
		status,
		headers: {
			"content-type": "application/json; charset=utf-8",
			server: "BceBos",
		},
		body: text,
	};
}

/** An answer with no body (PUT bucket, PUT replication, DELETE ...). */
export function emptyResponse(status = 200): ServiceResponse {
	return { status, headers: { server: "BceBos" } };
}
