import type { ServiceResponse } from "../core/http";

/** A JSON answer as BOS sends it: `Content-Type: application/json; charset=utf-8`, `Server: BceBos`. */
export function jsonResponse(status: number, body: unknown): ServiceResponse {
	return {
		status,
		headers: {
			"content-type": "application/json; charset=utf-8",
			server: "BceBos",
		},
		body: JSON.stringify(body),
	};
}

/** An answer with no body (PUT bucket, PUT replication, DELETE ...). */
export function emptyResponse(status = 200): ServiceResponse {
	return { status, headers: { server: "BceBos" } };
}
