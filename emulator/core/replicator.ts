/**
 * Runs replication work asynchronously, after a configurable delay, as the services do. Tests wait
 * for `idle()` instead of sleeping.
 */
export class Replicator {
	/** Pending work, in the order it was scheduled. */
	private readonly timers = new Map<NodeJS.Timeout, () => void>();
	private waiters: Array<() => void> = [];

	constructor(private readonly delayMs: number) {}

	/** Runs `task` after the replication delay. A task that throws is logged and dropped. */
	schedule(task: () => void, delayMs = this.delayMs): void {
		const timer = setTimeout(() => this.run(timer), delayMs);
		this.timers.set(timer, task);
	}

	private run(timer: NodeJS.Timeout): void {
		const task = this.timers.get(timer);
		if (!task) return;
		clearTimeout(timer);
		this.timers.delete(timer);
		try {
			task();
		} catch (error) {
			console.error("[emulator] replication task failed:", error);
		}
		if (this.timers.size === 0) this.flushWaiters();
	}

	/**
	 * Runs every pending task now, and the tasks those schedule, as if their delays had passed. Tests use
	 * long delays, so that a transitional state (OSS `starting`, `closing`) holds while they look at it,
	 * and call this to move on: no assertion races a timer on a busy machine.
	 */
	flush(): void {
		while (this.timers.size > 0) {
			const [timer] = this.timers.keys();
			this.run(timer);
		}
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
		for (const t of this.timers.keys()) clearTimeout(t);
		this.timers.clear();
		this.flushWaiters();
	}

	private flushWaiters(): void {
		const waiters = this.waiters;
		this.waiters = [];
		for (const w of waiters) w();
	}
}
