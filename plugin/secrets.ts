/**
 * Secrets through the plugin. With `acceptSecrets: true` in Configure, the engine sends secret values
 * wrapped (`{ [SIG]: SECRET_SIG, value }`) and keeps secret whatever the plugin answers wrapped; it no
 * longer marks outputs secret by itself (pulumi pkg/resource/plugin/provider_plugin.go annotates
 * outputs from same-named inputs only for providers that do not accept secrets). The runtime works on
 * plain values, so the plugin notes which arguments were secret and wraps the answer's values again:
 * each output of the same name as a secret argument, and `live` whole when any argument is secret
 * (the cloud's configuration as read holds the arguments; the same rule as sdk/secretLive.ts).
 */
import { secretIdFailures as ossSecretIdFailures } from "../provider/core/secretArgs";
import type { CheckFailure, Props } from "../provider/core/types";

/** Pulumi's signature key of a special value in a `Struct` (sdk/go/common/resource/sig). */
export const SIG = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

function holdsSecret(value: unknown): boolean {
	if (Array.isArray(value)) return value.some(holdsSecret);
	if (value && typeof value === "object") {
		const record = value as Record<string, unknown>;
		if (record[SIG] === SECRET_SIG) return true;
		return Object.values(record).some(holdsSecret);
	}
	return false;
}

/** The top-level arguments that are or hold a secret, from the engine's wrapped values. */
export function secretKeys(wrapped: Record<string, unknown>): Set<string> {
	return new Set(
		Object.keys(wrapped).filter((key) => holdsSecret(wrapped[key])),
	);
}

const secret = (value: unknown) => ({ [SIG]: SECRET_SIG, value });

/**
 * `props` with each key in `keys`, and `live` when `keys` is not empty, wrapped as secret. The same
 * wrapping on every answer, so a secret stays secret (no diff from secretness flipping back and forth).
 */
export function sealed(props: Props, keys: Set<string>): Props {
	if (keys.size === 0) return props;
	return Object.fromEntries(
		Object.entries(props).map(([key, value]) =>
			value !== undefined && (keys.has(key) || key === "live")
				? [key, secret(value)]
				: [key, value],
		),
	);
}

/** `secretIdFailures` of the runtime (provider/core/secretArgs.ts), on the engine's wrapped values. */
export function secretIdFailures(
	runtimeType: string,
	wrapped: Record<string, unknown>,
): CheckFailure[] {
	return ossSecretIdFailures(runtimeType, wrapped, secretKeys(wrapped));
}
