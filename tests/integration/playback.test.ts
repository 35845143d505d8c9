import { randomUUID } from 'node:crypto';
import type { FeatureCollection } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PlaybackWindow } from '../../server/incidents/playback-contract.ts';
import { ensureTestUser, signIn, type Session } from '../support/accounts.ts';
import { rootCode, sharedServer } from '../support/test-server.ts';

/** The wall's playback: every incident alive in a past window with its statuses, on the boundaries of the time. */

let commander: Session;
let operator: Session;
let worker: Session;
let leader: Session;
let grid: { code: string; parent: string; name: string; lon: number; lat: number };
let otherCommunity: string;

const iso = (ms: number) => new Date(ms).toISOString();
const window = (from: number, to: number, extra = '') =>
  `/api/incidents/playback?from=${encodeURIComponent(iso(from))}&to=${encodeURIComponent(iso(to))}${extra}`;

beforeAll(async () => {
  const { db, url } = await sharedServer();
  const [g] = await db.query<typeof grid>(
    `SELECT code, parent_code AS parent, name, ST_X(label_point) AS lon, ST_Y(label_point) AS lat
     FROM grids WHERE level = 'grid' ORDER BY code DESC OFFSET 7 LIMIT 1`,
  );
  grid = g!;
  const [o] = await db.query<{ code: string }>("SELECT code FROM grids WHERE level = 'community' AND code <> $1 ORDER BY code LIMIT 1", [
    grid.parent,
  ]);
  otherCommunity = o!.code;
  await ensureTestUser(db, 'playback-commander', 'commander', await rootCode());
  await ensureTestUser(db, 'playback-operator', 'operator', await rootCode());
  await ensureTestUser(db, 'playback-worker', 'worker', grid.code);
  await ensureTestUser(db, 'playback-leader', 'leader', grid.parent);
  commander = await signIn(url, 'playback-commander');
  operator = await signIn(url, 'playback-operator');
  worker = await signIn(url, 'playback-worker');
  leader = await signIn(url, 'playback-leader');
});

describe('playback of a window', () => {
  it('holds every incident alive in the window, as the database has them, each with its statuses in order', async () => {
    const to = Date.now();
    const from = to - 24 * 3_600_000;
    const res = await commander.request('GET', window(from, to));
    expect(res.status).toBe(200);
    const day = res.body as PlaybackWindow;
    const { db } = await sharedServer();
    const [n] = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM incidents WHERE created_at < $2 AND (closed_at IS NULL OR closed_at >= $1)',
      [iso(from), iso(to)],
    );
    expect(day.incidents.length).toBe(n!.n);
    expect(day.incidents.length).toBeGreaterThan(20);
    for (const i of day.incidents) {
      expect(i.steps[0]?.[1], i.id).toBe('reported');
      const times = i.steps.map(([at]) => Date.parse(at));
      expect(times, i.id).toEqual([...times].sort((a, b) => a - b));
      expect(times.every((t) => t < to)).toBe(true);
    }
    // Closed before the window: not in it.
    const [early] = await db.query<{ id: string }>('SELECT id::text FROM incidents WHERE closed_at < $1 LIMIT 1', [iso(from)]);
    if (early) expect(day.incidents.some((i) => i.id === early.id)).toBe(false);
  });

  it('replays a case reported and handled just now, and narrows to a cell of the area', async () => {
    const before = Date.now() - 1000;
    const filed = await worker.request(
      'POST',
      '/api/incidents',
      { location: { lon: grid.lon, lat: grid.lat }, category: 'environment', channel: 'patrol', description: '回放测试' },
      { 'Idempotency-Key': `playback-${randomUUID()}` },
    );
    const { id } = filed.body as { id: string };
    expect((await commander.request('POST', `/api/incidents/${id}/transitions`, { to: 'accepted', version: 1 })).status).toBe(204);
    const day = (await commander.request('GET', window(before, Date.now() + 1000))).body as PlaybackWindow;
    const mine = day.incidents.find((i) => i.id === id)!;
    expect(mine.steps.map(([, s]) => s)).toEqual(['reported', 'accepted']);
    expect(mine).toMatchObject({ gridCode: grid.code, category: 'environment' });
    expect(JSON.stringify(mine)).not.toContain('回放测试');
    // The community's own window is what its leader gets; another community's has not got it.
    const narrowed = (await commander.request('GET', window(before, Date.now(), `&area=${grid.parent}`))).body as PlaybackWindow;
    expect(narrowed.incidents.some((i) => i.id === id)).toBe(true);
    const theirs = (await commander.request('GET', window(before, Date.now(), `&area=${otherCommunity}`))).body as PlaybackWindow;
    expect(theirs.incidents.some((i) => i.id === id)).toBe(false);
    const led = (await leader.request('GET', window(before, Date.now()))).body as PlaybackWindow;
    expect(led.incidents.map((i) => i.id).sort()).toEqual(narrowed.incidents.map((i) => i.id).sort());
  });

  it('refuses a window in the future, longer than a day, before the horizon, malformed, or another area’s, with a 400 or 404 in Chinese', async () => {
    const now = Date.now();
    const day = 24 * 3_600_000;
    for (const [what, path] of [
      ['in the future', window(now + 3_600_000, now + 2 * 3_600_000)],
      ['longer than a day', window(now - 2 * day, now)],
      ['before the horizon', window(now - 500 * day, now - 499 * day)],
      ['backwards', window(now - 1000, now - 2000)],
      ['malformed', '/api/incidents/playback?from=yesterday&to=today'],
      ['without a window', '/api/incidents/playback'],
    ] as const) {
      const res = await commander.request('GET', path);
      expect(res.status, what).toBe(400);
      expect((res.body as { error: { message: string } }).error.message, what).toMatch(/[\u4e00-\u9fff]/);
    }
    const foreign = await leader.request('GET', window(now - day, now, `&area=${otherCommunity}`));
    expect(foreign.status).toBe(404);
  });
});

describe('the boundaries in force at a moment', () => {
  it('draws a cell as it stood before a publish, and the window names the moment it changed', async () => {
    const cells = async (at: number) => {
      const res = await commander.request('GET', `/api/grids/as-of?level=grid&at=${encodeURIComponent(iso(at))}`);
      expect(res.status).toBe(200);
      return (res.body as FeatureCollection).features.map((f) => f.properties as { code: string; name: string; version: number });
    };
    const current = (await commander.request('GET', '/api/grids?level=grid')).body as FeatureCollection;
    // Before any publish: the district as loaded, for every day of its history.
    const lastWeek = await cells(Date.now() - 7 * 24 * 3_600_000);
    expect(lastWeek.map((c) => c.code).sort()).toEqual(current.features.map((f) => (f.properties as { code: string }).code).sort());

    const before = Date.now();
    const renamed = `${grid.name}（回放）`;
    const rename = async (name: string) => {
      const cs = (await operator.request('POST', '/api/boundaries/change-sets', { title: '回放测试改名' })).body as { id: number };
      const { db } = await sharedServer();
      const [shape] = await db.query<{ g: unknown }>('SELECT ST_AsGeoJSON(geom)::json AS g FROM grids WHERE code = $1', [grid.code]);
      const put = await operator.request('PUT', `/api/boundaries/change-sets/${cs.id}/cells/${grid.code}`, { name, geometry: shape!.g });
      expect(put.status, JSON.stringify(put.body)).toBe(200);
      const { ifMatch } = (await operator.request('GET', `/api/boundaries/change-sets/${cs.id}`)).body as { ifMatch: string };
      const published = await operator.request(
        'POST',
        `/api/boundaries/change-sets/${cs.id}/publish`,
        { reason: '回放测试' },
        { 'If-Match': ifMatch },
      );
      expect(published.status, JSON.stringify(published.body)).toBe(200);
    };
    await rename(renamed);
    const after = Date.now() + 1;
    expect((await cells(before)).find((c) => c.code === grid.code)?.name).toBe(grid.name);
    expect((await cells(after)).find((c) => c.code === grid.code)?.name).toBe(renamed);
    const day = (await commander.request('GET', window(before - 1000, after))).body as PlaybackWindow;
    expect(day.boundaryChanges.length).toBeGreaterThanOrEqual(1);
    expect(day.boundaryChanges.every((t) => Date.parse(t) >= before - 1000 && Date.parse(t) < after)).toBe(true);
    await rename(grid.name);
  });

  it('refuses an unknown level or a malformed moment with a 400', async () => {
    for (const q of ['level=planet&at=2026-12-01T00:00:00Z', 'level=grid&at=noon', 'level=grid']) {
      const res = await commander.request('GET', `/api/grids/as-of?${q}`);
      expect(res.status, q).toBe(400);
    }
  });
});
