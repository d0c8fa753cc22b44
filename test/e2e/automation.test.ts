import { rmSync } from "node:fs";
import { dirname } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import {
	type EngineEvent,
	LocalWorkspace,
	PulumiCommand,
	type Stack,
} from "@pulumi/pulumi/automation";
import { bos, cos, oss } from "pulumi-bucket-replication";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	providerEnv,
	type RunningEmulators,
	startEmulators,
} from "../../emulator";
import { ensurePulumi, root } from "../support/pulumi";
import { requestCount } from "../support/requests";

// The same offline environment the CLI tests use (file backend in .pulumi/, no plugin downloads).
const { pulumiEnv } = require("../../scripts/pulumi-offline.js") as {
	pulumiEnv(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
};

/** A stack secret: must never appear in an event or in the output. */
const secretPrefix = "secret-prefix-q7z/";

/**
 * COS, OSS and BOS, one rule each, as an Automation API **inline** program: it runs in this process,
 * and the dynamic provider host `require`s the package from the project's `main` directory (README,
 * Automation API). `variant` changes the COS rule's prefix, adds an OSS rule with a wrong region
 * (`bad`), or renames the BOS rule's resource.
 */
const program =
	(
		prefix: string,
		variant: { cosPrefix: string; bad?: boolean; bosName?: string },
	) =>
	async () => {
		const appId = "1250000000";
		const logs = new cos.Bucket("logs", {
			bucket: `${prefix}-logs-${appId}`,
			region: "ap-guangzhou",
			versioning: "Enabled",
		});
		const logsCopy = new cos.Bucket("logs-copy", {
			bucket: `${prefix}-logs-copy-${appId}`,
			region: "ap-beijing",
			versioning: "Enabled",
		});
		new cos.BucketReplication("logs", {
			bucket: logs.bucket,
			region: logs.region,
			role: "qcs::cam::uin/100000000001:uin/100000000001",
			rules: [
				{
					id: "logs",
					prefix: variant.cosPrefix,
					destination: { bucket: logsCopy.bucket, region: logsCopy.region },
				},
			],
		});
		const images = new oss.Bucket("images", {
			bucket: `${prefix}-images`,
			region: "cn-hangzhou",
			versioning: "Enabled",
		});
		const imagesCopy = new oss.Bucket("images-copy", {
			bucket: `${prefix}-images-copy`,
			region: "cn-shanghai",
			versioning: "Enabled",
		});
		const images1 = new oss.BucketReplicationRule("images", {
			bucket: images.bucket,
			region: images.region,
			ruleId: "images",
			prefixes: [new pulumi.Config().requireSecret("ossPrefix")],
			destination: { bucket: imagesCopy.bucket, location: imagesCopy.region },
		});
		if (variant.bad) {
			new oss.BucketReplicationRule("bad", {
				bucket: images.bucket,
				region: images.region,
				ruleId: "bad",
				prefixes: ["bad/"],
				destination: { bucket: `${prefix}-elsewhere`, location: "nowhere" },
			});
		}
		const reports = new bos.Bucket("reports", {
			bucket: `${prefix}-reports`,
			region: "bj",
			versioning: "enabled",
		});
		const reportsCopy = new bos.Bucket("reports-copy", {
			bucket: `${prefix}-reports-copy`,
			region: "gz",
			versioning: "enabled",
		});
		new bos.BucketReplicationRule(variant.bosName ?? "reports", {
			bucket: reports.bucket,
			region: reports.region,
			ruleId: "reports",
			resource: [`${prefix}-reports/reports/*`],
			destination: { bucket: reportsCopy.bucket, prefix: "backup/" },
		});
		return { logsBucket: logs.bucket, imagesPrefixes: images1.prefixes };
	};

describe("the Automation API with an inline program", () => {
	let emulators: RunningEmulators;
	let stack: Stack | undefined;
	const prefix = `auto${Date.now() % 1_000_000}`;
	const stackName = `inline-${Date.now()}`;
	// Everything the engine sent back, for the secrets check at the end.
	let seen = "";
	const events: EngineEvent[] = [];
	const listen = {
		onOutput: (text: string) => {
			seen += text;
		},
		onEvent: (event: EngineEvent) => {
			events.push(event);
			seen += JSON.stringify(event);
		},
	};
	const writes = () =>
		[
			...emulators.requests.cos,
			...emulators.requests.oss,
			...emulators.requests.bos,
		].filter((r) => r.method !== "GET" && r.method !== "HEAD").length;

	beforeAll(async () => {
		emulators = await startEmulators();
		const pulumiCommand = await PulumiCommand.get({
			root: dirname(ensurePulumi()),
			skipVersionCheck: true,
		});
		stack = await LocalWorkspace.createOrSelectStack(
			{
				stackName,
				projectName: "automation-inline",
				program: program(prefix, { cosPrefix: "logs/" }),
			},
			{
				pulumiCommand,
				// Where the dynamic provider host resolves the package (the default is process.cwd()).
				projectSettings: {
					name: "automation-inline",
					runtime: "nodejs",
					main: root,
				},
				envVars: pulumiEnv({
					...process.env,
					...providerEnv(emulators.endpoints()),
				}) as Record<string, string>,
			},
		);
		await stack.setConfig("ossPrefix", { value: secretPrefix, secret: true });
	});

	afterAll(async () => {
		if (stack) {
			await stack.destroy().catch(() => undefined);
			await stack.workspace.removeStack(stackName, { force: true });
			// LocalWorkspace made this temporary directory for the inline program, and leaves it.
			rmSync(stack.workspace.workDir, { recursive: true, force: true });
		}
		await emulators?.close();
	});

	it("previews, creates, converges with no request, refreshes, shows a diff and an error as events, destroys", async () => {
		if (!stack) throw new Error("no stack");

		// preview: nothing sent
		const preview = await stack.preview({ ...listen, diff: true });
		expect(preview.changeSummary.create).toBe(10);
		expect(requestCount(emulators)).toBe(0);

		const up = await stack.up(listen);
		expect(up.summary.resourceChanges).toMatchObject({ create: 10 });
		const outputs = await stack.outputs();
		expect(outputs.logsBucket).toEqual({
			value: `${prefix}-logs-1250000000`,
			secret: false,
		});
		// an output of a secret argument stays secret
		expect(outputs.imagesPrefixes).toEqual({
			value: [secretPrefix],
			secret: true,
		});

		// a second up: no change, no request
		let sent = requestCount(emulators);
		const noop = await stack.up({ ...listen, expectNoChanges: true });
		expect(noop.summary.resourceChanges).toEqual({ same: 10 });
		expect(requestCount(emulators)).toBe(sent);

		// refresh: reads only
		const written = writes();
		const refresh = await stack.refresh(listen);
		expect(refresh.summary.resourceChanges).toMatchObject({ same: 10 });
		expect(writes()).toBe(written);

		// after the refresh, an export and an import: the next up changes nothing and sends nothing
		const state = await stack.exportStack();
		await stack.importStack(state);
		sent = requestCount(emulators);
		await stack.up({ ...listen, expectNoChanges: true });
		expect(requestCount(emulators)).toBe(sent);

		// the three rules dropped from the state (as `pulumi state delete` does): the next up takes
		// each back as its own earlier write, writing nothing (docs/recovery.md)
		const deployment = state.deployment as {
			resources: Array<{ type: string }>;
		};
		await stack.importStack({
			...state,
			deployment: {
				...deployment,
				resources: deployment.resources.filter(
					(r) => !/BucketReplication(Rule)?$/.test(r.type),
				),
			},
		});
		const retaken = await stack.up(listen);
		expect(retaken.summary.resourceChanges).toEqual({ create: 3, same: 7 });
		expect(writes()).toBe(written);
		sent = requestCount(emulators);
		await stack.up({ ...listen, expectNoChanges: true });
		expect(requestCount(emulators)).toBe(sent);

		// a change arrives as a resource event naming the field
		stack.workspace.program = program(prefix, { cosPrefix: "logs2/" });
		events.length = 0;
		const changed = await stack.preview({ ...listen, diff: true });
		expect(changed.changeSummary).toMatchObject({ update: 1, same: 9 });
		const updates = events.flatMap((e) =>
			e.resourcePreEvent?.metadata.op === "update"
				? [e.resourcePreEvent.metadata]
				: [],
		);
		expect(updates).toHaveLength(1);
		expect(updates[0].type).toBe(
			"pulumi-nodejs:dynamic/bucket-replication:CosBucketReplication",
		);
		expect(Object.keys(updates[0].detailedDiff ?? {})).toEqual([
			"rules.logs.prefix",
		]);

		// a resource renamed since the last run of the program in this process: a create and a delete,
		// not "declared twice" (sdk/claims.ts keeps each run's claims apart)
		stack.workspace.program = program(prefix, {
			cosPrefix: "logs/",
			bosName: "reports-renamed",
		});
		const renamed = await stack.preview(listen);
		expect(renamed.changeSummary).toMatchObject({ create: 1, delete: 1 });

		// bad input: preview fails, the error event names the field, nothing is sent
		stack.workspace.program = program(prefix, {
			cosPrefix: "logs/",
			bad: true,
		});
		events.length = 0;
		sent = requestCount(emulators);
		await expect(stack.preview(listen)).rejects.toThrow(/destination/);
		const errors = events.flatMap((e) =>
			e.diagnosticEvent?.severity === "error"
				? [e.diagnosticEvent.message]
				: [],
		);
		expect(errors.join("\n")).toContain("destination.location");
		expect(requestCount(emulators)).toBe(sent);

		stack.workspace.program = program(prefix, { cosPrefix: "logs/" });
		const destroyed = await stack.destroy(listen);
		expect(destroyed.summary.resourceChanges).toEqual({ delete: 10 });

		// no key, and not the secret stack config, in any event or output of any command
		const e = emulators.endpoints();
		for (const secret of [
			e.cos.secretKey,
			e.oss.accessKeySecret,
			e.bos.secretKey,
			secretPrefix,
		]) {
			expect(seen).not.toContain(secret);
		}
	});
});
