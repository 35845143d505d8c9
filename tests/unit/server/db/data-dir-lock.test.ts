import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirBusyError, dataDirHolder, lockDataDir, lockFileOf } from '../../../../server/db/data-dir-lock.ts';
import { finishInterruptedRestore, restoreFolders } from '../../../../server/db/data-dir-swap.ts';

const work = mkdtempSync(path.join(tmpdir(), 'gridline-lock-'));
const dir = path.join(work, 'pglite');
afterEach(() => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
});

describe('the embedded data folder’s lock', () => {
  it('lets one holder in at a time and frees the folder on release', () => {
    const release = lockDataDir(dir);
    expect(dataDirHolder(dir)).toBe(process.pid);
    expect(() => lockDataDir(dir)).toThrow(DataDirBusyError);
    release();
    expect(existsSync(lockFileOf(dir))).toBe(false);
    lockDataDir(dir)();
  });

  it('takes over a lock left by a process that died', () => {
    // A pid that certainly ran and is gone: a child that has exited.
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    writeFileSync(lockFileOf(dir), `${dead}\n`);
    expect(dataDirHolder(dir)).toBeNull();
    const release = lockDataDir(dir);
    expect(dataDirHolder(dir)).toBe(process.pid);
    release();
  });
});

describe('the lock across restarts and racing takeovers', () => {
  it('takes over a lock with this process’s own pid from an earlier run (a restarted container reuses pids)', () => {
    writeFileSync(lockFileOf(dir), `${process.pid} an-earlier-run\n`);
    expect(dataDirHolder(dir)).toBeNull();
    const release = lockDataDir(dir);
    expect(dataDirHolder(dir)).toBe(process.pid);
    release();
  });

  it('lets exactly one of several processes racing for a dead lock in', () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    writeFileSync(lockFileOf(dir), `${dead}\n`);
    const lockModule = path.resolve(import.meta.dirname, '../../../../server/db/data-dir-lock.ts');
    // Each child takes the lock, holds it for a second, and prints whether it got in.
    const script = `
      const { lockDataDir } = await import(${JSON.stringify(lockModule)});
      try { const release = lockDataDir(${JSON.stringify(dir)}); console.log('in'); await new Promise((r) => setTimeout(r, 1000)); release(); }
      catch (err) { console.log(err.name); }`;
    const children = Array.from({ length: 4 }, () =>
      spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] }),
    );
    return Promise.all(
      children.map(
        (c) =>
          new Promise<string>((resolve) => {
            let out = '';
            c.stdout.on('data', (d: Buffer) => (out += d.toString()));
            c.on('close', () => resolve(out.trim()));
          }),
      ),
    ).then((outcomes) => {
      expect(outcomes.filter((o) => o === 'in')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'DataDirBusyError')).toHaveLength(3);
    });
  }, 30_000);
});

describe('a restore interrupted between its two renames', () => {
  it('is finished at the next start: the checked new folder is moved in', () => {
    const { ready } = restoreFolders(dir);
    mkdirSync(ready);
    writeFileSync(path.join(ready, 'PG_VERSION'), '17');
    finishInterruptedRestore(dir);
    expect(existsSync(path.join(dir, 'PG_VERSION'))).toBe(true);
    expect(existsSync(ready)).toBe(false);
  });

  it('leaves a folder in place alone, and ignores a new one still being built', () => {
    const { building, ready } = restoreFolders(dir);
    mkdirSync(building);
    finishInterruptedRestore(dir);
    expect(existsSync(dir)).toBe(false);
    mkdirSync(dir);
    mkdirSync(ready);
    finishInterruptedRestore(dir);
    expect(existsSync(ready)).toBe(true);
  });
});
