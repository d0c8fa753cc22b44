import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	providerEnv,
	type RequestRecord,
	type RunningEmulators,
	startEmulators,
} from "../../emulator";
import { importRead } from "../../plugin/importRead";
import { tokens } from "../../plugin/tokens";
import type { Props } from "../../provider/core/types";
import { registry } from "../../provider/registry";
import {
	languageProject,
	pluginsBlock,
	withLanghosts,
} from "../support/pluginProject";
import { TestProject } from "../support/pulumi";

/**
 * One implementation, two hosts: the same scenario table runs through the dynamic resources (a
 * TypeScript program, Pulumi's dynamic provider host) and through the provider plugin (a Pulumi YAML
 * program), each against emulators of its own. After every step the requests each cloud answered
 * must be the same, request for request, and so must the cloud's state, read back by the runtime.
 */

interface Variant {
	cosPrefix: string;
	bosReplicateDeletes: "enabled" | "disabled";
}

const scenario: Array<{ step: string; variant?: Variant }> = [
	{
		step: "create",
		variant: { cosPrefix: "logs/", bosReplicateDeletes: "disabled" },
	},
	{
		step: "no-op",
		variant: { cosPrefix: "logs/", bosReplicateDeletes: "disabled" },
	},
	{
		step: "change",
		variant: { cosPrefix: "logs/v2/", bosReplicateDeletes: "enabled" },
	},
	{ step: "destroy" },
];

const role = "qcs::cam::uin/100000000001:uin/100000000001";

function typescriptProgram(v: Variant): string {
	return `
import { bos, cos, oss } from "pulumi-bucket-replication";

const cosSource = new cos.Bucket("cosSource", { bucket: "conf-src-1250000000", region: "ap-guangzhou" });
const cosBackup = new cos.Bucket("cosBackup", { bucket: "conf-backup-1250000000", region: "ap-beijing" });
new cos.BucketReplication("cosReplication", {
	bucket: cosSource.bucket,
	region: cosSource.region,
	role: "${role}",
	rules: [{ id: "logs", prefix: "${v.cosPrefix}", destination: { bucket: cosBackup.bucket, region: cosBackup.region } }],
});
const ossSource = new oss.Bucket("ossSource", { bucket: "conf-oss-src", region: "cn-hangzhou", versioning: "Enabled" });
const ossBackup = new oss.Bucket("ossBackup", { bucket: "conf-oss-backup", region: "cn-shanghai", versioning: "Enabled" });
new oss.BucketReplicationRule("ossRule", {
	bucket: ossSource.bucket,
	region: ossSource.region,
	ruleId: "logs-to-shanghai",
	prefixes: ["logs/"],
	destination: { bucket: ossBackup.bucket, location: ossBackup.region },
});
const bosSource = new bos.Bucket("bosSource", { bucket: "conf-bos-src", region: "bj", versioning: "enabled" });
const bosBackup = new bos.Bucket("bosBackup", { bucket: "conf-bos-backup", region: "gz", versioning: "enabled" });
new bos.BucketReplicationRule("bosRule", {
	bucket: bosSource.bucket,
	region: bosSource.region,
	ruleId: "everything",
	replicateDeletes: "${v.bosReplicateDeletes}",
	destination: { bucket: bosBackup.bucket },
});
`;
}

function yamlProgram(v: Variant): string {
	return `name: {{name}}
runtime: yaml
${pluginsBlock()}resources:
  cosSource:
    type: bucket-replication:cos:Bucket
    properties: { bucket: conf-src-1250000000, region: ap-guangzhou }
  cosBackup:
    type: bucket-replication:cos:Bucket
    properties: { bucket: conf-backup-1250000000, region: ap-beijing }
  cosReplication:
    type: bucket-replication:cos:BucketReplication
    properties:
      bucket: \${cosSource.bucket}
      region: \${cosSource.region}
      role: ${role}
      rules:
        - id: logs
          prefix: ${v.cosPrefix}
          destination:
            bucket: \${cosBackup.bucket}
            region: \${cosBackup.region}
  ossSource:
    type: bucket-replication:oss:Bucket
    properties: { bucket: conf-oss-src, region: cn-hangzhou, versioning: Enabled }
  ossBackup:
    type: bucket-replication:oss:Bucket
    properties: { bucket: conf-oss-backup, region: cn-shanghai, versioning: Enabled }
  ossRule:
    type: bucket-replication:oss:BucketReplicationRule
    properties:
      bucket: \${ossSource.bucket}
      region: \${ossSource.region}
      ruleId: logs-to-shanghai
      prefixes: [logs/]
      destination:
        bucket: \${ossBackup.bucket}
        location: \${ossBackup.region}
  bosSource:
    type: bucket-replication:bos:Bucket
    properties: { bucket: conf-bos-src, region: bj, versioning: enabled }
  bosBackup:
    type: bucket-replication:bos:Bucket
    properties: { bucket: conf-bos-backup, region: gz, versioning: enabled }
  bosRule:
    type: bucket-replication:bos:BucketReplicationRule
    properties:
      bucket: \${bosSource.bucket}
      region: \${bosSource.region}
      ruleId: everything
      replicateDeletes: ${v.bosReplicateDeletes}
      destination:
        bucket: \${bosBackup.bucket}
`;
}

/** What the cloud holds, read by the runtime's own readers (by import id, as `pulumi import` reads). */
const liveResources: Array<[string, string]> = [
	["bucket-replication:cos:Bucket", "ap-guangzhou/conf-src-1250000000"],
	["bucket-replication:cos:Bucket", "ap-beijing/conf-backup-1250000000"],
	[
		"bucket-replication:cos:BucketReplication",
		"ap-guangzhou/conf-src-1250000000",
	],
	["bucket-replication:oss:Bucket", "cn-hangzhou/conf-oss-src"],
	["bucket-replication:oss:Bucket", "cn-shanghai/conf-oss-backup"],
	[
		"bucket-replication:oss:BucketReplicationRule",
		"cn-hangzhou/conf-oss-src/logs-to-shanghai",
	],
	["bucket-replication:bos:Bucket", "bj/conf-bos-src"],
	["bucket-replication:bos:Bucket", "gz/conf-bos-backup"],
	[
		"bucket-replication:bos:BucketReplicationRule",
		"bj/conf-bos-src/everything",
	],
];

async function cloudState(
	emulators: RunningEmulators,
): Promise<Record<string, Props | null>> {
	const saved = { ...process.env };
	Object.assign(process.env, providerEnv(emulators.endpoints()));
	try {
		const state: Record<string, Props | null> = {};
		for (const [token, id] of liveResources) {
			const type = tokens.get(token) as string;
			const found = await importRead(registry[type], type, token, id).catch(
				(error: Error) => ({ inputs: { error: error.message } }),
			);
			state[`${token} ${id}`] = found.inputs ?? null;
		}
		return state;
	} finally {
		process.env = saved;
	}
}

/** A request as the cloud saw it, without the parts that differ by run (none do in these paths). */
const signature = (r: RequestRecord) =>
	`${r.method} ${r.rawPath}?${r.rawQuery} ${r.status}`;

interface Observation {
	requests: Record<string, string[]>;
	state: Record<string, Props | null>;
}

interface Host {
	name: string;
	emulators: RunningEmulators;
	apply(variant: Variant | undefined): Promise<void>;
	close(): Promise<void>;
}

async function runScenario(host: Host): Promise<Observation[]> {
	const observations: Observation[] = [];
	for (const { variant } of scenario) {
		const seen = {
			cos: host.emulators.requests.cos.length,
			oss: host.emulators.requests.oss.length,
			bos: host.emulators.requests.bos.length,
		};
		await host.apply(variant);
		const requests = Object.fromEntries(
			(["cos", "oss", "bos"] as const).map((c) => [
				c,
				// Sorted: the engine runs independent resources' steps in parallel, in any order.
				host.emulators.requests[c].slice(seen[c]).map(signature).sort(),
			]),
		);
		// Reading the state sends requests too: only after the step's are taken.
		await host.emulators.idle();
		observations.push({ requests, state: await cloudState(host.emulators) });
	}
	return observations;
}

const emulatorOptions = {
	replicationDelayMs: 10,
	// No OSS `starting`/`closing` phase: polls then depend on nothing but the provider.
	ossStartingDelayMs: 0,
	ossClosingDelayMs: 0,
};

describe("the dynamic-resource host and the plugin host run the same scenario alike", () => {
	const hosts: Host[] = [];
	afterAll(async () => {
		for (const host of hosts) await host.close().catch(() => undefined);
	});

	let dynamicRun: Observation[];
	let pluginRun: Observation[];

	beforeAll(async () => {
		const dynamicEmulators = await startEmulators(emulatorOptions);
		const dynamicEnv = {
			...providerEnv(dynamicEmulators.endpoints()),
			BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "10",
			PULUMI_NODEJS_TRANSPILE_ONLY: "true",
		};
		const dynamicProject = await TestProject.create(
			"conformance-dynamic",
			typescriptProgram(scenario[0].variant as Variant),
			dynamicEnv,
		);
		hosts.push({
			name: "dynamic",
			emulators: dynamicEmulators,
			async apply(variant) {
				if (!variant) {
					await dynamicProject.destroy();
					return;
				}
				dynamicProject.setProgram(typescriptProgram(variant));
				await dynamicProject.up();
			},
			async close() {
				await dynamicProject.remove();
				await dynamicEmulators.close();
			},
		});

		const pluginEmulators = await startEmulators(emulatorOptions);
		const pluginEnv = withLanghosts({
			...providerEnv(pluginEmulators.endpoints()),
			BUCKET_REPLICATION_RETRY_BASE_DELAY_MS: "10",
		});
		const pluginProject = await languageProject(
			"conformance-plugin",
			{ "Pulumi.yaml": yamlProgram(scenario[0].variant as Variant) },
			pluginEnv,
		);
		hosts.push({
			name: "plugin",
			emulators: pluginEmulators,
			async apply(variant) {
				if (!variant) {
					await pluginProject.project.destroy();
					return;
				}
				pluginProject.write("Pulumi.yaml", yamlProgram(variant));
				await pluginProject.project.up();
			},
			async close() {
				await pluginProject.close();
				await pluginEmulators.close();
			},
		});

		dynamicRun = await runScenario(hosts[0]);
		pluginRun = await runScenario(hosts[1]);
	}, 600_000);

	it.each(scenario.map((s, i) => [s.step, i] as const))(
		"%s: the same requests at each cloud",
		(_step, i) => {
			for (const cloud of ["cos", "oss", "bos"])
				expect(pluginRun[i].requests[cloud], cloud).toEqual(
					dynamicRun[i].requests[cloud],
				);
		},
	);

	it.each(scenario.map((s, i) => [s.step, i] as const))(
		"%s: the same cloud state afterwards",
		(step, i) => {
			expect(pluginRun[i].state).toEqual(dynamicRun[i].state);
			const present = Object.values(pluginRun[i].state).filter(
				(s) => s !== null,
			);
			expect(present.length).toBe(
				step === "destroy" ? 0 : liveResources.length,
			);
		},
	);

	it("the scenario did something: writes on create and change, none on the no-op", () => {
		const writes = (o: Observation) =>
			Object.values(o.requests)
				.flat()
				.filter((r) => !r.startsWith("GET ") && !r.startsWith("HEAD ")).length;
		expect(writes(pluginRun[0])).toBeGreaterThan(0);
		expect(writes(pluginRun[1])).toBe(0);
		expect(Object.values(pluginRun[1].requests).flat()).toEqual([]);
		expect(writes(pluginRun[2])).toBeGreaterThan(0);
		const cos = pluginRun[2].state[
			"bucket-replication:cos:BucketReplication ap-guangzhou/conf-src-1250000000"
		] as { rules: Record<string, { prefix: string }> };
		expect(cos.rules.logs.prefix).toBe("logs/v2/");
	});
});
