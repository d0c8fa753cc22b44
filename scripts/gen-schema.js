#!/usr/bin/env node
// Generates the plugin's Pulumi package schema (plugin/schema.json) from the same source as the
// TypeScript classes and the README reference: the classes and `...Args` interfaces of sdk/<cloud>.ts,
// with their TSDoc (descriptions and @default), required fields and string-literal unions (enums),
// read with the helpers of scripts/gen-docs.js. Provider configuration comes from plugin/config.ts.
// `node scripts/gen-schema.js` rewrites the file; test/unit/schema.test.ts fails when it is out of date.
const fs = require("node:fs");
const path = require("node:path");
const ts = require("typescript");
const { docOf, membersOf } = require("./gen-docs.js");

const root = path.resolve(__dirname, "..");
const PACKAGE = "bucket-replication";
const CLOUDS = ["cos", "oss", "bos"];
const ANY = { $ref: "pulumi.json#/Any" };

/** plugin/config.ts, evaluated (it imports nothing). */
function configEntries() {
	const file = path.join(root, "plugin", "config.ts");
	const { outputText } = ts.transpileModule(fs.readFileSync(file, "utf8"), {
		compilerOptions: { module: ts.ModuleKind.CommonJS },
	});
	const module = { exports: {} };
	new Function("module", "exports", "require", outputText)(
		module,
		module.exports,
		require,
	);
	return module.exports.configEntries;
}

/** A TSDoc @default that is one JSON literal (`"Enabled"`, `false`, `300`) becomes the schema default. */
function literalDefault(text) {
	if (!text || !/^("[^"]*"|-?\d+(\.\d+)?|true|false)$/.test(text))
		return undefined;
	return JSON.parse(text);
}

/**
 * A @default as SDK users of every language read it: `undefined` is JavaScript's word for an argument
 * left out (Go's nil, Python's None), so it reads "not set"; a required field has no default to give.
 */
function describe(doc) {
	const parts = [doc.text];
	const value = doc.defaultValue;
	if (value && !/^undefined \(required/.test(value) && value !== "undefined")
		parts.push(`Default: ${value.replace(/^undefined\b/, "not set")}.`);
	return parts.filter(Boolean).join(" ");
}

/**
 * Sentences of the classes' TSDoc that hold for the Node.js dynamic resources only, and what the
 * plugin's users (whose SDK docs come from this schema) read instead.
 */
const pluginOnly = [
	[
		"`pulumi import` cannot work for dynamic resources: an identical existing configuration is adopted on create, and `adopt: true` takes over a different one.",
		"`pulumi import` takes it by the id `<region>/<bucket>`; an identical existing configuration is also adopted on create, and `adopt: true` takes over a different one.",
	],
];

const replaced = new Set();

function forPlugin(text) {
	let result = text;
	for (const [node, plugin] of pluginOnly)
		if (result.includes(node)) {
			result = result.replace(node, plugin);
			replaced.add(node);
		}
	return result;
}

const capitalize = (s) => s[0].toUpperCase() + s.slice(1);

/**
 * TypeScript has one `number`; these properties hold whole numbers only (the runtime's validation
 * refuses others: provider/cos/validate.ts priority, provider/oss/validate.ts deleteTimeoutSeconds;
 * counts and epoch seconds), so the schema says `integer` and the SDKs take `int` (Go `pulumi.Int`).
 */
const WHOLE_NUMBERS = new Set([
	"priority",
	"deleteTimeoutSeconds",
	"replicationRestarts",
	"createTime",
	"latestReplicationTime",
]);

/**
 * Enum values with the name the SDKs give their constants: PascalCase words, so that Go reads
 * `bos.StorageClassStandardIa` and `oss.BucketReplicationRuleDestinationTransferTypeOssAcc` rather
 * than the generator's `StorageClass_STANDARD_IA` and `..._Oss_acc` (Python's members stay
 * `STANDARD_IA`, `OSS_ACC`).
 */
function enumValues(values) {
	const word = (w) =>
		w === w.toUpperCase()
			? w[0] + w.slice(1).toLowerCase()
			: w[0].toUpperCase() + w.slice(1);
	return [...new Set(values)].map((value) => ({
		name: value.split("_").filter(Boolean).map(word).join(""),
		value,
	}));
}

function numberType(key, spec) {
	return spec.type === "number" && WHOLE_NUMBERS.has(key)
		? { ...spec, type: "integer" }
		: spec;
}

/** Everything one sdk file declares, and the schema types its properties need. */
class CloudFile {
	constructor(cloud, types) {
		this.cloud = cloud;
		this.types = types;
		this.file = path.join(root, "sdk", `${cloud}.ts`);
		this.source = ts.createSourceFile(
			this.file,
			fs.readFileSync(this.file, "utf8"),
			ts.ScriptTarget.ES2022,
			true,
		);
		this.interfaces = new Map();
		this.aliases = new Map();
		this.classes = [];
		this.source.forEachChild((node) => {
			if (ts.isInterfaceDeclaration(node))
				this.interfaces.set(node.name.text, node);
			if (ts.isTypeAliasDeclaration(node))
				this.aliases.set(node.name.text, node);
			if (
				ts.isClassDeclaration(node) &&
				node.name &&
				node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
			)
				this.classes.push(node);
		});
	}

	token(name) {
		return `${PACKAGE}:${this.cloud}:${name}`;
	}

	/** Registers a named type once; the same name for two different shapes is a generator bug. */
	register(name, spec) {
		const token = this.token(name);
		const existing = this.types[token];
		if (existing && JSON.stringify(existing) !== JSON.stringify(spec)) {
			throw new Error(`two different schema types would be named ${token}`);
		}
		this.types[token] = spec;
		return { $ref: `#/types/${token}` };
	}

	/** The string literals a union (through aliases) allows, or undefined when it allows anything else. */
	literals(node) {
		if (ts.isParenthesizedTypeNode(node)) return this.literals(node.type);
		if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal))
			return [node.literal.text];
		if (ts.isUnionTypeNode(node)) {
			const all = node.types.map((t) => this.literals(t));
			return all.every(Boolean) ? all.flat() : undefined;
		}
		if (ts.isTypeReferenceNode(node) && !node.typeArguments) {
			const alias = this.aliases.get(node.typeName.getText(this.source));
			return alias ? this.literals(alias.type) : undefined;
		}
		return undefined;
	}

	objectType(name, members, description) {
		const properties = {};
		const required = [];
		for (const member of members) {
			if (!member.name || !member.type) continue;
			const key = member.name.getText(this.source);
			properties[key] = this.property(member, this.hint(member, name));
			if (!member.questionToken) required.push(key);
		}
		const spec = { type: "object", properties };
		if (description) spec.description = description;
		if (required.length) spec.required = required;
		return this.register(name, spec);
	}

	/** The name of an inline type: after the interface that declares the member, so it is shared. */
	hint(member, fallback) {
		const key = capitalize(member.name.getText(this.source));
		const parent = member.parent;
		if (parent && ts.isInterfaceDeclaration(parent))
			return `${parent.name.text.replace(/(Args|Settings)$/, "")}${key}`;
		return `${fallback}${key}`;
	}

	property(member, hint) {
		const doc = docOf(member, this.source);
		const spec = numberType(member.name.getText(this.source), {
			...this.typeOf(member.type, hint),
		});
		const description = describe(doc);
		if (description) spec.description = description;
		const value = literalDefault(doc.defaultValue);
		if (value !== undefined) spec.default = value;
		return spec;
	}

	/** The schema type of a TypeScript type node; `hint` names an inline object or enum. */
	typeOf(node, hint) {
		if (ts.isParenthesizedTypeNode(node)) return this.typeOf(node.type, hint);
		const literals = this.literals(node);
		if (literals) {
			const aliasName =
				ts.isTypeReferenceNode(node) && node.typeName.getText(this.source);
			return this.register(aliasName || hint, {
				type: "string",
				enum: enumValues(literals),
			});
		}
		switch (node.kind) {
			case ts.SyntaxKind.StringKeyword:
				return { type: "string" };
			case ts.SyntaxKind.NumberKeyword:
				return { type: "number" };
			case ts.SyntaxKind.BooleanKeyword:
				return { type: "boolean" };
		}
		if (ts.isUnionTypeNode(node)) {
			const rest = node.types.filter(
				(t) =>
					t.kind !== ts.SyntaxKind.UndefinedKeyword &&
					!(
						ts.isLiteralTypeNode(t) &&
						t.literal.kind === ts.SyntaxKind.NullKeyword
					),
			);
			if (rest.length === 1) return this.typeOf(rest[0], hint);
			const allowed = rest.map((t) => this.literals(t));
			if (allowed.every(Boolean))
				return this.register(hint, {
					type: "string",
					enum: enumValues(allowed.flat()),
				});
			const specs = rest.map((t) => this.typeOf(t, hint));
			// `StorageClass | Lowercase<StorageClass>`: any string, checked by the provider.
			const stringy = (s) =>
				s.type === "string" ||
				this.types[s.$ref?.replace("#/types/", "")]?.type === "string";
			if (specs.every(stringy)) return { type: "string" };
			return ANY;
		}
		if (ts.isArrayTypeNode(node))
			return { type: "array", items: this.typeOf(node.elementType, hint) };
		if (ts.isTypeLiteralNode(node))
			return this.objectType(hint, node.members.filter(ts.isPropertySignature));
		if (ts.isTypeReferenceNode(node)) {
			const name = node.typeName.getText(this.source);
			const args = node.typeArguments ?? [];
			if (name === "pulumi.Input" || name === "pulumi.Output")
				return this.typeOf(args[0], hint);
			if (["Lowercase", "Uppercase", "Capitalize"].includes(name))
				return { type: "string" };
			if (name === "Array")
				return { type: "array", items: this.typeOf(args[0], hint) };
			if (name === "Record")
				return {
					type: "object",
					additionalProperties: this.typeOf(args[1], hint),
				};
			const iface = this.interfaces.get(name);
			if (iface) {
				const typeName = name.replace(/Args$/, "");
				return this.objectType(
					typeName,
					membersOf(iface, this.interfaces),
					docOf(iface, this.source).text,
				);
			}
			const alias = this.aliases.get(name);
			if (alias) return this.typeOf(alias.type, name);
		}
		return ANY;
	}

	/** `pulumi.Output<Record<...>>`: a map. */
	isRecord(node) {
		if (!ts.isTypeReferenceNode(node)) return false;
		const name = node.typeName.getText(this.source);
		if (name === "Record") return true;
		return name.startsWith("pulumi.") && this.isRecord(node.typeArguments[0]);
	}

	/** The runtime type name a class passes to `super(...)`: `"CosBucket"`. */
	runtimeType(cls) {
		let found;
		const visit = (node) => {
			if (
				!found &&
				ts.isCallExpression(node) &&
				node.expression.kind === ts.SyntaxKind.SuperKeyword &&
				ts.isStringLiteral(node.arguments[0])
			)
				found = node.arguments[0].text;
			ts.forEachChild(node, visit);
		};
		visit(cls);
		return found;
	}

	resources() {
		const resources = {};
		for (const cls of this.classes) {
			const name = cls.name.text;
			const type = this.runtimeType(cls);
			if (!type) continue;
			const args = this.interfaces.get(`${name}Args`);
			const inputMembers = args ? membersOf(args, this.interfaces) : [];
			const inputProperties = {};
			const requiredInputs = [];
			for (const member of inputMembers) {
				const key = member.name.getText(this.source);
				inputProperties[key] = this.property(member, this.hint(member, name));
				if (!member.questionToken) requiredInputs.push(key);
			}
			const properties = {};
			for (const member of cls.members) {
				if (!ts.isPropertyDeclaration(member) || !member.type) continue;
				const key = member.name.getText(this.source);
				// An output of the same name as an input is stored as the input (normalized): reuse the
				// input's type, unless the output is declared as a map (COS `rules`, keyed by rule id).
				const input = inputProperties[key];
				const spec =
					input && !this.isRecord(member.type)
						? { ...input }
						: numberType(
								key,
								this.typeOf(member.type, `${name}${capitalize(key)}`),
							);
				const doc = docOf(member, this.source).text;
				if (doc) spec.description = doc;
				else if (input?.description) spec.description = input.description;
				delete spec.default;
				properties[key] = spec;
			}
			resources[this.token(name)] = {
				description: forPlugin(docOf(cls, this.source).text),
				properties,
				required: requiredInputs.filter((k) => k in properties),
				inputProperties,
				requiredInputs,
			};
		}
		return resources;
	}
}

function generate() {
	const pkg = JSON.parse(
		fs.readFileSync(path.join(root, "package.json"), "utf8"),
	);
	const types = {};
	let resources = {};
	for (const cloud of CLOUDS) {
		const file = new CloudFile(cloud, types);
		resources = { ...resources, ...file.resources() };
	}
	// A sentence reworded in sdk/*.ts must be reworded here too, or the Node.js one would reach the SDKs.
	for (const [node] of pluginOnly)
		if (!replaced.has(node))
			throw new Error(`gen-schema.js: no class TSDoc says "${node}" any more`);
	const variables = {};
	for (const entry of configEntries()) {
		variables[entry.name] = {
			type: entry.type,
			description: `${entry.description} Stack config \`${PACKAGE}:${entry.name}\`; default: environment variable \`${entry.envVar}\`.`,
			defaultInfo: { environment: [entry.envVar] },
			...(entry.secret ? { secret: true } : {}),
		};
	}
	const sorted = (object) =>
		Object.fromEntries(
			Object.keys(object)
				.sort()
				.map((k) => [k, object[k]]),
		);
	const schema = {
		name: PACKAGE,
		displayName: "Bucket Replication",
		version: pkg.version,
		description:
			"Bucket replication rules on Tencent COS, Alibaba OSS and Baidu BOS: buckets with versioning, and replication declared as a whole configuration or rule by rule.",
		keywords: [
			"pulumi",
			"cos",
			"oss",
			"bos",
			"replication",
			"category/storage",
		],
		license: pkg.license,
		publisher: "pulumi-bucket-replication",
		meta: { moduleFormat: "(.*)" },
		config: { variables },
		provider: {
			description:
				"The bucket-replication provider. Every setting falls back to its environment variable, as the Node.js dynamic resources do.",
			inputProperties: variables,
		},
		resources: sorted(resources),
		types: sorted(types),
		language: {
			csharp: {
				rootNamespace: "Pulumi",
				namespaces: {
					[PACKAGE]: "BucketReplication",
					cos: "Cos",
					oss: "Oss",
					bos: "Bos",
				},
				respectSchemaVersion: true,
			},
			go: {
				importBasePath:
					"github.com/pulumi-bucket-replication/pulumi-bucket-replication/sdk/go/bucketreplication",
				respectSchemaVersion: true,
			},
			nodejs: {
				packageName: "@pulumi-bucket-replication/sdk",
				respectSchemaVersion: true,
			},
			python: {
				packageName: "pulumi_bucket_replication",
				respectSchemaVersion: true,
			},
		},
	};
	return `${JSON.stringify(schema, null, "\t")}\n`;
}

module.exports = { generate };

if (require.main === module) {
	const file = path.join(root, "plugin", "schema.json");
	fs.writeFileSync(file, generate());
	// In the project's JSON style, so that `biome check .` passes; the test compares parsed values.
	require("node:child_process").execFileSync(
		path.join(root, "node_modules", ".bin", "biome"),
		["format", "--write", file],
		{ stdio: "ignore" },
	);
}
