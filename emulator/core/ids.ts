import { randomBytes } from "node:crypto";

// A random prefix per process and a counter: unique per request like the services' ids (24 hex
// digits), without drawing random bytes on every request (emulator hot path, issue 13).
const idPrefix = randomBytes(4).toString("hex").toUpperCase();
let idCounter = 0;

/** A request id in the style of the services (hex, unique per request). */
export function requestId(): string {
	idCounter = (idCounter + 1) % 2 ** 52;
	return idPrefix + idCounter.toString(16).toUpperCase().padStart(16, "0");
}

let cachedSecond = -1;
let cachedDate = "";

/** HTTP date as the services send it in `Date` and `Last-Modified`. */
export function httpDate(date?: Date): string {
	if (date) return date.toUTCString();
	// The `Date` of every response: formatted once per second.
	const now = Date.now();
	const second = Math.floor(now / 1000);
	if (second !== cachedSecond) {
		cachedSecond = second;
		cachedDate = new Date(now).toUTCString();
	}
	return cachedDate;
}
