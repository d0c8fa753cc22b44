/**
 * Property values between the engine's protobuf `Struct`s and the runtime's plain objects, and the
 * `__resource` input that tells the runtime which handler a call is for (the dynamic resources carry
 * it in their inputs; the plugin knows it from the URN, so it never reaches the plugin's state).
 */
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import type { Props } from "../provider/core/types";

/** Pulumi's signature key of a secret value in a `Struct` (sdk/go/common/resource/sig). */
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A plain value with secret wrappers removed (the plugin does not accept secrets; this is defensive). */
function unwrap(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(unwrap);
	if (value && typeof value === "object") {
		const record = value as Record<string, unknown>;
		if (record[SIG] === SECRET_SIG) return unwrap(record.value);
		return Object.fromEntries(
			Object.entries(record).map(([k, v]) => [k, unwrap(v)]),
		);
	}
	return value;
}

export function fromStruct(struct: Struct | undefined): Props {
	if (!struct) return {};
	return unwrap(struct.toJavaScript()) as Props;
}

/** A `Struct` of `props` without `__resource` and without undefined values. */
export function toStruct(props: Props | undefined): Struct {
	const { __resource: _, ...rest } = props ?? {};
	return structproto.Struct.fromJavaScript(
		JSON.parse(JSON.stringify(rest)) as Record<
			string,
			structproto.JavaScriptValue
		>,
	);
}

export function withType(runtimeType: string, props: Props): Props {
	return { ...props, __resource: runtimeType };
}
