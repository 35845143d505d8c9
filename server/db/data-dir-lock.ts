import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';

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

/** The live process that holds the folder, or null (no lock, or one left by a process that died). */
export function dataDirHolder(dataDir: string): number | null {
  let pid: number;
  try {
    pid = Number(readFileSync(lockFileOf(dataDir), 'utf8').trim());
  } catch {
    return null;
  }
  return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : null;
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
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
      const holder = dataDirHolder(dataDir);
      if (holder !== null) throw new DataDirBusyError(dataDir, holder);
      unlinkSync(file);
    }
  }
  return () => {
    try {
      if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
    } catch {
      // already gone
    }
  };
}
