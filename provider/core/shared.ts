/**
 * Concurrent identical reads share one request. `pulumi refresh` reads every resource at once, and the
 * rules of one bucket all read the same document (COS) or rule list (OSS): one GET answers them all.
 * Only reads in flight are shared, never a finished one, so an answer is never older than the oldest
 * read still running. Writes never go through here (they must read fresh, under the bucket lock).
 */
const inFlight = new Map<string, Promise<unknown>>();

export function sharedRead<T>(key: string, read: () => Promise<T>): Promise<T> {
	const running = inFlight.get(key);
	if (running) return running as Promise<T>;
	const started = read().finally(() => inFlight.delete(key));
	inFlight.set(key, started);
	return started;
}
