// Types of recovery-kit.js (plain CommonJS, shared with bench/reliability.js).

export interface StackSpec {
	/** Makes the bucket names unique: lower-case letters and digits. */
	tag: string;
	/** The COS APPID that ends COS bucket names. */
	appId: string;
	/** Rules per cloud, ten per source bucket. */
	rules: number;
	/** How many rules (taken in turn from COS, OSS and BOS) have their other prefix. @default 0 */
	changed?: number;
}

export interface Project {
	name: string;
	stack: string;
	dir: string;
	env: Record<string, string>;
}

export interface RunResult {
	code: number;
	stdout: string;
	stderr: string;
	/** Whether `killWhen` fired and the process tree was killed. */
	killed: boolean;
	/** Killed processes still running afterwards (none expected). */
	survivors: number[];
}

export interface Comparison {
	state: string[];
	cloud: string[];
	pendingOperations: number;
	orphans: string[];
	ghosts: string[];
	duplicates: string[];
}

export interface Emulated {
	requests: Record<
		string,
		Array<{ method: string; rawPath: string; rawQuery: string; status: number }>
	>;
	endpoints(): {
		cos: {
			endpoint: string;
			secretId: string;
			secretKey: string;
			appId: string;
		};
		oss: { endpoint: string; accessKeyId: string; accessKeySecret: string };
		bos: { endpoint: string; accessKey: string; secretKey: string };
	};
}

export const RECOVERY_COMMANDS: string[][];
export function program(spec: StackSpec): string;
export function resourceCount(spec: StackSpec): number;
export function createProject(
	name: string,
	program: string,
	env?: Record<string, string>,
): Promise<Project>;
export function setProgram(project: Project, program: string): void;
export function removeProject(project: Project): Promise<void>;
export function run(
	project: Project,
	args: string[],
	options?: { killWhen?: () => boolean; echo?: boolean },
): Promise<RunResult>;
/**
 * docs/recovery.md's steps: the file backend's `find` removing an empty `.attrs` file (its stdout lists
 * what it removed), `RECOVERY_COMMANDS`, then `rerun`; stops at the first step that fails.
 */
export function recover(
	project: Project,
	rerun: string[],
): Promise<Array<RunResult & { args: string[] }>>;
export function writesDone(emulators: Emulated): number;
export function clearRequests(emulators: Emulated): void;
export function compare(
	project: Project,
	emulators: Emulated,
	faults: { rate?: number; ambiguousRate?: number } | undefined,
	spec: StackSpec,
): Promise<Comparison>;
