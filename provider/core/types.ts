/**
 * The provider contract, in plain types. It mirrors Pulumi's dynamic `ResourceProvider` without
 * importing Pulumi, so the runtime could later be hosted by a real provider plugin.
 */
export type Props = Record<string, unknown>;

export interface CheckFailure {
	property: string;
	reason: string;
}

export interface CheckResult {
	inputs?: Props;
	failures?: CheckFailure[];
}

export interface DiffResult {
	/** `undefined` lets the engine diff old and new inputs itself and render every changed property. */
	changes?: boolean;
	replaces?: string[];
	deleteBeforeReplace?: boolean;
}

export interface CreateResult {
	id: string;
	outs: Props;
}

export interface ReadResult {
	/** Absent only when the resource is definitely gone. */
	id?: string;
	props?: Props;
	/** The live configuration in input shape, so `preview --diff` after `refresh` shows drift. */
	inputs?: Props;
}

export interface UpdateResult {
	outs: Props;
}

/** One resource type's lifecycle. `check` and `diff` must be pure and offline. */
export interface ResourceHandler {
	check(olds: Props, news: Props): Promise<CheckResult>;
	diff(id: string, olds: Props, news: Props): Promise<DiffResult>;
	create(inputs: Props): Promise<CreateResult>;
	read(id: string, props: Props): Promise<ReadResult>;
	update(id: string, olds: Props, news: Props): Promise<UpdateResult>;
	delete(id: string, props: Props): Promise<void>;
}

export type Cloud = "cos" | "oss" | "bos";
