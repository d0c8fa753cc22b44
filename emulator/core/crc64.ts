/**
 * CRC-64 of ECMA-182 as COS computes `x-cos-hash-crc64ecma` (https://cloud.tencent.com/document/product/436/63878):
 * the reflected polynomial 0xC96C5795D7870F42, initial value and final XOR all ones (CRC-64/XZ, Go's
 * `crc64.Checksum(data, crc64.MakeTable(crc64.ECMA))`, which the COS SDKs compare with the header).
 * Returned as the unsigned decimal the header carries. Kept in two 32-bit halves: no BigInt per byte.
 */
const tableHigh = new Uint32Array(256);
const tableLow = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
	let high = 0;
	let low = n;
	for (let bit = 0; bit < 8; bit++) {
		const carry = low & 1;
		low = ((low >>> 1) | ((high & 1) << 31)) >>> 0;
		high >>>= 1;
		if (carry) {
			high = (high ^ 0xc96c5795) >>> 0;
			low = (low ^ 0xd7870f42) >>> 0;
		}
	}
	tableHigh[n] = high;
	tableLow[n] = low;
}

export function crc64ecma(data: Uint8Array): string {
	let high = 0xffffffff;
	let low = 0xffffffff;
	for (const byte of data) {
		const i = (low ^ byte) & 0xff;
		low = (((low >>> 8) | (high << 24)) ^ tableLow[i]) >>> 0;
		high = ((high >>> 8) ^ tableHigh[i]) >>> 0;
	}
	return (
		(BigInt((high ^ 0xffffffff) >>> 0) << 32n) |
		BigInt((low ^ 0xffffffff) >>> 0)
	).toString();
}
