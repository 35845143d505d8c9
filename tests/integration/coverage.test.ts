import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Coverage, GapKind } from '../../server/coverage/coverage-contract.ts';
import type { RunningServer } from '../../server/main.ts';
import { ensureTestUser, signIn, type Session } from '../support/accounts.ts';
import { ownServer } from '../support/test-server.ts';

/** Coverage gaps on a district of its own: one of each kind planted, each found where it was put. */
let server: RunningServer;
let leader: Session;

const read = async () => {
  const res = await leader.request('GET', '/api/coverage');
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as Coverage;
};
const gap = (c: Coverage, kind: GapKind) => c.gaps.find((g) => g.kind === kind)!;

beforeAll(async () => {
  server = await ownServer('coverage');
  const [root] = await server.db.query<{ code: string }>('SELECT code FROM grids WHERE parent_code IS NULL');
  await ensureTestUser(server.db, 'cover-leader', 'leader', root!.code);
  leader = await signIn(server.url, 'cover-leader');
}, 120_000);

afterAll(async () => {
  await server?.close();
});

describe('coverage gaps (村不漏户)', () => {
  it('finds each planted gap, counted once more than before, at the place it was planted', async () => {
    const before = await read();
    const db = server.db;
    const grids = (await db.query<{ code: string }>("SELECT code FROM grids WHERE level = 'grid' ORDER BY code")).map((r) => r.code);
    const [g1, g2, g3, g4] = grids as [string, string, string, string];
    // A household moved out of every grid.
    const [moved] = await db.query<{ id: number; lon: number }>(
      'UPDATE households SET geom = ST_Translate(geom, 1, 0) WHERE id = (SELECT min(id) FROM households) RETURNING id, ST_X(geom) AS lon',
    );
    // A grid loses its leader, another its full-time worker.
    await db.query("DELETE FROM staff_assignments WHERE grid_code = $1 AND duty = 'grid_leader'", [g1]);
    await db.query("DELETE FROM staff_assignments WHERE grid_code = $1 AND duty = 'full_time'", [g2]);
    // A watch-list member loses the responsible worker.
    const [watched] = await db.query<{ grid: string }>(
      `UPDATE key_group_members k SET responsible_staff_id = NULL
       WHERE k.id = (SELECT min(k2.id) FROM key_group_members k2 JOIN key_group_categories c ON c.code = k2.category
                     WHERE c.kind = 'watch' AND k2.until IS NULL AND k2.responsible_staff_id IS NOT NULL)
       RETURNING (SELECT h.grid_code FROM residents r JOIN households h ON h.id = r.household_id WHERE r.id = k.resident_id) AS grid`,
    );
    // A grid's members have never been visited.
    await db.query(
      `DELETE FROM visits v USING key_group_members k, residents r, households h
       WHERE v.member_id = k.id AND k.resident_id = r.id AND r.household_id = h.id AND h.grid_code = $1`,
      [g3],
    );
    // A new home with nobody registered, and a rental home with no residents.
    const [building] = await db.query<{ id: number }>(
      `INSERT INTO buildings (id, block_id, compound_id, name, kind, floors, units, geom)
       SELECT (SELECT max(id) + 1 FROM buildings), b.block_id, b.compound_id, '测试新楼', 'residential', b.floors, b.units, b.geom
       FROM buildings b JOIN households h ON h.building_id = b.id WHERE h.grid_code = $1 ORDER BY b.id LIMIT 1 RETURNING id`,
      [g4],
    );
    await db.query(
      `INSERT INTO households (id, building_id, grid_code, address, unit, floor, size, geom, tenure)
       SELECT (SELECT max(id) + 1 FROM households), h.building_id, h.grid_code, h.address || '（出租）', h.unit, h.floor, 1, h.geom, 'rental'
       FROM households h WHERE h.grid_code = $1 ORDER BY h.id LIMIT 1`,
      [g4],
    );
    const after = await read();
    const grew = (kind: GapKind, by = 1) => expect(gap(after, kind).count, kind).toBe(gap(before, kind).count + by);
    grew('householdsOutside');
    expect(gap(after, 'householdsOutside').items.some((i) => Math.abs(i.lon - moved!.lon) < 1e-9)).toBe(true);
    grew('gridsWithoutLeader');
    expect(gap(after, 'gridsWithoutLeader').items.map((i) => i.code)).toContain(g1);
    grew('gridsWithoutFullTime');
    expect(gap(after, 'gridsWithoutFullTime').items.map((i) => i.code)).toContain(g2);
    grew('watchWithoutWorker');
    expect(gap(after, 'watchWithoutWorker').items.map((i) => i.code)).toContain(watched!.grid);
    expect(gap(after, 'gridsWithoutVisit').items.find((i) => i.code === g3)).toMatchObject({ value: null });
    grew('buildingsWithoutHousehold');
    expect(gap(after, 'buildingsWithoutHousehold').items.some((i) => i.name === '测试新楼')).toBe(true);
    grew('rentalsWithoutResidents');
    expect(gap(after, 'rentalsWithoutResidents').items.map((i) => i.code)).toContain(g4);
    expect(building).toBeDefined();
    // Nothing personal: households by building and unit, watch-list members counted, never named.
    expect(JSON.stringify(after)).not.toMatch(/"(idNumber|phone|residentName)"/);
  });

  it('lists the grids above the standard, most loaded first', async () => {
    await server.db.query(
      "INSERT INTO settings (key, value) VALUES ('households_per_worker', '50') ON CONFLICT (key) DO UPDATE SET value = '50'",
    );
    const c = await read();
    expect(c.standard).toBe(50);
    const over = gap(c, 'gridsOverStandard');
    expect(over.count).toBeGreaterThan(0);
    expect(over.items.every((i) => i.value! > 50)).toBe(true);
    const values = over.items.map((i) => i.value!);
    expect([...values].sort((x, y) => y - x)).toEqual(values);
  });

  it('keeps to the viewer’s area: another area is a 404, a worker may not read it', async () => {
    const [first, other] = await server.db.query<{ code: string }>(
      "SELECT code FROM grids WHERE level = 'community' ORDER BY code LIMIT 2",
    );
    await ensureTestUser(server.db, 'cover-local', 'leader', first!.code);
    const local = await signIn(server.url, 'cover-local');
    expect((await local.request('GET', `/api/coverage?area=${other!.code}`)).status).toBe(404);
    const own = (await local.request('GET', '/api/coverage')).body as Coverage;
    expect(own.gaps.flatMap((g) => g.items).every((i) => i.code === null || i.code.startsWith(first!.code))).toBe(true);
    await ensureTestUser(server.db, 'cover-worker', 'worker', first!.code);
    const worker = await signIn(server.url, 'cover-worker');
    expect((await worker.request('GET', '/api/coverage')).status).toBe(403);
    expect((await local.request('GET', '/api/coverage?area=nonsense')).status).toBe(400);
  });
});
