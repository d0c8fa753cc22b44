/**
 * docs/reference.md as a user reads it: every resource declared with only its required arguments, one
 * `up` through the real CLI, then every literal `@default` of the schema (generated from the same TSDoc
 * as the reference) is in the state, the emulators stored the same thing (read through the official
 * SDKs), and every documented output is there with its shape after create and after `refresh`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BosClient } from "@baiducloud/sdk";
import OSS from "ali-oss";
import COS from "cos-nodejs-sdk-v5";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	providerEnv,
	type RunningEmulators,
	startEmulators,
} from "../../emulator";
import type { OssClient } from "../emulator/oss-helpers";
import { root, TestProject } from "../support/pulumi";

interface SchemaProperty {
	default?: unknown;
}
const schema = JSON.parse(
	readFileSync(join(root, "plugin/schema.json"), "utf8"),
) as {
	resources: Record<
		string,
		{
			properties: Record<string, SchemaProperty>;
			inputProperties: Record<string, SchemaProperty>;
		}
	>;
};

/** The outputs each resource class declares (the schema's properties), by resource name in the program. */
const declared = Object.fromEntries(
	Object.entries({
		a: "cos:Bucket",
		doc: "cos:BucketReplication",
		rule: "cos:BucketReplicationRule",
		oa: "oss:Bucket",
		or: "oss:BucketReplicationRule",
		ba: "bos:Bucket",
		br: "bos:BucketReplicationRule",
	}).map(([name, token]) => [
		name,
		Object.keys(schema.resources[`bucket-replication:${token}`].properties),
	]),
);

const role = "qcs::cam::uin/100000000001:uin/100000000001";
const program = `
import * as pulumi from "@pulumi/pulumi";
import { bos, cos, oss } from "pulumi-bucket-replication";
const a = new cos.Bucket("a", { bucket: "refd-a-1250000000", region: "ap-guangzhou" });
const b = new cos.Bucket("b", { bucket: "refd-b-1250000000", region: "ap-beijing" });
const c = new cos.Bucket("c", { bucket: "refd-c-1250000000", region: "ap-shanghai" });
const doc = new cos.BucketReplication("doc", { bucket: a.bucket, region: a.region, role: "${role}",
	rules: [{ id: "r1", destination: { bucket: b.bucket, region: b.region } }] });
const rule = new cos.BucketReplicationRule("rule", { bucket: c.bucket, region: c.region, role: "${role}",
	ruleId: "r1", destination: { bucket: b.bucket, region: b.region } });
const oa = new oss.Bucket("oa", { bucket: "refd-oa", region: "cn-hangzhou" });
const ob = new oss.Bucket("ob", { bucket: "refd-ob", region: "cn-shanghai" });
const or = new oss.BucketReplicationRule("or", { bucket: oa.bucket, region: oa.region,
	destination: { bucket: ob.bucket, location: ob.region } });
const ba = new bos.Bucket("ba", { bucket: "refd-ba", region: "bj" });
const bb = new bos.Bucket("bb", { bucket: "refd-bb", region: "gz" });
const br = new bos.BucketReplicationRule("br", { bucket: ba.bucket, region: ba.region, ruleId: "r1",
	destination: { bucket: bb.bucket } });
// Every declared output is an Output in the program, given or not (an unset one must not be undefined).
const declared: Record<string, string[]> = ${JSON.stringify(declared)};
const resources: Record<string, object> = { a, doc, rule, oa, or, ba, br };
export const notOutputs = Object.fromEntries(Object.entries(resources).map(([name, r]) =>
	[name, declared[name].filter((k) => !pulumi.Output.isInstance((r as Record<string, unknown>)[k]))]));
`;

/** `bucket-replication:oss:BucketReplicationRule` → `OssBucketReplicationRule`, the dynamic type's tail. */
const dynamicName = (token: string) => {
	const [, cloud, name] = token.split(":");
	return `${cloud[0].toUpperCase()}${cloud.slice(1)}${name}`;
};

type Outputs = Record<string, unknown>;

describe("docs/reference.md defaults and outputs, through the real CLI", () => {
	let emulators: RunningEmulators;
	let project: TestProject;
	/** Resource outputs by resource name, from `pulumi stack export`. */
	let outputs: Record<string, Outputs & { type: string }>;

	async function readState() {
		const state = await project.exportState();
		outputs = {};
		for (const r of state.deployment.resources ?? []) {
			const urn = String(r.urn);
			if (!String(r.type).startsWith("pulumi-nodejs:dynamic/")) continue;
			outputs[urn.slice(urn.lastIndexOf("::") + 2)] = {
				...(r.outputs as Outputs),
				type: String(r.type),
			};
		}
	}

	beforeAll(async () => {
		emulators = await startEmulators({ replicationDelayMs: 5 });
		project = await TestProject.create("reference-defaults", program, {
			...providerEnv(emulators.endpoints()),
			BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "10",
		});
		await project.up();
		await readState();
	}, 300_000);
	afterAll(async () => {
		await project?.remove();
		await emulators?.close();
	}, 300_000);

	it("stores every literal @default of every resource when the argument is left out", () => {
		let checked = 0;
		for (const [token, resource] of Object.entries(schema.resources)) {
			const declared = Object.values(outputs).filter((o) =>
				o.type.endsWith(`:${dynamicName(token)}`),
			);
			expect(declared.length, token).toBeGreaterThan(0);
			for (const [name, property] of Object.entries(resource.inputProperties)) {
				if (property.default === undefined) continue;
				for (const o of declared) {
					expect(o[name], `${token} ${name}`).toEqual(property.default);
					checked++;
				}
			}
		}
		expect(checked).toBeGreaterThanOrEqual(15);
	});

	it("declares every documented output as an Output, also when its argument is left out", async () => {
		const { stdout } = await project.mustRun([
			"stack",
			"output",
			"notOutputs",
			"--json",
		]);
		expect(JSON.parse(stdout)).toEqual(
			Object.fromEntries(Object.keys(declared).map((name) => [name, []])),
		);
	});

	it("fills the defaults the reference states in words", () => {
		// COS rule: status Enabled, prefix "" (every object), delete markers Enabled (no tags).
		const cosRule = {
			status: "Enabled",
			prefix: "",
			deleteMarkerReplication: { status: "Enabled" },
		};
		expect(outputs.doc.rules).toEqual({
			r1: {
				...cosRule,
				destination: { bucket: "refd-b-1250000000", region: "ap-beijing" },
			},
		});
		expect(outputs.rule).toMatchObject({ ...cosRule, adopt: false });
		// OSS: the id derived from the destination, every object, the internal link, never versioned.
		expect(outputs.or).toMatchObject({
			ruleId: "to-refd-ob-oss-cn-shanghai",
			prefixes: [],
			destination: { transferType: "internal" },
		});
		expect(outputs.or.syncRole).toBeUndefined();
		expect(outputs.or.userTaggings).toBeUndefined();
		expect(outputs.oa.versioning).toBeUndefined();
		// BOS: the whole bucket, nothing excluded, only new writes, keys unchanged.
		expect(outputs.br).toMatchObject({
			resource: ["refd-ba/*"],
			notIncludeResource: [],
			destination: { bucket: "refd-bb" },
		});
		expect(outputs.br.replicateHistory).toBeUndefined();
	});

	it("stored the same defaults on the emulators (read through the official SDKs)", async () => {
		const { cos: cosAt, oss: ossAt, bos: bosAt } = emulators.endpoints();
		const cos = new COS({
			SecretId: cosAt.secretId,
			SecretKey: cosAt.secretKey,
			Protocol: "http:",
			Ip: new URL(cosAt.endpoint).host,
		});
		const versioning = await cos.getBucketVersioning({
			Bucket: "refd-a-1250000000",
			Region: "ap-guangzhou",
		});
		expect(versioning.VersioningConfiguration.Status).toBe("Enabled");
		const replication = await cos.getBucketReplication({
			Bucket: "refd-a-1250000000",
			Region: "ap-guangzhou",
		});
		expect(replication.ReplicationConfiguration.Rules).toEqual([
			expect.objectContaining({
				ID: "r1",
				Status: "Enabled",
				Prefix: "",
				DeleteMarkerReplication: { Status: "Enabled" },
			}),
		]);

		const oss = new OSS({
			accessKeyId: ossAt.accessKeyId,
			accessKeySecret: ossAt.accessKeySecret,
			region: "oss-cn-hangzhou",
			endpoint: ossAt.endpoint,
		}) as unknown as OssClient;
		const ossVersioning = await oss.getBucketVersioning("refd-oa");
		expect(ossVersioning.versionStatus ?? "").toBe("");
		// ali-oss has no replication method: its own signed request, as the provider sends it.
		const rules = (await oss.request({
			method: "GET",
			bucket: "refd-oa",
			subres: "replication",
			successStatuses: [200],
		} as OSS.RequestParams)) as unknown as { res: { data: Buffer } };
		const xml = String(rules.res.data);
		expect(xml).toContain("<ID>to-refd-ob-oss-cn-shanghai</ID>");
		expect(xml).toContain("<Action>ALL</Action>");
		expect(xml).toContain(
			"<HistoricalObjectReplication>enabled</HistoricalObjectReplication>",
		);
		expect(xml).not.toContain("<PrefixSet>");

		const bos = new BosClient({
			endpoint: bosAt.endpoint,
			credentials: { ak: bosAt.accessKey, sk: bosAt.secretKey },
		});
		const bosVersioning = await bos.getBucketVersioning("refd-ba");
		expect(bosVersioning.body).toMatchObject({ status: "notEnabled" });
		const { body } = await bos.listBucketReplication("refd-ba");
		expect(body.rules).toEqual([
			expect.objectContaining({
				id: "r1",
				status: "enabled",
				resource: ["refd-ba/*"],
				replicateDeletes: "disabled",
			}),
		]);
		expect(body.rules[0].replicateHistory).toBeUndefined();
	});

	it("has every documented output, with its shape, after create and after refresh", async () => {
		const check = (afterRefresh: boolean) => {
			for (const name of ["a", "b", "c"])
				expect(outputs[name].appId, name).toBe("1250000000");
			// OSS: `starting` until OSS makes it effective, which a refresh reads back.
			if (afterRefresh) {
				expect(outputs.or.status).toBe("doing");
				const progress = outputs.or.progress as Record<string, unknown>;
				expect(progress.historicalObjectPercent).toBeGreaterThanOrEqual(0);
				expect(progress.historicalObjectPercent).toBeLessThanOrEqual(100);
				expect(new Date(String(progress.newObject)).toISOString()).toBe(
					progress.newObject,
				);
			} else {
				expect(["starting", "doing"]).toContain(outputs.or.status);
			}
			expect(outputs.br).toMatchObject({
				replicationRestarts: 0,
				destRegion: expect.any(String),
				progress: {
					status: "enabled",
					historyReplicationPercent: 0,
					latestReplicationTime: expect.any(Number),
				},
			});
			expect(Number.isInteger(outputs.br.createTime)).toBe(true);
			expect(outputs.br.createTime).toBeGreaterThan(1_500_000_000);
		};
		check(false);
		await emulators.idle();
		await project.refresh();
		await readState();
		check(true);
		// Nothing drifted: the refresh changed no argument, and the next `up` sends nothing.
		await project.mustRun(["up", "--yes", "--expect-no-changes"]);
	});
});
