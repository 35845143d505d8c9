import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.ts';
import { migrate, MigrationError } from '../../server/db/migrate.ts';
import { openPgDb } from '../../server/db/pg-db.ts';
import { openPgliteDb } from '../../server/db/pglite-db.ts';
import { freshPostgresUrl } from '../support/test-server.ts';

/** A database of its own (the runner's tests must not touch the shared one). */
async function freshDb(): Promise<Db> {
  const url = await freshPostgresUrl('migrations');
  return url ? openPgDb(url) : openPgliteDb('memory://');
}

function migrationDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gridline-migrations-'));
  for (const [name, sql] of Object.entries(files)) writeFileSync(path.join(dir, name), sql);
  return dir;
}

let db: Db;
beforeAll(async () => {
  db = await freshDb();
});
afterAll(async () => {
  await db.close();
});

describe('migration runner', () => {
  const good = {
    '001_first.sql': 'CREATE TABLE one (id integer PRIMARY KEY);',
    '002_second.sql': 'CREATE TABLE two (id integer PRIMARY KEY); INSERT INTO two VALUES (1), (2);',
  };

  it('applies numbered files in order and records them', async () => {
    expect(await migrate(db, migrationDir(good))).toBe(2);
    const rows = await db.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(rows).toEqual([
      { version: 1, name: 'first' },
      { version: 2, name: 'second' },
    ]);
  });

  it('does nothing when run again', async () => {
    expect(await migrate(db, migrationDir(good))).toBe(2);
    const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM two');
    expect(row!.n).toBe(2);
  });

  it('rolls a failing migration back whole and says which file failed', async () => {
    const dir = migrationDir({
      ...good,
      '003_broken.sql': 'CREATE TABLE three (id integer); INSERT INTO three VALUES (1); SELECT no_such_function();',
    });
    await expect(migrate(db, dir)).rejects.toThrow(MigrationError);
    await expect(migrate(db, dir)).rejects.toThrow(/migration 3 \(broken\) failed and was rolled back/);
    const [row] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'three'");
    expect(row!.n).toBe(0);
    const [level] = await db.query<{ v: number }>('SELECT max(version)::int AS v FROM schema_migrations');
    expect(level!.v).toBe(2);
  });

  it('refuses a migration that was edited after it ran', async () => {
    const dir = migrationDir({ ...good, '002_second.sql': 'CREATE TABLE two (id bigint);' });
    await expect(migrate(db, dir)).rejects.toThrow(/was changed after it ran/);
  });

  it('refuses gaps in the numbering', async () => {
    const dir = migrationDir({ '001_first.sql': good['001_first.sql'], '003_third.sql': 'SELECT 1;' });
    await expect(migrate(db, dir)).rejects.toThrow(/numbered 1, 2, 3/);
  });
});
