import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssessmentCell, AssessmentMonth, Weights } from '../../server/assessment/assessment-contract.ts';
import { scoreOf } from '../../server/assessment/assessment-score.ts';
import type { RunningServer } from '../../server/main.ts';
import { ensureTestUser, signIn, type Session } from '../support/accounts.ts';
import { ownServer } from '../support/test-server.ts';

/**
 * The monthly assessment on a district of its own (the test publishes a boundary change): figures
 * against a hand-computed case, frozen months that a later publish does not touch, and bad input.
 */
let server: RunningServer;
let leader: Session;
let operator: Session;
let admin: Session;
/** Two neighbouring grids of one community: B is merged into A after the first month is frozen. */
let a: string;
let b: string;
let community: string;

/**
 * A case reported at `at` (Beijing time) in the middle of a grid, `arrive` and `close` minutes
 * later (null: not yet), late or not, settled at `settled`.
 */
async function incident(
  grid: string,
  at: string,
  arrive: number | null,
  close: number | null,
  late: boolean,
  settled: string | null,
  category: string | null = null,
) {
  await server.db.query(
    `INSERT INTO incidents (category, colour, channel, status, description, geom, grid_code, located_by, responsible_code,
       late, settled_level, created_at, updated_at, on_site_at, closed_at, place_kind)
     SELECT coalesce($7, (SELECT code FROM incident_categories ORDER BY code LIMIT 1)), 'blue', 'patrol', CASE WHEN $4::int IS NULL THEN 'on_site' ELSE 'closed' END,
       '考核测试', ST_PointOnSurface(g.geom), g.code, 'contains', g.code, $5, $6, $2::timestamptz, $2::timestamptz,
       CASE WHEN $3::int IS NULL THEN NULL ELSE $2::timestamptz + make_interval(mins => $3::int) END,
       CASE WHEN $4::int IS NULL THEN NULL ELSE $2::timestamptz + make_interval(mins => $4::int) END, 'none'
     FROM grids g WHERE g.code = $1`,
    [grid, at, arrive, close, late, settled, category],
  );
}

const month = async (m: string, level = 'grid', as: Session = leader) => {
  const res = await as.request('GET', `/api/assessment?month=${m}&level=${level}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as AssessmentMonth;
};
const cell = (m: AssessmentMonth, code: string) => m.cells.find((c) => c.code === code) as AssessmentCell;

beforeAll(async () => {
  server = await ownServer('assessment');
  const [root] = await server.db.query<{ code: string }>('SELECT code FROM grids WHERE parent_code IS NULL');
  await ensureTestUser(server.db, 'assess-leader', 'leader', root!.code);
  await ensureTestUser(server.db, 'assess-operator', 'operator', root!.code);
  await ensureTestUser(server.db, 'assess-admin', 'admin', root!.code);
  leader = await signIn(server.url, 'assess-leader');
  operator = await signIn(server.url, 'assess-operator');
  admin = await signIn(server.url, 'assess-admin');
  const [pair] = await server.db.query<{ a: string; b: string; community: string }>(
    `SELECT x.code AS a, y.code AS b, x.parent_code AS community FROM grids x JOIN grids y
       ON y.parent_code = x.parent_code AND y.code > x.code AND ST_Length(ST_Intersection(ST_Boundary(x.geom), ST_Boundary(y.geom))::geography) > 50
     WHERE x.level = 'grid' ORDER BY x.code, y.code LIMIT 1`,
  );
  ({ a, b, community } = pair!);
  // March 2025 in B: arrivals at 30, 60, 90 and 150 minutes (the last after the month's end, so not
  // yet arrived as of it); three closed (at 120 and 240 minutes on time, 600 late), one still open
  // and late; all at one spot, so three are repeats of the first.
  await incident(b, '2025-03-03T09:00:00+08', 30, 120, false, 'grid');
  await incident(b, '2025-03-04T09:00:00+08', 60, 240, false, 'grid');
  await incident(b, '2025-03-05T09:00:00+08', 90, 600, true, 'township');
  await incident(b, '2025-03-31T23:00:00+08', 150, null, true, null);
  // Two in A, one on 1 April (Beijing), which belongs to April.
  await incident(a, '2025-03-10T09:00:00+08', 20, 60, false, 'community');
  await incident(a, '2025-04-01T00:30:00+08', 20, 60, false, 'grid');
  // April in B, reported before the merge below: still B's when April is first read, after it.
  await incident(b, '2025-04-15T09:00:00+08', 45, 90, false, 'grid');
}, 120_000);

afterAll(async () => {
  await server?.close();
});

describe('the monthly assessment', () => {
  it('computes a cell’s month as worked out by hand, scores it with the weights and ranks the cells', async () => {
    const march = await month('2025-03');
    expect(march.frozenAt).not.toBeNull();
    expect(march.asOf).toBe('2025-03-31T16:00:00.000Z');
    const B = cell(march, b);
    expect(B.indicators).toMatchObject({
      reports: 4,
      closed: 3,
      closedOnTime: 2,
      overdueOpen: 1,
      arriveP50: 60,
      closeP50: 240,
      settledLow: 2,
      repeats: 3,
    });
    expect(B.sub).toMatchObject({ closure: 75, onTime: 66.7, arrival: 100, settledLow: 66.7, repeats: 25 });
    expect(B.score).toBe(scoreOf(B.sub, march.weights));
    expect(cell(march, a).indicators).toMatchObject({ reports: 1, closed: 1, closedOnTime: 1, settledLow: 1, repeats: 0 });
    // Ranks run 1… over the scored cells, highest first; the best and worst tenth are named.
    const ranked = march.cells.filter((c) => c.rank !== null).sort((x, y) => x.rank! - y.rank!);
    expect(ranked.map((c) => c.rank)).toEqual(ranked.map((_, i) => i + 1));
    for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1]!.score!).toBeGreaterThanOrEqual(ranked[i]!.score!);
    expect(ranked[0]!.standing).toBe('best');
    expect(ranked[ranked.length - 1]!.standing).toBe('worst');
    expect(ranked.every((c) => c.band === (c.score! >= 85 ? 'green' : c.score! >= 70 ? 'yellow' : 'red'))).toBe(true);
    // The community level adds its grids' cases up.
    const communities = await month('2025-03', 'community');
    expect(cell(communities, community).indicators.reports).toBe(5);
  });

  it('ranks a grid slow for its cases last once the case mix is accounted for, not the one with a heavy mix', async () => {
    // June 2025 over eight grids: quick cases (an hour) and slow ones (ten hours). Grid H gets
    // mostly slow ones; grid S the usual mix, three times as slow on everything.
    const [quick, slow] = (await server.db.query<{ code: string }>('SELECT code FROM incident_categories ORDER BY code LIMIT 2')).map(
      (r) => r.code,
    );
    const grids = (await server.db.query<{ code: string }>("SELECT code FROM grids WHERE level = 'grid' ORDER BY code LIMIT 8")).map(
      (r) => r.code,
    );
    const [h, sl] = grids as [string, string];
    for (const [n, grid] of grids.entries())
      for (let k = 0; k < 8; k++) {
        const heavy = grid === h ? k < 7 : k % 4 === 0;
        const minutes = Math.round((heavy ? 600 : 60) * (grid === sl ? 3 : 1) * (1 + 0.15 * Math.sin(n * 8 + k)));
        await incident(
          grid,
          `2025-06-${String(2 + k * 3).padStart(2, '0')}T0${n % 9}:00:00+08`,
          20,
          minutes,
          false,
          'grid',
          heavy ? slow! : quick!,
        );
      }
    const june = await month('2025-06');
    const H = cell(june, h);
    const S = cell(june, sl);
    expect(H.indicators.closeP50!).toBeGreaterThan(S.indicators.closeP50!);
    expect(H.expected!.ratio).toBeGreaterThan(0.75);
    expect(H.expected!.ratio).toBeLessThan(1.3);
    expect(S.expected!.ratio).toBeGreaterThan(2);
    const adjusted = june.cells.filter((c) => c.riskRank !== null).sort((x, y) => x.riskRank! - y.riskRank!);
    expect(adjusted).toHaveLength(8);
    expect(adjusted.at(-1)!.code).toBe(sl);
    expect(H.riskRank!).toBeLessThan(S.riskRank!);
  });

  it('keeps a frozen month as it was after a publish moves its cases, and reads an unfrozen past month on its own boundaries', async () => {
    const before = await month('2025-03');
    const [union] = await server.db.query<{ g: unknown }>(
      'SELECT ST_AsGeoJSON(ST_Multi(ST_Union(x.geom, y.geom)), 9)::json AS g FROM grids x, grids y WHERE x.code = $1 AND y.code = $2',
      [a, b],
    );
    const created = await operator.request('POST', '/api/boundaries/change-sets', { title: '合并网格（考核测试）' });
    const id = (created.body as { id: number }).id;
    expect((await operator.request('PUT', `/api/boundaries/change-sets/${id}/cells/${a}`, { geometry: union!.g })).status).toBe(200);
    expect((await operator.request('PUT', `/api/boundaries/change-sets/${id}/cells/${b}`, { action: 'delete' })).status).toBe(200);
    const draft = (await operator.request('GET', `/api/boundaries/change-sets/${id}`)).body as { ifMatch: string };
    const published = await operator.request(
      'POST',
      `/api/boundaries/change-sets/${id}/publish`,
      { reason: '合并', acceptGaps: '测试' },
      { 'If-Match': draft.ifMatch },
    );
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect((await server.db.query('SELECT 1 FROM grids WHERE code = $1', [b])).length).toBe(0);

    // March was frozen before: exactly as it was.
    expect(await month('2025-03')).toEqual(before);
    // April is first read now, after the merge: its cases are where the boundaries of April put them.
    const april = await month('2025-04');
    expect(cell(april, b).indicators.reports).toBe(1);
    expect(cell(april, a).indicators.reports).toBe(1);
    // The running month is live: B is there with its version ended today and nothing left to serve,
    // and A, redrawn, holds B's households.
    const now = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const live = await month(now);
    expect(live.frozenAt).toBeNull();
    expect(cell(live, b).versions.at(-1)!.validTo).not.toBeNull();
    expect(cell(live, b).indicators.households).toBe(0);
    expect(cell(live, a).versions.length).toBe(2);
    expect(cell(live, a).indicators.households).toBe(cell(before, a).indicators.households + cell(before, b).indicators.households);
  });

  it('scores a frozen month with the weights it was frozen with; new weights are audited and apply to later months', async () => {
    const march = await month('2025-03');
    const weights: Weights = { closure: 0.5, onTime: 0.5, arrival: 0, settledLow: 0, visits: 0, workload: 0, repeats: 0 };
    const saved = await admin.request('PUT', '/api/assessment/weights', weights);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect((await leader.request('GET', '/api/assessment/weights')).body).toEqual(weights);
    expect((await month('2025-03')).weights).toEqual(march.weights);
    const may = await month('2025-05');
    expect(may.weights).toEqual(weights);
    const [audit] = await server.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'assessment.weights'");
    expect(audit!.n).toBe(1);
  });

  it('exports the month’s notice as a sheet: title, ranking in order, the best and worst named', async () => {
    const march = await month('2025-03');
    const res = await fetch(`${server.url}/api/assessment/notice.xlsx?month=2025-03&level=grid`, { headers: { Cookie: leader.cookie } });
    expect(res.status).toBe(200);
    expect(decodeURIComponent(res.headers.get('content-disposition')!)).toContain('2025年3月 网格考核通报.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    // Empty rows are holes in what ExcelJS reads: Array.from turns them into [].
    const rows = Array.from(book.worksheets[0]!.getSheetValues().slice(1), (r) =>
      Array.isArray(r) ? r.slice(1).map((v) => (v == null ? null : String(v))) : [],
    );
    expect(rows[0]![0]).toMatch(/2025年3月 网格考核通报$/);
    const header = rows.findIndex((r) => r[0] === '排名');
    const ranked = march.cells.filter((c) => c.rank !== null).sort((x, y) => x.rank! - y.rank!);
    expect(rows.slice(header + 1, header + 1 + ranked.length).map((r) => r[1])).toEqual(ranked.map((c) => c.name));
    const best = rows.find((r) => r[0] === '先进')!;
    expect(best[1]).toContain(ranked[0]!.name);
    expect(rows.find((r) => r[0] === '后进')![1]).toContain(ranked.at(-1)!.name);
  });

  it('refuses bad months, levels, areas and weights with a clear 4xx, changing nothing', async () => {
    const frozen = async () => (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM assessment_months'))[0]!.n;
    const before = await frozen();
    const weightsBefore = (await leader.request('GET', '/api/assessment/weights')).body;
    const cases: [string, number, string][] = [
      ['/api/assessment?month=2999-01&level=grid', 400, 'month_in_future'],
      ['/api/assessment?month=2025-13&level=grid', 400, 'invalid_parameter'],
      ['/api/assessment?month=March&level=grid', 400, 'invalid_parameter'],
      ['/api/assessment?month=2025-03&level=street', 400, 'unknown_level'],
      ['/api/assessment?month=2025-03', 400, 'invalid_parameter'],
    ];
    for (const [path, status, code] of cases) {
      const res = await leader.request('GET', path);
      expect([res.status, (res.body as { error: { code: string } }).error.code], path).toEqual([status, code]);
    }
    const [other] = await server.db.query<{ code: string }>(
      "SELECT code FROM grids WHERE level = 'community' AND code <> $1 ORDER BY code LIMIT 1",
      [community],
    );
    await ensureTestUser(server.db, 'assess-local', 'leader', community);
    const local = await signIn(server.url, 'assess-local');
    const foreign = await local.request('GET', `/api/assessment?month=2025-03&level=grid&area=${other!.code}`);
    expect(foreign.status).toBe(404);
    const own = (await local.request('GET', '/api/assessment?month=2025-03&level=grid')).body as AssessmentMonth;
    expect(own.cells.length).toBeGreaterThan(0);
    expect(own.cells.every((c) => c.parentCode === community)).toBe(true);
    const uneven = await admin.request('PUT', '/api/assessment/weights', {
      closure: 0.5,
      onTime: 0.6,
      arrival: 0,
      settledLow: 0,
      visits: 0,
      workload: 0,
      repeats: 0,
    });
    expect(uneven.status).toBe(400);
    expect(JSON.stringify(uneven.body)).toContain('1');
    expect((await leader.request('PUT', '/api/assessment/weights', weightsBefore)).status).toBe(403);
    expect((await leader.request('GET', '/api/assessment/weights')).body).toEqual(weightsBefore);
    expect((await operator.request('GET', '/api/assessment?month=2025-03&level=grid')).status).toBe(403);
    expect(await frozen()).toBe(before);
  });
});
