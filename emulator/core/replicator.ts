/**
 * Runs replication work asynchronously, after a configurable delay, as the services do. Tests wait
 * for `idle()` instead of sleeping.
 */
export class Replicator {
	private readonly timers = new Set<NodeJS.Timeout>();
	private waiters: Array<() => void> = [];

	constructor(private readonly delayMs: number) {}

	/** Runs `task` after the replication delay. A task that throws is logged and dropped. */
	schedule(task: () => void, delayMs = this.delayMs): void {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			try {
				task();
			} catch (error) {
				console.error("[emulator] replication task failed:", error);
			}
			if (this.timers.size === 0) this.flushWaiters();
		}, delayMs);
		this.timers.add(timer);
	}

	get pending(): number {
		return this.timers.size;
	}

	/** Resolves when no replication work is pending. */
	idle(): Promise<void> {
		if (this.timers.size === 0) return Promise.resolve();
		return new Promise((resolve) => this.waiters.push(resolve));
	}

	close(): void {
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
		this.flushWaiters();
	}

	private flushWaiters(): void {
		const waiters = this.waiters;
		this.waiters = [];
		for (const w of waiters) w();
	}
}
