/** Fault injection for tests: transient failures at a given rate, reproducible from a seed, plus latency. */
export interface FaultOptions {
	/** Fraction of requests (0..1) that fail with a transient error. @default 0 */
	rate?: number;
	/** Seed of the pseudo-random sequence, so a failing run can be replayed. @default 1 */
	seed?: number;
	/** Milliseconds added before every response. @default 0 */
	latencyMs?: number;
	/**
	 * Fraction of requests (0..1) that take effect and then lose their answer: the handler runs (the
	 * bucket or rule is written) and the connection is reset instead of answered. This is what a real
	 * cloud does when the client's timeout fires on a request it completed; a client that retries must
	 * then find its own write. Drawn after `rate`, from the same seeded sequence. @default 0
	 */
	ambiguousRate?: number;
}

export type FaultKind = "throttle" | "serverError" | "reset";

/** mulberry32: small, fast and good enough to spread faults; not for cryptography. */
function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export class FaultInjector {
	private readonly random: () => number;
	constructor(private readonly options: FaultOptions = {}) {
		this.random = mulberry32(options.seed ?? 1);
	}

	get latencyMs(): number {
		return this.options.latencyMs ?? 0;
	}

	/** Decides whether this request fails before it acts, and how. Draws twice per request so the sequence is stable. */
	next(): FaultKind | undefined {
		const hit = this.random() < (this.options.rate ?? 0);
		const pick = this.random();
		if (!hit) return undefined;
		return pick < 0.4 ? "throttle" : pick < 0.8 ? "serverError" : "reset";
	}

	/** Decides whether this request, having acted, loses its answer. Draws only when the mode is on. */
	loseAnswer(): boolean {
		const rate = this.options.ambiguousRate ?? 0;
		return rate > 0 && this.random() < rate;
	}
}
