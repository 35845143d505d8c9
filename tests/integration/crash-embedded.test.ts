import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPgliteDb } from '../../server/db/pglite-db.ts';
import { startServer } from '../../server/main.ts';
import { ensureTestUser, signIn } from '../support/accounts.ts';
import { keyedReports, killed, startChild } from '../support/crash-kit.ts';
import { testConfig, TEST_DATABASE_URL } from '../support/test-server.ts';

/**
 * The embedded database, as `npm start` runs it, killed with SIGKILL while keyed reports are being
 * filed: its folder opens again (the dead server's lock is taken over), and every retry with the
 * same key is filed exactly once. PGlite belongs to one process, so the test reads the folder only
 * while no server has it.
 */
describe.skipIf(TEST_DATABASE_URL)('the embedded database killed with SIGKILL', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'gridline-crash-embedded-'));
  const dataDir = path.join(work, 'pglite');
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('opens again after the kill, and each keyed report in flight is filed exactly once by its retry', async () => {
    // No past incidents: the scenario needs the district, not its history, and seeding a folder is slow.
    const seeded = await startServer(testConfig({ dataDir, seedHistoryDays: 0 }), () => undefined);
    const [root] = await seeded.db.query<{ code: string }>('SELECT code FROM grids WHERE parent_code IS NULL');
    const [g] = await seeded.db.query<{ lon: number; lat: number }>(
      "SELECT ST_X(label_point) AS lon, ST_Y(label_point) AS lat FROM grids WHERE level = 'grid' ORDER BY code LIMIT 1",
    );
    await ensureTestUser(seeded.db, 'crash-embedded', 'commander', root!.code);
    await seeded.close();

    const reports = keyedReports(g!);

    let { child, url } = await startChild({ dataDir });
    try {
      const session = await signIn(url, 'crash-embedded');
      const first = await reports.killedInFlight(child, url, session);
      expect(
        first.some((s) => s !== 201),
        'some requests were cut off by the kill',
      ).toBe(true);

      ({ child, url } = await startChild({ dataDir }));
      const again = await signIn(url, 'crash-embedded');
      expect(await reports.fileAll(url, again)).toEqual(reports.keys.map(() => 201));
    } finally {
      await killed(child);
    }
    const db = await openPgliteDb(dataDir);
    try {
      const [row] = await db.query<{ n: number; open: number }>(
        `SELECT (SELECT count(*)::int FROM incidents WHERE description LIKE $1) AS n,
                (SELECT count(*)::int FROM idempotency_keys WHERE status_code IS NULL) AS open`,
        [`${reports.marker}%`],
      );
      expect(row).toEqual({ n: reports.keys.length, open: 0 });
    } finally {
      await db.close();
    }
  }, 120_000);
});
