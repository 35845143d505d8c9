import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupError } from '../../server/backup/backup-file.ts';
import { backupDatabase, restoreDatabase } from '../../server/backup/backup-service.ts';
import { PROJECT_ROOT, type Config } from '../../server/config.ts';
import { knownMigrationLevel } from '../../server/db/migrate.ts';
import { DataDirBusyError } from '../../server/db/data-dir-lock.ts';
import type { Db } from '../../server/db/db.ts';
import { openDb } from '../../server/db/open-db.ts';
import { startServer, type RunningServer } from '../../server/main.ts';
import { ensureTestUser, signIn } from '../support/accounts.ts';
import { freshPostgresUrl, testConfig, TEST_DATABASE_URL } from '../support/test-server.ts';

/**
 * Backup and restore on the suite's backend: PostGIS through pg_dump and psql (online backup), or
 * the embedded database's folder (the server stopped). A restored database holds the same grids,
 * incidents and audit trail, its server serves them, and a file that cannot be restored is refused
 * before anything changes.
 */
const work = mkdtempSync(path.join(tmpdir(), 'gridline-backup-'));
const file = path.join(work, 'district.backup');
let source: Pick<Config, 'databaseUrl' | 'dataDir'>;
let target: Pick<Config, 'databaseUrl' | 'dataDir'>;
let server: RunningServer | null = null;
let incidentId: string;
let before: Record<string, unknown>;

// No past incidents (a seeded folder is slow to write); the test files its own.
const serve = async (where: Pick<Config, 'databaseUrl' | 'dataDir'>) =>
  (server = await startServer(testConfig({ ...where, seedHistoryDays: 0 }), () => undefined));
const stop = async () => {
  await server?.close();
  server = null;
};
const withDb = async <T>(where: Pick<Config, 'databaseUrl' | 'dataDir'>, fn: (db: Db) => Promise<T>): Promise<T> => {
  const db = await openDb(where);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
};

/** What a restore must bring back exactly: every cell's shape and version, every incident's state, the audit trail, the sessions. */
const fingerprint = (db: Db) =>
  db
    .query(
      `SELECT (SELECT md5(string_agg(code || ':' || version || ':' || md5(ST_AsBinary(geom)::text), ',' ORDER BY code)) FROM grids) AS grids,
         (SELECT md5(string_agg(id || ':' || status || ':' || version || ':' || coalesce(description, ''), ',' ORDER BY id)) FROM incidents) AS incidents,
         (SELECT md5(string_agg(id || ':' || action || ':' || outcome || ':' || coalesce(object_id, ''), ',' ORDER BY id)) FROM audit_log) AS audit,
         (SELECT count(*)::int FROM residents) AS residents, (SELECT count(*)::int FROM users) AS users,
         (SELECT md5(string_agg(id, ',' ORDER BY id)) FROM sessions) AS sessions`,
    )
    .then((rows) => rows[0]!);

beforeAll(async () => {
  if (TEST_DATABASE_URL) {
    source = { databaseUrl: (await freshPostgresUrl('backup_src'))!, dataDir: 'memory://' };
    target = { databaseUrl: (await freshPostgresUrl('backup_dst'))!, dataDir: 'memory://' };
  } else {
    source = { databaseUrl: '', dataDir: path.join(work, 'source') };
    target = { databaseUrl: '', dataDir: path.join(work, 'target') };
  }
  const s = await serve(source);
  const [root] = await s.db.query<{ code: string }>('SELECT code FROM grids WHERE parent_code IS NULL');
  const [g] = await s.db.query<{ lon: number; lat: number }>(
    "SELECT ST_X(label_point) AS lon, ST_Y(label_point) AS lat FROM grids WHERE level = 'grid' ORDER BY code LIMIT 1",
  );
  await ensureTestUser(s.db, 'backup-commander', 'commander', root!.code);
  const session = await signIn(s.url, 'backup-commander');
  const res = await session.request(
    'POST',
    '/api/incidents',
    { location: g, category: 'hazard', channel: 'hotline', description: '备份前的事件' },
    { 'Idempotency-Key': 'backup-incident-before' },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  incidentId = (res.body as { id: string }).id;
}, 120_000);

afterAll(async () => {
  await stop();
  rmSync(work, { recursive: true, force: true });
});

describe('backup and restore', () => {
  it('backs up the district into one file that says what it holds', async () => {
    if (!TEST_DATABASE_URL) {
      // The embedded database belongs to the running server's process: a backup waits for it to stop.
      await expect(backupDatabase(source, file)).rejects.toThrow(DataDirBusyError);
      await stop();
    }
    before = await withDb(source, fingerprint);
    const header = await backupDatabase(source, file);
    const level = await knownMigrationLevel(path.join(PROJECT_ROOT, 'migrations'));
    expect(header).toMatchObject({ backend: TEST_DATABASE_URL ? 'postgres' : 'pglite', migrationLevel: level });
    expect(header.counts).toMatchObject({ incidents: 1, grids: 37 });
    expect(readFileSync(file).subarray(0, 17).toString()).toBe('GRIDLINE-BACKUP 1');
  });

  it('restores the same grids, incidents and audit trail over what was there, with its sessions, and starts a new epoch', async () => {
    const epochs = async (where: typeof source) =>
      (await withDb(where, (db) => db.query<{ epoch: string }>('SELECT epoch::text FROM database_epoch')))[0]!.epoch;
    const sourceEpoch = await epochs(source);
    await restoreDatabase(target, file);
    // Changed after the first restore, so the second visibly replaces what is there.
    await withDb(target, (db) => db.query("UPDATE incidents SET description = '改过' WHERE id = $1", [incidentId]));
    expect(await withDb(target, fingerprint)).not.toEqual(before);
    const { aside } = await restoreDatabase(target, file);
    expect(aside !== null).toBe(!TEST_DATABASE_URL);
    expect(await withDb(target, fingerprint)).toEqual(before);
    expect(await epochs(target)).not.toBe(sourceEpoch);

    const s = await serve(target);
    const session = await signIn(s.url, 'backup-commander');
    const res = await session.request('GET', `/api/incidents/${incidentId}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ description: '备份前的事件' });
  });

  it('refuses while a server uses the database, and a file from a newer version, a damaged or a foreign one, changing nothing', async () => {
    // The restored server of the test before is still running (and alone may open an embedded folder).
    const snapshot = await fingerprint(server!.db);
    await expect(restoreDatabase(target, file)).rejects.toThrow(TEST_DATABASE_URL ? /still use the database/ : /is using the data folder/);
    await stop();

    const bytes = readFileSync(file);
    const newer = path.join(work, 'newer.backup');
    const level = await knownMigrationLevel(path.join(PROJECT_ROOT, 'migrations'));
    writeFileSync(newer, Buffer.from(bytes.toString('latin1').replace(`"migrationLevel":${level}`, '"migrationLevel":99'), 'latin1'));
    await expect(restoreDatabase(target, newer)).rejects.toThrow(/迁移级别 99.*migration level 99/);
    const cut = path.join(work, 'cut.backup');
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(restoreDatabase(target, cut)).rejects.toThrow(BackupError);
    const foreign = path.join(work, 'foreign.backup');
    writeFileSync(foreign, 'PGDMP not ours');
    await expect(restoreDatabase(target, foreign)).rejects.toThrow(/不是 gridline 备份/);
    expect(await withDb(target, fingerprint)).toEqual(snapshot);
  });
});
