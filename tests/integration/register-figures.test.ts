import { beforeAll, describe, expect, it } from 'vitest';
import { MIN_BIN_COUNT } from '../../server/people/registers-service.ts';
import { ensureTestUser, signIn, type Session } from '../support/accounts.ts';
import { rootCode, sharedServer } from '../support/test-server.ts';

interface CellFigures {
  code: string;
  households: number;
  residents: number;
  floating: number;
  members: number;
  overdue: number;
}
interface Hexagons {
  minCount: number;
  withheld: number;
  cells: { q: number; r: number; count: number; ring: [number, number][] }[];
}
interface Point {
  householdId: number;
  lon: number;
  lat: number;
  gridCode: string;
  categories: string[];
}

let commander: Session;
let worker: Session;
let wall: Session;
let grid: string;

const count = async (sql: string, params: unknown[] = []) => {
  const { db } = await sharedServer();
  const [row] = await db.query<{ n: number }>(sql, params);
  return row!.n;
};

/** A small box around the worker's grid. */
const gridBox = async (code: string) => {
  const { db } = await sharedServer();
  const [b] = await db.query<{ w: number; s: number; e: number; n: number }>(
    'SELECT ST_XMin(geom) AS w, ST_YMin(geom) AS s, ST_XMax(geom) AS e, ST_YMax(geom) AS n FROM grids WHERE code = $1',
    [code],
  );
  return `${b!.w},${b!.s},${b!.e},${b!.n}`;
};

beforeAll(async () => {
  const { db, url } = await sharedServer();
  const [g] = await db.query<{ code: string }>(
    `SELECT h.grid_code AS code FROM key_group_members m JOIN residents r ON r.id = m.resident_id
     JOIN households h ON h.id = r.household_id GROUP BY h.grid_code ORDER BY count(*) DESC LIMIT 1`,
  );
  grid = g!.code;
  await ensureTestUser(db, 'figures-commander', 'commander', await rootCode());
  await ensureTestUser(db, 'figures-worker', 'worker', grid);
  await ensureTestUser(db, 'figures-wall', 'wall', await rootCode());
  commander = await signIn(url, 'figures-commander');
  worker = await signIn(url, 'figures-worker');
  wall = await signIn(url, 'figures-wall');
});

describe('register figures', () => {
  it('counts every cell of a level as the raw rows do, for all categories and for one', async () => {
    const res = await wall.request('GET', '/api/registers/cells?level=grid');
    expect(res.status).toBe(200);
    const cells = (res.body as { cells: CellFigures[] }).cells;
    expect(cells.length).toBe(await count("SELECT count(*)::int AS n FROM grids WHERE level = 'grid'"));
    const sum = (k: keyof CellFigures) => cells.reduce((a, c) => a + (c[k] as number), 0);
    expect(sum('households')).toBe(await count('SELECT count(*)::int AS n FROM households'));
    expect(sum('residents')).toBe(await count('SELECT count(*)::int AS n FROM residents'));
    expect(sum('floating')).toBe(await count("SELECT count(*)::int AS n FROM residents WHERE hukou = 'floating'"));
    expect(sum('members')).toBe(await count('SELECT count(*)::int AS n FROM key_group_members WHERE until IS NULL'));
    const mine = cells.find((c) => c.code === grid)!;
    expect(mine.members).toBe(
      await count(
        `SELECT count(*)::int AS n FROM key_group_members m JOIN residents r ON r.id = m.resident_id
         JOIN households h ON h.id = r.household_id WHERE m.until IS NULL AND h.grid_code = $1`,
        [grid],
      ),
    );
    expect(sum('overdue')).toBeGreaterThan(0);
    expect(sum('overdue')).toBeLessThan(sum('members'));

    const elderly = (await wall.request('GET', '/api/registers/cells?level=community&category=elderly_alone')).body as {
      cells: CellFigures[];
    };
    expect(elderly.cells.reduce((a, c) => a + c.members, 0)).toBe(
      await count("SELECT count(*)::int AS n FROM key_group_members WHERE until IS NULL AND category = 'elderly_alone'"),
    );
  });

  it('refuses an unknown level or category with a message that names it', async () => {
    const level = await wall.request('GET', '/api/registers/cells?level=planet');
    expect(level.status).toBe(400);
    expect((level.body as { error: { param: string } }).error.param).toBe('level');
    const category = await wall.request('GET', '/api/registers/hexagons?category=aliens');
    expect(category.status).toBe(400);
    expect((category.body as { error: { message: string } }).error.message).toContain('重点人群');
  });

  it('summarises a clicked cell: households, people, ages, and key groups with visits due and overdue', async () => {
    const res = await worker.request('GET', `/api/registers/summary?grid=${grid}`);
    expect(res.status).toBe(200);
    const s = res.body as {
      households: number;
      residents: number;
      ages: Record<string, number>;
      keyGroups: { category: string; members: number; overdue: number }[];
    };
    expect(s.households).toBe(await count('SELECT count(*)::int AS n FROM households WHERE grid_code = $1', [grid]));
    expect(s.ages.under15! + s.ages.from15to59! + s.ages.over60!).toBe(s.residents);
    // A worker sees the counts of every category, watch-list ones too: figures, not people.
    expect(s.keyGroups.reduce((a, k) => a + k.members, 0)).toBe(
      await count(
        `SELECT count(*)::int AS n FROM key_group_members m JOIN residents r ON r.id = m.resident_id
         JOIN households h ON h.id = r.household_id WHERE m.until IS NULL AND h.grid_code = $1`,
        [grid],
      ),
    );
    const [other] = await (
      await sharedServer()
    ).db.query<{ code: string }>("SELECT code FROM grids WHERE level = 'grid' AND code <> $1 LIMIT 1", [grid]);
    expect((await worker.request('GET', `/api/registers/summary?grid=${other!.code}`)).status).toBe(404);
  });

  it('bins members into hexagons that add up, and withholds small bins from a wall', async () => {
    const full = (await commander.request('GET', '/api/registers/hexagons?size=200')).body as Hexagons;
    expect(full.minCount).toBe(1);
    expect(full.withheld).toBe(0);
    expect(full.cells.reduce((a, c) => a + c.count, 0)).toBe(
      await count('SELECT count(*)::int AS n FROM key_group_members WHERE until IS NULL'),
    );
    const shown = (await wall.request('GET', '/api/registers/hexagons?size=200&category=drug_user')).body as Hexagons;
    expect(shown.minCount).toBe(MIN_BIN_COUNT);
    expect(shown.cells.every((c) => c.count >= MIN_BIN_COUNT)).toBe(true);
    const all = (await commander.request('GET', '/api/registers/hexagons?size=200&category=drug_user')).body as Hexagons;
    expect(shown.cells.length + shown.withheld).toBe(all.cells.length);
    expect(shown.withheld).toBeGreaterThan(0);
    const overdue = (await commander.request('GET', '/api/registers/hexagons?measure=overdue')).body as Hexagons;
    const overdueTotal = overdue.cells.reduce((a, c) => a + c.count, 0);
    expect(overdueTotal).toBeGreaterThan(0);
    expect(overdueTotal).toBeLessThan(full.cells.reduce((a, c) => a + c.count, 0));
  });

  it('gives a monthly trend whose last month is today’s membership', async () => {
    const res = await wall.request('GET', '/api/registers/trend?months=6');
    const rows = (res.body as { rows: { month: string; members: number }[] }).rows;
    const months = [...new Set(rows.map((r) => r.month))].sort();
    expect(months.length).toBe(6);
    const last = rows.filter((r) => r.month === months.at(-1)).reduce((a, r) => a + r.members, 0);
    expect(last).toBe(await count('SELECT count(*)::int AS n FROM key_group_members WHERE until IS NULL AND since <= current_date'));
  });
});

describe('member points', () => {
  it('are for readers of people only: a wall gets 403 and the refusal is audited', async () => {
    const denied = await count("SELECT count(*)::int AS n FROM audit_log WHERE action = 'access.denied'");
    const res = await wall.request('GET', `/api/registers/points?bbox=${await gridBox(grid)}`);
    expect(res.status).toBe(403);
    expect(await count("SELECT count(*)::int AS n FROM audit_log WHERE action = 'access.denied'")).toBe(denied + 1);
  });

  it('show a worker its own grid’s visit-category households only, with no names, and audit the read', async () => {
    const before = await count("SELECT count(*)::int AS n FROM audit_log WHERE action = 'people.points'");
    const res = await worker.request('GET', `/api/registers/points?bbox=${await gridBox(grid)}`);
    expect(res.status).toBe(200);
    const points = (res.body as { points: Point[] }).points;
    expect(points.length).toBeGreaterThan(0);
    expect(points.every((p) => p.gridCode === grid)).toBe(true);
    const watch = ['community_correction', 'released_prisoner', 'drug_user', 'severe_mental_illness', 'petitioner'];
    expect(points.every((p) => p.categories.every((c) => !watch.includes(c)))).toBe(true);
    expect(JSON.stringify(res.body)).not.toMatch(/"name"|"idNumber"|"phone"|"address"/);
    expect(await count("SELECT count(*)::int AS n FROM audit_log WHERE action = 'people.points'")).toBe(before + 1);

    const commanders = (await commander.request('GET', `/api/registers/points?bbox=${await gridBox(grid)}`)).body as { points: Point[] };
    expect(commanders.points.some((p) => p.categories.some((c) => watch.includes(c)))).toBe(true);
  });

  it('refuse a box wider than close zoom with a message that says to zoom in', async () => {
    const res = await commander.request('GET', '/api/registers/points?bbox=100,20,101,21');
    expect(res.status).toBe(400);
    expect((res.body as { error: { code: string; message: string } }).error).toMatchObject({ code: 'zoom_in' });
    expect((await commander.request('GET', '/api/registers/points?bbox=1,2,3')).status).toBe(400);
  });

  it('lead to the household’s people, masked and audited, through the residents list', async () => {
    const points = ((await worker.request('GET', `/api/registers/points?bbox=${await gridBox(grid)}`)).body as { points: Point[] }).points;
    const res = await worker.request('GET', `/api/residents?household=${points[0]!.householdId}`);
    expect(res.status).toBe(200);
    const rows = (res.body as { rows: { name: string; householdId: number }[] }).rows;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.householdId === points[0]!.householdId && r.name.includes('*'))).toBe(true);
    const [foreign] = await (
      await sharedServer()
    ).db.query<{ id: number }>('SELECT id FROM households WHERE grid_code <> $1 LIMIT 1', [grid]);
    expect((await worker.request('GET', `/api/residents?household=${foreign!.id}`)).status).toBe(404);
    expect((await worker.request('GET', `/api/residents?household=${foreign!.id}&grid=${grid}`)).status).toBe(400);
  });
});
