/**
 * Per-key async mutex. One provider process serves every dynamic resource of a deployment
 * concurrently; read-modify-write of one bucket's configuration (COS) must not interleave.
 * It cannot protect against other processes or stacks.
 */
const tails = new Map<string, Promise<unknown>>();

export async function withLock<T>(
	key: string,
	fn: () => Promise<T>,
): Promise<T> {
	const previous = tails.get(key) ?? Promise.resolve();
	const run = previous.then(fn, fn);
	const tail = run.catch(() => undefined);
	tails.set(key, tail);
	try {
		return await run;
	} finally {
		if (tails.get(key) === tail) tails.delete(key);
	}
}
