import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { hexBin, mercatorSize } from '../../server/incidents/hexagons.ts';
import { TRANSITIONS, type Status } from '../../server/incidents/lifecycle.ts';
import { ensureTestUser, signIn, type Session } from '../support/accounts.ts';
import { rootCode, sharedServer } from '../support/test-server.ts';

interface Hexagons {
  size: number;
  cells: { q: number; r: number; count: number; p50: number; p90: number; centre: [number, number]; ring: [number, number][] }[];
}
interface Kpis {
  today: number;
  reported: number;
  closed: number;
  closureRate: number | null;
  onTimeRate: number | null;
  arrive: { p50: number | null; p90: number | null };
  openNow: number;
  overdueNow: number;
  daily: { day: string; reported: number; closed: number }[];
}

let commander: Session;
let leader: Session;
let community: { code: string; path: string };
let rootPath: string;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = (s.length - 1) / 2;
  return (s[Math.floor(m)]! + s[Math.ceil(m)]!) / 2;
};

beforeAll(async () => {
  const { db, url } = await sharedServer();
  const [c] = await db.query<{ code: string; path: string }>(
    "SELECT code, path FROM grids WHERE level = 'community' ORDER BY code LIMIT 1",
  );
  community = c!;
  const [root] = await db.query<{ path: string }>('SELECT path FROM grids WHERE parent_code IS NULL');
  rootPath = root!.path;
  await ensureTestUser(db, 'stats-commander', 'commander', await rootCode());
  await ensureTestUser(db, 'stats-leader', 'leader', community.code);
  commander = await signIn(url, 'stats-commander');
  leader = await signIn(url, 'stats-leader');
});

describe('demo history', () => {
  it('writes a past whose events follow the state machine and agree with the incident rows', async () => {
    const { db } = await sharedServer();
    const [n] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM incidents WHERE created_at < now() - interval '1 day'");
    expect(n!.n).toBeGreaterThan(200);
    const broken = await db.query<{ id: string }>(`
      SELECT i.id FROM incidents i
      WHERE i.status <> (SELECT e.to_status FROM incident_events e WHERE e.incident_id = i.id ORDER BY e.at DESC, e.id DESC LIMIT 1)
         OR (i.on_site_at IS NOT NULL) <> EXISTS (SELECT 1 FROM incident_events e WHERE e.incident_id = i.id AND e.to_status = 'on_site')
         OR (i.closed_at IS NOT NULL) <> (i.status = 'closed')
         OR (i.status = 'escalated' AND i.responsible_code = i.grid_code)`);
    expect(broken).toEqual([]);
    const pairs = await db.query<{ from: Status; to: Status }>(
      // The dispatcher loop may climb an unaccepted escalation again (escalated → escalated); that is the system's move, not the state machine's.
      `SELECT DISTINCT from_status AS "from", to_status AS "to" FROM incident_events
       WHERE from_status IS NOT NULL AND NOT (to_status = 'escalated' AND actor_user_id IS NULL AND from_status = 'escalated')`,
    );
    for (const p of pairs) expect(TRANSITIONS[p.from]).toContain(p.to);
  });
});

describe('response-time hexagons', () => {
  it('bins every incident of the period that was reached, with median ≤ p90, as the database says', async () => {
    const { db } = await sharedServer();
    const res = await commander.request('GET', '/api/incidents/stats/hexagons?measure=arrive&size=250');
    expect(res.status).toBe(200);
    const body = res.body as Hexagons;
    const [expected] = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM incidents WHERE grid_code IS NOT NULL AND on_site_at IS NOT NULL AND created_at >= now() - interval '30 days'",
    );
    expect(body.cells.reduce((s, c) => s + c.count, 0)).toBe(expected!.n);
    expect(body.cells.length).toBeGreaterThan(5);
    for (const c of body.cells) {
      expect(c.p50).toBeLessThanOrEqual(c.p90);
      expect(c.ring).toHaveLength(7);
    }
  });

  it('puts an incident in the hexagon the shared maths names, with its own response time', async () => {
    const { db } = await sharedServer();
    const [g] = await db.query<{ lon: number; lat: number }>(
      `SELECT ST_X(label_point) AS lon, ST_Y(label_point) AS lat FROM grids WHERE path LIKE $1 || '.%' AND level = 'grid' ORDER BY code LIMIT 1`,
      [community.path],
    );
    const created = await commander.request(
      'POST',
      '/api/incidents',
      { location: { lon: g!.lon, lat: g!.lat }, category: 'emergency', channel: 'hotline', description: '测试' },
      { 'Idempotency-Key': `stats-${randomUUID()}` },
    );
    const id = (created.body as { id: string }).id;
    let version = 1;
    for (const to of ['accepted', 'dispatched', 'on_site']) {
      expect((await commander.request('POST', `/api/incidents/${id}/transitions`, { to, version: version++ })).status).toBe(204);
    }
    // Move it to a quiet day of its own, 42 minutes from report to arrival, so nothing else shares its period.
    await db.query("UPDATE incidents SET created_at = '2020-01-01T02:00:00Z', on_site_at = '2020-01-01T02:42:00Z' WHERE id = $1::bigint", [
      id,
    ]);
    const res = await commander.request(
      'GET',
      `/api/incidents/stats/hexagons?measure=arrive&size=400&colour=red&from=2020-01-01T00:00:00Z&to=2020-01-02T00:00:00Z`,
    );
    const cells = (res.body as Hexagons).cells;
    const [lat] = await db.query<{ lat: number }>('SELECT ST_Y(ST_Centroid(geom)) AS lat FROM grids WHERE path = $1', [rootPath]);
    const [q, r] = hexBin(g!.lon, g!.lat, mercatorSize(400, lat!.lat));
    const mine = cells.find((c) => c.q === q && c.r === r);
    expect(mine).toBeDefined();
    expect(mine).toMatchObject({ count: 1, p50: 42, p90: 42 });
    expect((res.body as Hexagons).cells).toHaveLength(1);
  });

  it('answers a leader for their community only', async () => {
    const { db } = await sharedServer();
    const res = await leader.request('GET', '/api/incidents/stats/hexagons?measure=close');
    const [expected] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM incidents i JOIN grids g ON g.code = i.grid_code
       WHERE (g.path = $1 OR g.path LIKE $1 || '.%') AND closed_at IS NOT NULL AND i.created_at >= now() - interval '30 days'`,
      [community.path],
    );
    const total = (res.body as Hexagons).cells.reduce((s, c) => s + c.count, 0);
    expect(total).toBe(expected!.n);
    const [all] = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM incidents WHERE closed_at IS NOT NULL AND created_at >= now() - interval '30 days'",
    );
    expect(total).toBeLessThan(all!.n);
  });

  it('refuses a bad period, size or measure with a message in the caller’s language', async () => {
    for (const query of [
      'measure=speed',
      'size=10',
      'size=abc',
      'from=yesterday',
      'from=2026-11-10T00:00:00Z&to=2026-11-01T00:00:00Z',
      'from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z',
      'colour=purple',
    ]) {
      const res = await commander.request('GET', `/api/incidents/stats/hexagons?${query}`);
      expect(res.status, query).toBe(400);
      expect((res.body as { error: { message: string } }).error.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('KPIs', () => {
  it('match the figures computed from the raw rows', async () => {
    const { db } = await sharedServer();
    const res = await leader.request('GET', '/api/incidents/stats/kpis');
    expect(res.status).toBe(200);
    const k = res.body as Kpis;
    const rows = await db.query<{
      status: string;
      late: boolean;
      arrive: number | null;
      created: string;
      overdue: boolean;
      deadline: string | null;
    }>(
      `SELECT i.status, i.late, extract(epoch FROM i.on_site_at - i.created_at)::float8 / 60 AS arrive, i.created_at AS created,
              i.overdue, i.step_deadline AS deadline
       FROM incidents i JOIN grids g ON g.code = coalesce(i.grid_code, i.responsible_code)
       WHERE g.path = $1 OR g.path LIKE $1 || '.%'`,
      [community.path],
    );
    const inPeriod = rows.filter((r) => Date.parse(r.created) >= Date.now() - 30 * 86_400_000);
    const closed = inPeriod.filter((r) => r.status === 'closed');
    expect(k.reported).toBe(inPeriod.length);
    expect(k.closed).toBe(closed.length);
    expect(k.closureRate).toBeCloseTo(closed.length / inPeriod.length, 3);
    expect(k.onTimeRate).toBeCloseTo(closed.filter((r) => !r.late).length / closed.length, 3);
    expect(k.arrive.p50).toBeCloseTo(median(inPeriod.filter((r) => r.arrive !== null).map((r) => r.arrive!)), 0);
    expect(k.openNow).toBe(rows.filter((r) => r.status !== 'closed').length);
    expect(k.overdueNow).toBe(rows.filter((r) => r.status !== 'closed' && (r.overdue || Date.parse(r.deadline!) < Date.now())).length);
    expect(k.daily.reduce((s, d) => s + d.reported, 0)).toBe(inPeriod.length);
  });

  it('are aggregates a wall may read, and scoped like everything else', async () => {
    const county = (await commander.request('GET', '/api/incidents/stats/kpis')).body as Kpis;
    const mine = (await leader.request('GET', '/api/incidents/stats/kpis')).body as Kpis;
    expect(mine.reported).toBeLessThan(county.reported);
    expect(county.reported).toBeGreaterThan(200);
  });
});
