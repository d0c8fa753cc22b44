import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configEntries, settingsFrom } from "../../plugin/config";
import { tokens } from "../../plugin/tokens";
import { root } from "../support/pulumi";

/**
 * The plugin's schema, the TypeScript classes and the README reference come from one source, the
 * TSDoc of sdk/<cloud>.ts: the schema file must be what the generator makes of it today, and it must
 * agree with the plugin's tokens, the runtime's settings and the README's argument tables.
 */

const { generate } = require("../../scripts/gen-schema.js") as {
	generate(): string;
};
const { generate: generateReference } =
	require("../../scripts/gen-docs.js") as { generate(): string };

interface PropertySpec {
	type?: string;
	$ref?: string;
	default?: unknown;
	description?: string;
	secret?: boolean;
	defaultInfo?: { environment: string[] };
}
interface Schema {
	name: string;
	version: string;
	config: { variables: Record<string, PropertySpec> };
	provider: { inputProperties: Record<string, PropertySpec> };
	resources: Record<
		string,
		{
			inputProperties: Record<string, PropertySpec>;
			requiredInputs: string[];
			properties: Record<string, PropertySpec>;
		}
	>;
	types: Record<
		string,
		{ type: string; enum?: { value: string }[]; properties?: object }
	>;
}

const schemaFile = join(root, "plugin", "schema.json");
const schema = JSON.parse(readFileSync(schemaFile, "utf8")) as Schema;

describe("plugin/schema.json", () => {
	it("is what scripts/gen-schema.js generates from sdk/*.ts (run `node scripts/gen-schema.js`)", () => {
		expect(schema).toEqual(JSON.parse(generate()));
	});

	it("has a resource for every token the plugin serves, and no other", () => {
		expect(Object.keys(schema.resources).sort()).toEqual(
			[...tokens.keys()].sort(),
		);
		expect(tokens.get("bucket-replication:cos:BucketReplication")).toBe(
			"CosBucketReplication",
		);
		expect(tokens.get("bucket-replication:oss:BucketReplicationRule")).toBe(
			"OssBucketReplicationRule",
		);
	});

	it("carries the package version", () => {
		const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
		expect(schema.version).toBe(pkg.version);
	});

	it("has the provider configuration: credentials secret, each with its environment variable", () => {
		const providerSource = [
			"cos/client.ts",
			"oss/client.ts",
			"bos/client.ts",
			"core/retry.ts",
			"core/timeout.ts",
			"core/regions.ts",
			"cos/rewrite.ts",
			"bos/batch.ts",
			"core/oldSpace.ts",
		]
			.map((f) => readFileSync(join(root, "provider", f), "utf8"))
			.join("\n");
		for (const entry of configEntries) {
			const variable = schema.config.variables[entry.name];
			expect(variable, entry.name).toBeDefined();
			expect(variable.defaultInfo?.environment).toEqual([entry.envVar]);
			expect(variable.secret === true, entry.name).toBe(entry.secret);
			expect(schema.provider.inputProperties[entry.name]).toEqual(variable);
			// The runtime reads this very key and variable, so the plugin's config reaches it.
			expect(providerSource, entry.settingKey).toContain(
				`"${entry.settingKey}"`,
			);
			expect(providerSource, entry.envVar).toContain(`"${entry.envVar}"`);
		}
		for (const name of ["cosSecretKey", "ossSecretKey", "bosSecretKey"])
			expect(schema.config.variables[name].secret).toBe(true);
	});

	it("passes every setting the docs name under `bucket-replication:` to the runtime", () => {
		// docs/cos.md, oss.md, bos.md ("Regions") and cos.md (read-back) name these stack config keys.
		for (const [name, value] of [
			["extraRegions", "ap-newregion"],
			["cosSettleMs", "50"],
			["cosWriteAttempts", "3"],
			["bosListReuseMs", "0"],
			["maxRetries", "10"],
		]) {
			const settings = settingsFrom(
				new Map([[`bucket-replication:${name}`, value]]),
			);
			expect(settings.get(`bucket-replication:${name}`), name).toBe(value);
		}
	});

	it("agrees with the README reference: every argument, required or not, with its default", () => {
		const reference = generateReference();
		for (const [token, resource] of Object.entries(schema.resources)) {
			const [, cloud, name] = token.split(":");
			const section = reference
				.split(`### \`${cloud}\``)[1]
				.split(`#### \`${name}\``)[1]
				.split("#### ")[0];
			for (const [key, spec] of Object.entries(resource.inputProperties)) {
				const required = resource.requiredInputs.includes(key);
				expect(section, `${token}.${key}`).toContain(
					`| \`${key}\`${required ? " (required)" : ""} |`,
				);
				if (spec.default !== undefined)
					expect(section, `${token}.${key}`).toContain(
						`| ${JSON.stringify(spec.default)} |`,
					);
			}
		}
	});

	it("has the enums of the TypeScript types", () => {
		const values = (token: string) =>
			schema.types[token].enum?.map((e) => e.value);
		expect(values("bucket-replication:cos:ReplicationStatus")).toEqual([
			"Enabled",
			"Disabled",
		]);
		expect(values("bucket-replication:bos:Switch")).toEqual([
			"enabled",
			"disabled",
		]);
		const rule =
			schema.resources["bucket-replication:cos:BucketReplicationRule"];
		expect(rule.inputProperties.status).toMatchObject({
			$ref: "#/types/bucket-replication:cos:ReplicationStatus",
			default: "Enabled",
		});
		expect(rule.requiredInputs.sort()).toEqual(
			["bucket", "destination", "region", "role", "ruleId"].sort(),
		);
	});
});
