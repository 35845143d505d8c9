import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';

/** Where the pid of the process using an embedded database folder is kept: beside the folder, so a restore can swap the folder. */
export const lockFileOf = (dataDir: string) => `${dataDir.replace(/\/+$/, '')}.pid`;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * This run of this process. A container restarted after a hard kill often gets the same pid as the
 * run that died (pid 1, or the same low number), so a pid alone would make that run's lock look
 * alive forever: the lock names the run too.
 */
const RUN = randomUUID();

/** The live process that holds the folder, or null (no lock, or one left by a process that died). */
export function dataDirHolder(dataDir: string): number | null {
  let fields: string[];
  try {
    fields = readFileSync(lockFileOf(dataDir), 'utf8').trim().split(/\s+/);
  } catch {
    return null;
  }
  const [pid, run] = [Number(fields[0]), fields[1]];
  if (!Number.isInteger(pid) || pid <= 0) return null;
  // Our own pid is a holder only when it is this very run (opened twice in one process).
  if (pid === process.pid) return run === RUN ? pid : null;
  return alive(pid) ? pid : null;
}

/** A folder another process is using: opening it too would corrupt it. */
export class DataDirBusyError extends Error {
  override name = 'DataDirBusyError';
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `另一个 gridline 进程（pid ${pid}）正在使用数据目录 ${dataDir}，请先停止它；若确认没有在运行，删除 ${lockFileOf(dataDir)} / ` +
        `another gridline process (pid ${pid}) is using the data folder ${dataDir}; stop it first (if none runs, delete ${lockFileOf(dataDir)})`,
    );
  }
}

/**
 * Takes the folder for this process; returns the release. PGlite is one process's database, and two
 * processes writing one folder corrupt it, so a second server, a seed or a restore is refused while
 * one runs. A lock left by a process that died (SIGKILL, power) is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  const file = lockFileOf(dataDir);
  const mine = `${process.pid} ${RUN}`;
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, `${mine}\n`, { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 2) throw err;
      takeOverStale(dataDir);
    }
  }
  return () => {
    try {
      if (readFileSync(file, 'utf8').trim() === mine) unlinkSync(file);
    } catch {
      // already gone
    }
  };
}

/** A takeover mutex older than this was left by a process that died during one. */
const TAKEOVER_STALE_MS = 10_000;

/**
 * Removes a dead process's lock, or throws `DataDirBusyError` for a live one. Two processes that
 * both found the lock dead must not both remove "it": the second would remove the lock the first
 * had just written, and both would open the folder. So the check and the removal happen under a
 * mutex (a directory, created atomically), and the check is made again inside it.
 */
function takeOverStale(dataDir: string): void {
  const file = lockFileOf(dataDir);
  const mutex = `${file}.takeover`;
  try {
    mkdirSync(mutex);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const age = (() => {
      try {
        return Date.now() - statSync(mutex).mtimeMs;
      } catch {
        return 0;
      }
    })();
    if (age < TAKEOVER_STALE_MS) {
      // Another process is taking over this moment (it takes microseconds): look again after it.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      return;
    }
    rmdirSync(mutex);
    mkdirSync(mutex);
  }
  try {
    const holder = dataDirHolder(dataDir);
    if (holder !== null) throw new DataDirBusyError(dataDir, holder);
    try {
      unlinkSync(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  } finally {
    rmdirSync(mutex);
  }
}
