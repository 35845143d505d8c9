import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import { lockFileOf } from '../../server/db/data-dir-lock.ts';

function runServer(env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'server/main.ts')], {
    env: { ...process.env, PORT: '0', GRIDLINE_SEED_SCALE: 'none', DATABASE_URL: '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('start-up failures an operator can fix', () => {
  it('exits with one clear line when DATABASE_URL cannot be reached', () => {
    const result = runServer({ DATABASE_URL: 'postgres://postgres:secret@127.0.0.1:1/gridline' });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/cannot reach the database at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/gridline/);
    expect(result.stderr).not.toContain('secret');
  });

  it('says how to reset a corrupt embedded data folder', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gridline-corrupt-'));
    writeFileSync(path.join(dir, 'PG_VERSION'), 'not a postgres data folder\n');
    const result = runServer({ GRIDLINE_DATA_DIR: dir });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(dir);
    expect(result.stderr).toMatch(/delete that folder/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses a data folder another running process holds, naming it, before touching the folder', () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'gridline-held-')), 'pglite');
    // This test's own process stands for the server already running on the folder.
    writeFileSync(lockFileOf(dir), `${process.pid}\n`);
    const result = runServer({ GRIDLINE_DATA_DIR: dir });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`pid ${process.pid}`);
    expect(result.stderr).toMatch(/正在使用数据目录.*is using the data folder/);
    expect(existsSync(dir)).toBe(false);
  });

  it('refuses to start several workers without a reachable Redis, saying where it looked', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'tests/support/cluster-server.ts')], {
      env: {
        ...process.env,
        PORT: '0',
        DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere',
        GRIDLINE_WORKERS: '2',
        GRIDLINE_REDIS_URL: 'redis://127.0.0.1:1',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
  });
});
