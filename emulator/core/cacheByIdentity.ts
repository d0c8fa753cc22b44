/**
 * Remembers what `derive` made of a stored document, keyed by the document's identity (a
 * `WeakMap`, so a replaced document's entry goes with it). Sound for the documents of a
 * `BucketStore`: every change to a bucket is followed, in the same synchronous turn, by
 * `saveBucket`, which stores a copy (`store.ts`), so a document the store holds is never seen
 * changed. Issue 13 item 5: GET replication rendered the same XML on every request.
 */
export function cacheByIdentity<T extends object, R>(
	derive: (document: T) => R,
): (document: T) => R {
	const cache = new WeakMap<T, R>();
	return (document) => {
		let result = cache.get(document);
		if (result === undefined) {
			result = derive(document);
			cache.set(document, result);
		}
		return result;
	};
}
