// The demo's client side: writes objects into the source buckets with the official SDKs (pointed at the
// emulators) and checks what arrives in the destinations. Kept apart from demo.js so that the steps of
// the demo read in one screen.
const COS = require("cos-nodejs-sdk-v5");
const OSS = require("ali-oss");
const { BosClient } = require("@baiducloud/sdk");

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `exists` until it is true or `timeoutMs` passes. */
async function arrives(exists, timeoutMs = 10_000) {
	for (const end = Date.now() + timeoutMs; Date.now() < end; await sleep(100)) {
		if (await exists()) return true;
	}
	return false;
}

function cosClient(e) {
	const cos = new COS({
		SecretId: e.secretId,
		SecretKey: e.secretKey,
		Protocol: "http:",
		Ip: new URL(e.endpoint).host,
	});
	return {
		put: (bucket, region, key) =>
			cos.putObject({
				Bucket: bucket,
				Region: region,
				Key: key,
				Body: `demo ${key}`,
			}),
		exists: (bucket, region, key) =>
			cos.headObject({ Bucket: bucket, Region: region, Key: key }).then(
				() => true,
				() => false,
			),
	};
}

function ossClient(e) {
	const client = (bucket, region) =>
		new OSS({
			accessKeyId: e.accessKeyId,
			accessKeySecret: e.accessKeySecret,
			endpoint: e.endpoint,
			region,
			bucket,
		});
	return {
		put: (bucket, region, key) =>
			client(bucket, region).put(key, Buffer.from(`demo ${key}`)),
		exists: (bucket, region, key) =>
			client(bucket, region)
				.head(key)
				.then(
					() => true,
					() => false,
				),
	};
}

function bosClient(e) {
	const client = new BosClient({
		endpoint: e.endpoint,
		credentials: { ak: e.accessKey, sk: e.secretKey },
	});
	return {
		put: (bucket, key) =>
			client.putObjectFromString(bucket, key, `demo ${key}`),
		exists: (bucket, key) =>
			client.getObjectMetadata(bucket, key).then(
				() => true,
				() => false,
			),
	};
}

/**
 * Writes the demo objects and returns one line per check. `outputs` are the demo stack's outputs
 * (bucket names and regions); `idle` waits until the emulators have no replication work pending,
 * so "did not arrive" is a fact, not a timeout.
 */
async function exercise(endpoints, outputs, idle) {
	// Fresh keys every run, so a second run proves replication again instead of finding old replicas.
	const run = Date.now().toString(36);
	const results = [];
	const check = async (cloud, what, expected, exists) => {
		let ok;
		if (expected) ok = await arrives(exists);
		else {
			await idle();
			ok = !(await exists());
		}
		results.push({ cloud, what, ok });
	};

	const cos = cosClient(endpoints.cos);
	const c = outputs.cosBuckets;
	await cos.put(c.source, c.region, `logs/app-${run}.log`);
	await cos.put(c.source, c.region, `tmp/scratch-${run}.txt`);
	await check(
		"COS",
		`logs/app-${run}.log replicated to ${c.destination}`,
		true,
		() => cos.exists(c.destination, c.destinationRegion, `logs/app-${run}.log`),
	);
	await check(
		"COS",
		`tmp/scratch-${run}.txt not replicated (no rule covers tmp/)`,
		false,
		() =>
			cos.exists(c.destination, c.destinationRegion, `tmp/scratch-${run}.txt`),
	);

	const oss = ossClient(endpoints.oss);
	const o = outputs.ossBuckets;
	await oss.put(o.source, o.region, `images/cat-${run}.jpg`);
	await check(
		"OSS",
		`images/cat-${run}.jpg replicated to ${o.destination} (${o.destinationRegion})`,
		true,
		() =>
			oss.exists(o.destination, o.destinationRegion, `images/cat-${run}.jpg`),
	);

	const bos = bosClient(endpoints.bos);
	const b = outputs.bosBuckets;
	await bos.put(b.source, `reports/q3-${run}.csv`);
	await bos.put(b.source, `reports/draft-${run}.tmp`);
	await check(
		"BOS",
		`reports/q3-${run}.csv replicated to ${b.destination}/backup/reports/q3-${run}.csv`,
		true,
		() => bos.exists(b.destination, `backup/reports/q3-${run}.csv`),
	);
	await check(
		"BOS",
		`reports/draft-${run}.tmp excluded (*.tmp), not replicated`,
		false,
		() => bos.exists(b.destination, `backup/reports/draft-${run}.tmp`),
	);
	return results;
}

module.exports = { exercise };
