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
import { languageProject, withLanghosts } from "../support/pluginProject";
import { TestProject } from "../support/pulumi";
import {
	typescriptProgram,
	type Variant,
	yamlProgram,
} from "./plugin/programs";

/**
 * One implementation, two hosts: the same scenario table runs through the dynamic resources (a
 * TypeScript program, Pulumi's dynamic provider host) and through the provider plugin (a Pulumi YAML
 * program), each against emulators of its own. After every step the requests each cloud answered
 * must be the same, request for request, and so must the cloud's state, read back by the runtime.
 */

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

/** What the cloud holds, read by the runtime's own readers (by import id, as `pulumi import` reads). */
const liveResources: Array<[string, string]> = [
	["bucket-replication:cos:Bucket", "ap-guangzhou/conf-src-1250000000"],
	["bucket-replication:cos:Bucket", "ap-beijing/conf-backup-1250000000"],
	[
		"bucket-replication:cos:BucketReplication",
		"ap-guangzhou/conf-src-1250000000",
	],
	["bucket-replication:cos:Bucket", "ap-guangzhou/conf-rules-1250000000"],
	[
		"bucket-replication:cos:BucketReplicationRule",
		"ap-guangzhou/conf-rules-1250000000/archive",
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
		] as { rules: Array<{ id: string; prefix: string }> };
		// As an import hands them to the engine: the schema's list (plugin/inputShape.ts).
		expect(cos.rules.find((r) => r.id === "logs")?.prefix).toBe("logs/v2/");
	});
});
