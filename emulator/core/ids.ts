import { randomBytes } from "node:crypto";

/** A request id in the style of the services (hex, unique per request). */
export function requestId(): string {
	return randomBytes(12).toString("hex").toUpperCase();
}

/** HTTP date as the services send it in `Date` and `Last-Modified`. */
export function httpDate(date = new Date()): string {
	return date.toUTCString();
}
