import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** A data directory held by another running emulator. */
export class DataDirInUseError extends Error {
	constructor(dataDir: string, pid: number) {
		super(
			`data directory ${dataDir} is in use by another emulator (pid ${pid}); stop it, or give each emulator its own --data-dir (if no emulator uses it, pid ${pid} is another program now: delete ${dataDir}/lock)`,
		);
		this.name = "DataDirInUseError";
	}
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: the process exists but belongs to another user.
		return (error as NodeJS.ErrnoException).code === "EPERM";
	}
}

/** The pid in the lock file; a file another starter has created but not yet written is waited for. */
function holderOf(file: string): number | undefined {
	for (let attempt = 0; attempt < 20; attempt++) {
		let text: string;
		try {
			text = readFileSync(file, "utf8");
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
			throw error;
		}
		const pid = Number(text);
		if (text !== "" && Number.isInteger(pid) && pid > 0) return pid;
		Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
	}
	return undefined;
}

/**
 * Takes `<dataDir>/lock` for this process. Two emulators on one directory would each rewrite the
 * journals and lose the other's acknowledged writes, so the second is refused. A lock left by a
 * process that no longer runs (after `kill -9`) is taken over. Returns the release function.
 */
export function lockDataDir(dataDir: string): () => void {
	mkdirSync(dataDir, { recursive: true });
	const file = join(dataDir, "lock");
	for (;;) {
		try {
			writeFileSync(file, String(process.pid), { flag: "wx" });
			break;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
		}
		const holder = holderOf(file);
		// Our own pid in a lock we have not taken is a previous life's: in a container restarted on the
		// same volume the emulator is pid 1 (or another low pid) again.
		if (holder !== undefined && holder !== process.pid && alive(holder))
			throw new DataDirInUseError(dataDir, holder);
		// Stale: its process is gone. Remove it and try again (another starter may win the race).
		try {
			unlinkSync(file);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
		}
	}
	let released = false;
	return () => {
		if (released) return;
		released = true;
		try {
			unlinkSync(file);
		} catch {
			// Already gone: nothing to release.
		}
	};
}
