import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { strToU8 } from 'fflate';
import pg from 'pg';
import type { MultiPolygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/db.ts';
import { openPgDb } from '../../server/db/pg-db.ts';
import { makeIdNumber } from '../../geodata/id-number.ts';
import { ensureTestUser, signIn, type Session } from '../support/accounts.ts';
import { blockedOn, CHILD_APP, FollowingWall, holdTable, killed, leftovers, startChild, tablesWritten } from '../support/crash-kit.ts';
import { freshPostgresUrl, TEST_DATABASE_URL } from '../support/test-server.ts';

/**
 * The crash suite's long writes: a boundary publish moving thousands of households, a register
 * import commit and the escalation loop's pass. Each is stopped at a chosen statement (a test
 * connection holds a lock on the table it writes next) with everything before it written and
 * uncommitted, and the server is then killed with SIGKILL. On a database of its own: the
 * publish redraws a community the shared server's tests rely on.
 */
let databaseUrl: string;
let db: Db;
let root: string;
let child: ChildProcess | null = null;
let url: string;
let wall: FollowingWall;
/** The outbox position the wall started from. */
let startSeq: number;

const NO_LEFTOVERS = { connections: 0, openTransactions: 0, stampingLockFree: true };

async function restart(escalationSeconds?: number): Promise<void> {
  if (child) await killed(child);
  ({ child, url } = await startChild(databaseUrl, escalationSeconds));
  await wall.connect(url);
}

/**
 * Kills the server while a statement on `table` waits for the lock the test holds, then lets go of
 * the lock. `start` sets the write going (a request, whose answer is returned: 0 when cut off, or a
 * change that sets a loop going). Also returns the tables the write's transaction had written.
 */
async function killWhileWriting(table: string, statement: string, start: () => Promise<number>) {
  const hold = await holdTable(databaseUrl, table);
  try {
    const status = start();
    // A write that answers before reaching the statement is a failure of the setup: name its status.
    const early = status.then((s) =>
      s === -1 ? new Promise<never>(() => undefined) : Promise.reject(new Error(`the write answered ${s} first`)),
    );
    await Promise.race([blockedOn(db, statement), early]);
    const written = await tablesWritten(db);
    await killed(child!);
    return { status: await status, written };
  } finally {
    await hold.release();
  }
}

const send = (s: Session, method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}${path}`, {
    method,
    headers: { Cookie: s.cookie, 'X-CSRF-Token': s.csrf, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  }).then(
    (r) => r.status,
    () => 0,
  );

describe.runIf(TEST_DATABASE_URL)('long writes killed with SIGKILL halfway', () => {
  beforeAll(async () => {
    databaseUrl = (await freshPostgresUrl('crash_writes'))!;
    ({ child, url } = await startChild(databaseUrl, 1));
    db = await openPgDb(databaseUrl);
    [{ code: root }] = (await db.query<{ code: string }>('SELECT code FROM grids WHERE parent_code IS NULL')) as [{ code: string }];
    await ensureTestUser(db, 'crash-operator', 'operator', root);
    await ensureTestUser(db, 'crash-commander', 'commander', root);
    await ensureTestUser(db, 'crash-wall', 'wall', root);
    wall = new FollowingWall((await signIn(url, 'crash-wall')).cookie);
    [{ seq: startSeq }] = (await db.query<{ seq: number }>('SELECT coalesce(max(seq), 0)::int AS seq FROM outbox')) as [{ seq: number }];
    await wall.connect(url);
  }, 120_000);

  afterAll(async () => {
    wall?.close();
    if (child) await killed(child);
    await db?.close();
  });

  it('a publish merging a community into one grid: nothing of it is left, and the same publish then lands once', async () => {
    const operator = await signIn(url, 'crash-operator');
    const [community] = await db.query<{ code: string; households: number }>(
      `SELECT g.parent_code AS code, count(h.*)::int AS households FROM grids g JOIN households h ON h.grid_code = g.code
        WHERE g.level = 'grid' GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
    );
    const cells = (await db.query<{ code: string }>('SELECT code FROM grids WHERE parent_code = $1 ORDER BY code', [community!.code])).map(
      (c) => c.code,
    );
    const [keep, ...gone] = cells as [string, ...string[]];
    const [{ moving }] = (await db.query<{ moving: number }>('SELECT count(*)::int AS moving FROM households WHERE grid_code = ANY($1)', [
      gone,
    ])) as [{ moving: number }];
    expect(moving).toBeGreaterThan(1000);
    const [merged] = await db.query<{ g: MultiPolygon }>(
      'SELECT ST_AsGeoJSON(ST_Multi(ST_Union(geom)))::json AS g FROM grids WHERE parent_code = $1',
      [community!.code],
    );
    const created = await operator.request('POST', '/api/boundaries/change-sets', { title: '断电合并' });
    expect(created.status).toBe(201);
    const id = (created.body as { id: number }).id;
    for (const [code, body] of [[keep, { geometry: merged!.g }] as const, ...gone.map((c) => [c, { action: 'delete' }] as const)]) {
      const res = await operator.request('PUT', `/api/boundaries/change-sets/${id}/cells/${code}`, body);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    const { ifMatch } = (await operator.request('GET', `/api/boundaries/change-sets/${id}`)).body as { ifMatch: string };
    /** Everything the publish writes. */
    const state = async () =>
      (
        await db.query<{ s: string }>(
          `SELECT (SELECT md5(string_agg(code || ':' || version || ':' || md5(ST_AsBinary(geom)::text), ',' ORDER BY code)) FROM grids)
             || (SELECT md5(string_agg(id || ':' || grid_code, ',' ORDER BY id)) FROM households)
             || (SELECT md5(string_agg(id || ':' || coalesce(grid_code, '') || ':' || responsible_code, ',' ORDER BY id)) FROM incidents)
             || (SELECT md5(string_agg(staff_id || ':' || grid_code, ',' ORDER BY staff_id, grid_code)) FROM staff_assignments)
             || ':' || (SELECT count(*) FROM grid_versions) || ':' || (SELECT count(*) FROM outbox)
             || ':' || (SELECT count(*) FROM audit_log WHERE action = 'boundary.publish')
             || ':' || (SELECT status FROM change_sets WHERE id = $1) AS s`,
          [id],
        )
      )[0]!.s;
    const before = await state();

    // Stopped at its audit row, its last statement: every household has been moved, uncommitted.
    const cut = await killWhileWriting('audit_log', 'INSERT INTO audit_log', () =>
      send(operator, 'POST', `/api/boundaries/change-sets/${id}/publish`, { reason: '断电测试' }, { 'If-Match': ifMatch }),
    );
    expect(cut).toEqual({
      status: 0,
      written: expect.arrayContaining(['change_sets', 'grid_versions', 'grids', 'households', 'incidents', 'outbox', 'staff_assignments']),
    });
    expect(await leftovers(db)).toEqual(NO_LEFTOVERS);
    expect(await state()).toBe(before);

    await restart(1);
    const again = await signIn(url, 'crash-operator');
    expect(await send(again, 'POST', `/api/boundaries/change-sets/${id}/publish`, { reason: '断电测试' }, { 'If-Match': ifMatch })).toBe(
      200,
    );
    const [after] = await db.query<{ households: number; left: number; versions: number }>(
      `SELECT (SELECT count(*)::int FROM households WHERE grid_code = $1) AS households,
              (SELECT count(*)::int FROM grids WHERE parent_code = $2) AS left,
              (SELECT count(*)::int FROM grid_versions WHERE change_set_id = $3) AS versions`,
      [keep, community!.code, id],
    );
    expect(after).toEqual({ households: community!.households, left: 1, versions: cells.length });
  });

  it('a register import commit: no household or resident of it is left, and the commit then lands once', async () => {
    const commander = await signIn(url, 'crash-commander');
    const buildings = await db.query<{ name: string }>(
      `WITH unique_names AS (SELECT name FROM buildings GROUP BY name HAVING count(*) = 1)
       SELECT b.name FROM buildings b JOIN unique_names u USING (name) WHERE b.kind = 'residential' ORDER BY b.id LIMIT 40`,
    );
    const households = 400;
    const rows = Array.from({ length: households * 3 }, (_, i) => {
      const h = Math.floor(i / 3);
      const address = `${buildings[h % buildings.length]!.name}${(h % 6) + 1}单元${9000 + h}室`;
      return [
        `C${h}`,
        `断电${i}`,
        makeIdNumber('710000', new Date(Date.UTC(1950, 0, 1) + i * 86_400_000).toISOString().slice(0, 10), i % 2 ? 'F' : 'M', 0),
        '',
        i % 2 ? '女' : '男',
        '',
        '户籍',
        address,
      ];
    });
    const csv = `\uFEFF户号,姓名,身份证号,手机号码,性别,出生日期,户籍类型,地址\n${rows.map((r) => r.join(',')).join('\n')}\n`;
    const up = await fetch(`${url}/api/registers/imports?name=crash.csv`, {
      method: 'POST',
      headers: { Cookie: commander.cookie, 'X-CSRF-Token': commander.csrf, 'Content-Type': 'text/csv' },
      body: strToU8(csv),
    });
    expect(up.status).toBe(201);
    const { id, suggested: mapping } = (await up.json()) as { id: number; suggested: unknown };
    const check = await commander.request('POST', `/api/registers/imports/${id}/check`, { mapping });
    expect(check.body).toMatchObject({ valid: rows.length, invalid: 0, newHouseholds: households, newResidents: rows.length });
    const state = async () =>
      (
        await db.query<{ households: number; residents: number; committed: boolean; audits: number }>(
          `SELECT (SELECT count(*)::int FROM households) AS households, (SELECT count(*)::int FROM residents) AS residents,
                  (SELECT committed_at IS NOT NULL FROM register_imports WHERE id = $1) AS committed,
                  (SELECT count(*)::int FROM audit_log WHERE action = 'people.import' AND object_id = $1::text) AS audits`,
          [id],
        )
      )[0]!;
    const before = await state();

    // Stopped at its audit row, after the households, residents and the import's mark are written.
    const cut = await killWhileWriting('audit_log', 'INSERT INTO audit_log', () =>
      send(commander, 'POST', `/api/registers/imports/${id}/commit`, { mapping }),
    );
    expect(cut).toEqual({ status: 0, written: expect.arrayContaining(['households', 'register_imports', 'residents']) });
    expect(await leftovers(db)).toEqual(NO_LEFTOVERS);
    expect(await state()).toEqual(before);

    await restart(1);
    const again = await signIn(url, 'crash-commander');
    const commit = await again.request('POST', `/api/registers/imports/${id}/commit`, { mapping });
    expect(commit.status).toBe(200);
    expect(commit.body).toMatchObject({ newHouseholds: households, newResidents: rows.length });
    expect(await state()).toEqual({
      households: before.households + households,
      residents: before.residents + rows.length,
      committed: true,
      audits: before.audits + 1,
    });
  });

  it('an escalation pass: no case climbs without its step and its push, and the next pass climbs each once', async () => {
    const commander = await signIn(url, 'crash-commander');
    const [g] = await db.query<{ lon: number; lat: number; parent: string }>(
      `SELECT ST_X(label_point) AS lon, ST_Y(label_point) AS lat, parent_code AS parent FROM grids
        WHERE level = 'grid' ORDER BY code DESC LIMIT 1`,
    );
    const marker = `断电升级 ${randomUUID()}`;
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) {
      const res = await commander.request(
        'POST',
        '/api/incidents',
        { location: { lon: g!.lon, lat: g!.lat }, category: 'hazard', channel: 'hotline', description: `${marker} ${i}` },
        { 'Idempotency-Key': `crash-${randomUUID()}` },
      );
      expect(res.status).toBe(201);
      ids.push((res.body as { id: string }).id);
    }
    const states = () =>
      db.query<{ status: string; responsible: string; steps: number; pushes: number; takeovers: number }>(
        `SELECT i.status, i.responsible_code AS responsible,
                (SELECT count(*)::int FROM incident_events e WHERE e.incident_id = i.id AND e.to_status = 'escalated') AS steps,
                (SELECT count(*)::int FROM outbox o WHERE o.incident_id = i.id AND o.topic LIKE 'incident.%') AS pushes,
                (SELECT count(*)::int FROM takeovers t WHERE t.incident_id = i.id) AS takeovers
           FROM incidents i WHERE i.id = ANY($1::bigint[]) ORDER BY i.id`,
        [ids],
      );
    const before = await states();
    expect(before.every((s) => s.status === 'reported' && s.pushes === 1 && s.takeovers === 0)).toBe(true);

    // Due before anything else, so they head the pass; it stops at its first push, with one case climbed.
    const cut = await killWhileWriting('outbox', 'INSERT INTO outbox', async () => {
      await db.query("UPDATE incidents SET step_deadline = '2000-01-01' WHERE id = ANY($1::bigint[])", [ids]);
      return -1;
    });
    expect(cut.written).toEqual(expect.arrayContaining(['incident_events', 'incidents']));
    expect(await leftovers(db)).toEqual(NO_LEFTOVERS);
    expect(await states()).toEqual(before);

    await restart(1);
    const climbed = async () => (await states()).every((s) => s.status === 'escalated');
    for (let i = 0; i < 200 && !(await climbed()); i++) await new Promise((r) => setTimeout(r, 50));
    // Each climbed once, with its push and the takeover of the community's wall.
    expect(await states()).toEqual(before.map(() => ({ status: 'escalated', responsible: g!.parent, steps: 1, pushes: 2, takeovers: 1 })));

    // The wall followed all three crashes: every row of the outbox since it started, in order, none missing.
    const { seen, expected } = await wall.caughtUp(db, startSeq);
    expect(seen).toEqual(expected);
    expect(expected.length).toBeGreaterThan(ids.length * 2);
  });

  it('the relay killed holding the numbering lock mid-stamp: every row is numbered once, in order, with no gap', async () => {
    const commander = await signIn(url, 'crash-commander');
    const [g] = await db.query<{ lon: number; lat: number }>(
      "SELECT ST_X(label_point) AS lon, ST_Y(label_point) AS lat FROM grids WHERE level = 'grid' ORDER BY code LIMIT 1",
    );
    const [{ seq: from }] = (await db.query<{ seq: number }>('SELECT coalesce(max(seq), 0)::int AS seq FROM outbox')) as [{ seq: number }];
    // The test takes the numbering lock first, so the reports' rows wait unnumbered and the relay waits for the lock.
    const holder = new pg.Client({ connectionString: databaseUrl });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock(727401)');
      for (let i = 0; i < 12; i++) {
        const res = await commander.request(
          'POST',
          '/api/incidents',
          { location: g, category: 'hazard', channel: 'hotline', description: `断电编号 ${i}` },
          { 'Idempotency-Key': `crash-${randomUUID()}` },
        );
        expect(res.status).toBe(201);
      }
      // The last waiting row is locked, then the numbering lock is let go: the relay takes it, numbers
      // the rows before that one (uncommitted) and waits on it, holding the lock. Then it is killed.
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM outbox WHERE seq IS NULL ORDER BY id DESC LIMIT 1 FOR UPDATE');
      await holder.query('SELECT pg_advisory_unlock(727401)');
      await blockedOn(db, 'WITH pending AS');
      const [held] = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE a.application_name = $1 AND l.locktype = 'advisory' AND l.objid = 727401 AND l.granted`,
        [CHILD_APP],
      );
      expect(held!.n).toBe(1);
      await killed(child!);
      await holder.query('COMMIT');
    } finally {
      await holder.end();
    }
    expect(await leftovers(db)).toEqual(NO_LEFTOVERS);
    const [pending] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE seq IS NULL');
    expect(pending!.n).toBeGreaterThanOrEqual(12);

    await restart(1);
    const { seen, expected } = await wall.caughtUp(db, startSeq);
    expect(seen).toEqual(expected);
    // Numbered once each, without a hole where the killed stamp's numbers were.
    const mine = expected.filter((q) => q > from);
    expect(mine).toEqual(mine.map((_, i) => from + 1 + i));
    expect(mine.length).toBeGreaterThanOrEqual(12);
  });
});
