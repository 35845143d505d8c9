import { beforeAll, describe, expect, it } from 'vitest';
import { ensureTestUser, signIn, type Session } from '../support/accounts.ts';
import { sharedServer } from '../support/test-server.ts';

interface Due {
  memberId: number;
  name: string;
  category: string;
  kind: string;
  dueAt: string;
  overdue: boolean;
}

let worker: Session;
let grid: string;

beforeAll(async () => {
  const { db, url } = await sharedServer();
  const [g] = await db.query<{ code: string }>(
    `SELECT h.grid_code AS code FROM key_group_members m JOIN residents r ON r.id = m.resident_id
     JOIN households h ON h.id = r.household_id GROUP BY h.grid_code ORDER BY count(*) DESC LIMIT 1`,
  );
  grid = g!.code;
  await ensureTestUser(db, 'visits-worker', 'worker', grid);
  worker = await signIn(url, 'visits-worker');
});

describe('visits (四访)', () => {
  it('lists a grid’s must-visit people, overdue first, masked, without watch-list categories for a worker', async () => {
    const res = await worker.request('GET', `/api/visits/due?grid=${grid}`);
    expect(res.status).toBe(200);
    const rows = (res.body as { rows: Due[] }).rows;
    expect(rows.length).toBeGreaterThan(0);
    for (let i = 1; i < rows.length; i++) expect(Date.parse(rows[i]!.dueAt)).toBeGreaterThanOrEqual(Date.parse(rows[i - 1]!.dueAt));
    expect(rows.some((r) => r.overdue)).toBe(true);
    expect(rows.every((r) => r.kind === 'visit')).toBe(true);
    expect(rows.every((r) => r.name.includes('*'))).toBe(true);
  });

  it('records a one-tap visit with place and time, audited, and moves that person’s next due date', async () => {
    const { db } = await sharedServer();
    const first = ((await worker.request('GET', `/api/visits/due?grid=${grid}`)).body as { rows: Due[] }).rows[0]!;
    const [spot] = await db.query<{ lon: number; lat: number }>(
      'SELECT ST_X(label_point) AS lon, ST_Y(label_point) AS lat FROM grids WHERE code = $1',
      [grid],
    );
    const res = await worker.request('POST', '/api/visits', {
      memberId: first.memberId,
      location: spot,
      found: '老人身体尚好，需要代买药品',
      followUp: true,
    });
    expect(res.status).toBe(201);
    const visit = res.body as { nextDueAt: string };
    expect(Date.parse(visit.nextDueAt)).toBeGreaterThan(Date.now());
    const after = ((await worker.request('GET', `/api/visits/due?grid=${grid}`)).body as { rows: Due[] }).rows;
    expect(after.find((r) => r.memberId === first.memberId)?.dueAt ?? visit.nextDueAt).toBe(visit.nextDueAt);
    const [audit] = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'visit.create' AND object_id = $1",
      [String(first.memberId)],
    );
    expect(audit!.n).toBe(1);
  });

  it('refuses a visit to someone outside the worker’s grid or on a watch list it may not see, and bad input, storing nothing', async () => {
    const { db } = await sharedServer();
    const count = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM visits'))[0]!.n;
    const before = await count();
    const [foreign] = await db.query<{ id: number }>(
      `SELECT m.id FROM key_group_members m JOIN residents r ON r.id = m.resident_id JOIN households h ON h.id = r.household_id
       WHERE h.grid_code <> $1 LIMIT 1`,
      [grid],
    );
    expect((await worker.request('POST', '/api/visits', { memberId: foreign!.id, found: '越界' })).status).toBe(404);
    const [watched] = await db.query<{ id: number }>(
      `SELECT m.id FROM key_group_members m JOIN key_group_categories c ON c.code = m.category JOIN residents r ON r.id = m.resident_id
       JOIN households h ON h.id = r.household_id WHERE h.grid_code = $1 AND c.kind = 'watch' LIMIT 1`,
      [grid],
    );
    if (watched) expect((await worker.request('POST', '/api/visits', { memberId: watched.id, found: '关注' })).status).toBe(404);
    expect((await worker.request('POST', '/api/visits', { memberId: 1, found: '' })).status).toBe(400);
    expect((await worker.request('POST', '/api/visits', { memberId: 1, found: 'x', location: { lon: 200, lat: 0 } })).status).toBe(400);
    expect(await count()).toBe(before);
  });

  it('files a problem found on a visit as an incident, with the visit, in one transaction', async () => {
    const { db } = await sharedServer();
    const first = ((await worker.request('GET', `/api/visits/due?grid=${grid}`)).body as { rows: Due[] }).rows[0]!;
    const res = await worker.request('POST', '/api/visits', {
      memberId: first.memberId,
      found: '家中燃气软管老化',
      raise: { category: 'hazard', description: '走访发现燃气软管老化，需要更换' },
    });
    expect(res.status).toBe(201);
    const { id, incidentId } = res.body as { id: string; incidentId: string };
    const [row] = await db.query<{ incident: string; followUp: boolean; channel: string; grid: string }>(
      `SELECT v.incident_id::text AS incident, v.follow_up AS "followUp", i.channel, i.grid_code AS grid
       FROM visits v JOIN incidents i ON i.id = v.incident_id WHERE v.id = $1::bigint`,
      [id],
    );
    expect(row).toMatchObject({ incident: incidentId, followUp: true, channel: 'patrol', grid });
    // A refused incident leaves no visit behind.
    const count = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM visits'))[0]!.n;
    const before = await count();
    const bad = await worker.request('POST', '/api/visits', {
      memberId: first.memberId,
      found: '发现问题',
      raise: { category: 'aliens', description: '?' },
    });
    expect(bad.status).toBe(400);
    expect(await count()).toBe(before);
  });
});
