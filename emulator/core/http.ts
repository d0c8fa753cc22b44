import {
	createServer,
	type IncomingHttpHeaders,
	type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { NoSuchHost, ServiceError } from "./errors";
import { FaultInjector, type FaultOptions } from "./faults";
import { httpDate, requestId } from "./ids";

/** One HTTP request, read whole, as every handler sees it. */
export interface ServiceRequest {
	method: string;
	/** Raw path as sent (still percent-encoded), without the query. */
	rawPath: string;
	/** Raw query string without `?`, as sent: signatures are computed over it. */
	rawQuery: string;
	query: URLSearchParams;
	/** Header names are lower case (Node's `IncomingMessage.headers`). */
	headers: IncomingHttpHeaders;
	body: Buffer;
	requestId: string;
}

export interface ServiceResponse {
	status: number;
	headers?: Record<string, string>;
	body?: string | Buffer;
}

/** What a cloud's emulator plugs into the shared HTTP server. */
export interface ServiceDefinition {
	/** Header that carries the request id (`x-cos-request-id`, `x-oss-request-id`, `x-bce-request-id`). */
	requestIdHeader: string;
	/** May answer synchronously: the request is then answered without a promise (hot path). */
	handle(req: ServiceRequest): ServiceResponse | Promise<ServiceResponse>;
	/** Renders an error in the vendor's body shape (XML or JSON) with its status. */
	renderError(error: ServiceError, req: ServiceRequest): ServiceResponse;
	/** The vendor's error for throttling or a transient 5xx, used by fault injection. */
	transientError(kind: "throttle" | "serverError"): ServiceError;
	/** The vendor's error for a body over `maxBodyBytes`. */
	bodyTooLarge(): ServiceError;
	/** @default 5 MiB */
	maxBodyBytes?: number;
}

export interface ListenOptions {
	/** @default "127.0.0.1" */
	host?: string;
	/** @default 0 (a free port) */
	port?: number;
	faults?: FaultOptions;
}

/** One answered request, kept so tests can count what a client sent (for example: no write on a no-op). */
export interface RequestRecord {
	method: string;
	rawPath: string;
	rawQuery: string;
	status: number;
	/** True when the request took effect and its answer was dropped (ambiguous fault). */
	answerLost?: boolean;
}

export interface RunningService {
	endpoint: string;
	port: number;
	/** Every answered request since start (at least the newest 10 000). */
	requests: RequestRecord[];
	close(): Promise<void>;
}

// Shared by the requests without a body (most): no empty buffer made per request.
const noBody = Buffer.alloc(0);

/** A request as the handlers see it; `query` is parsed on first use (BOS decodes its own). */
class IncomingRequest implements ServiceRequest {
	private parsedQuery?: URLSearchParams;
	constructor(
		public method: string,
		public rawPath: string,
		public rawQuery: string,
		public headers: IncomingHttpHeaders,
		public body: Buffer,
		public requestId: string,
	) {}

	get query(): URLSearchParams {
		this.parsedQuery ??= new URLSearchParams(this.rawQuery);
		return this.parsedQuery;
	}
}

/** Starts one emulated service on `node:http`. Any thrown error becomes a vendor-shaped response. */
export async function startService(
	def: ServiceDefinition,
	options: ListenOptions = {},
): Promise<RunningService> {
	const faults = new FaultInjector(options.faults);
	const limit = def.maxBodyBytes ?? 5 * 1024 * 1024;
	const requests: RequestRecord[] = [];

	const server = createServer((incoming, res) => {
		const id = requestId();
		const url = incoming.url ?? "/";
		const mark = url.indexOf("?");
		const rawPath = mark < 0 ? url : url.slice(0, mark);
		const rawQuery = mark < 0 ? "" : url.slice(mark + 1);
		const chunks: Buffer[] = [];
		let size = 0;
		let tooLarge = false;
		// Records the request and sends `out`; with `loseAnswer`, the request took effect and its answer
		// is lost as if the client's timeout had fired.
		const finish = (
			req: ServiceRequest,
			out: ServiceResponse,
			loseAnswer: boolean,
		) => {
			const record: RequestRecord = {
				method: req.method,
				rawPath,
				rawQuery,
				status: out.status,
			};
			if (loseAnswer) record.answerLost = true;
			requests.push(record);
			// Trimmed in batches: `shift()` on every request copies the whole list (issue 13).
			if (requests.length > 11_000)
				requests.splice(0, requests.length - 10_000);
			if (loseAnswer) incoming.socket.destroy();
			else send(res, out, def.requestIdHeader, id);
		};
		// The vendor's answer for a thrown error; undefined when the client gets none (unknown host).
		const failed = (
			req: ServiceRequest,
			error: unknown,
		): ServiceResponse | undefined => {
			if (error instanceof NoSuchHost) {
				incoming.socket.destroy();
				return undefined;
			}
			if (error instanceof ServiceError) return def.renderError(error, req);
			console.error(
				`[emulator] internal error on ${req.method} ${req.rawPath}:`,
				error,
			);
			return def.renderError(
				new ServiceError(
					500,
					"InternalError",
					"We encountered an internal error. Please try again.",
				),
				req,
			);
		};
		const respond = (req: ServiceRequest) => {
			let out: ServiceResponse | Promise<ServiceResponse> | undefined;
			let loseAnswer = false;
			try {
				const fault = faults.next();
				if (fault === "reset") {
					incoming.socket.destroy();
					return;
				}
				if (fault) throw def.transientError(fault);
				if (tooLarge) throw def.bodyTooLarge();
				loseAnswer = faults.loseAnswer();
				out = def.handle(req);
			} catch (error) {
				out = failed(req, error);
			}
			// A synchronous handler is answered in this turn, without a promise and its ticks (hot path,
			// issue 13 item 5).
			if (out instanceof Promise)
				out.then(
					(answer) => finish(req, answer, loseAnswer),
					(error) => {
						const answer = failed(req, error);
						if (answer) finish(req, answer, loseAnswer);
					},
				);
			else if (out) finish(req, out, loseAnswer);
		};
		const answer = () => {
			const req: ServiceRequest = new IncomingRequest(
				incoming.method ?? "GET",
				rawPath,
				rawQuery,
				incoming.headers,
				chunks.length === 0 ? noBody : Buffer.concat(chunks),
				id,
			);
			if (faults.latencyMs > 0)
				setTimeout(() => respond(req), faults.latencyMs);
			else respond(req);
		};
		// A request without Transfer-Encoding and with no or a zero Content-Length has no body (RFC 9112 §6.3): it is
		// answered at once, without reading the stream (Node drains it after the answer). Most requests
		// (GET, HEAD, DELETE) are such; this skips three listeners and a tick each (issue 13).
		const { headers } = incoming;
		const length = headers["content-length"];
		if (
			(length === undefined || length === "0") &&
			headers["transfer-encoding"] === undefined
		) {
			answer();
			return;
		}
		incoming.on("data", (chunk: Buffer) => {
			size += chunk.length;
			if (size > limit) tooLarge = true;
			else chunks.push(chunk);
		});
		incoming.on("error", () => res.destroy());
		incoming.on("end", answer);
	});
	server.keepAliveTimeout = 5_000;

	await new Promise<void>((resolve, reject) => {
		server.once("error", reject);
		server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve);
	});
	const { port } = server.address() as AddressInfo;
	const host = options.host ?? "127.0.0.1";
	let closed: Promise<void> | undefined;
	return {
		// An IPv6 address goes in brackets in a URL (RFC 3986 §3.2.2): `http://[::1]:8080`.
		endpoint: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
		port,
		requests,
		close() {
			closed ??= new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
			return closed;
		},
	};
}

function send(
	res: ServerResponse,
	out: ServiceResponse,
	requestIdHeader: string,
	id: string,
): void {
	if (res.destroyed) return;
	const body = out.body ?? "";
	const headers: Record<string, string> = {
		[requestIdHeader]: id,
		date: httpDate(),
		"content-length": String(Buffer.byteLength(body)),
	};
	// The handler's headers win (a HEAD answer gives the object's length).
	if (out.headers) Object.assign(headers, out.headers);
	res.writeHead(out.status, headers);
	res.end(body);
}
