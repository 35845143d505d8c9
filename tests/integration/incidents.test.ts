import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureTestUser, signIn, type Session } from '../support/accounts.ts';
import { rootCode, sharedServer } from '../support/test-server.ts';
import { fingerprint } from '../../server/incidents/idempotency.ts';

let commander: Session;
let worker: Session;
let spot: { lon: number; lat: number; grid: string };

const key = () => `test-${randomUUID()}`;
const report = (s: Session, body: unknown, idempotencyKey: string | null = key()) =>
  s.request('POST', '/api/incidents', body, idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {});
const good = () => ({
  location: { lon: spot.lon, lat: spot.lat },
  category: 'hazard',
  channel: 'patrol',
  description: '路灯倒伏 <script>alert(1)</script>',
});
const count = async (table: string): Promise<number> => {
  const { db } = await sharedServer();
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return row!.n;
};
const snapshot = async () => ({
  incidents: await count('incidents'),
  events: await count('incident_events'),
  outbox: await count('outbox'),
});

beforeAll(async () => {
  const { db, url } = await sharedServer();
  const [g] = await db.query<{ code: string; lon: number; lat: number }>(
    "SELECT code, ST_X(label_point) AS lon, ST_Y(label_point) AS lat FROM grids WHERE level = 'grid' ORDER BY code LIMIT 1",
  );
  spot = { lon: g!.lon, lat: g!.lat, grid: g!.code };
  await ensureTestUser(db, 'dispatcher', 'commander', await rootCode());
  await ensureTestUser(db, 'patroller', 'worker', g!.code);
  commander = await signIn(url, 'dispatcher');
  worker = await signIn(url, 'patroller');
});

describe('intake and routing', () => {
  it('locates a point in its base grid, assigns the on-duty worker, and writes event, outbox and audit rows', async () => {
    const before = await snapshot();
    const res = await report(worker, good());
    expect(res.status).toBe(201);
    const { id } = res.body as { id: string };
    const detail = (await commander.request('GET', `/api/incidents/${id}`)).body as Record<string, unknown> & { events: { to: string }[] };
    expect(detail).toMatchObject({
      gridCode: spot.grid,
      locatedBy: 'contains',
      responsibleCode: spot.grid,
      status: 'reported',
      colour: 'orange',
    });
    expect(detail.handlerStaffId).not.toBeNull();
    expect(detail.description).toBe('路灯倒伏 <script>alert(1)</script>');
    expect(detail.events.map((e) => e.to)).toEqual(['reported']);
    expect(await snapshot()).toEqual({ incidents: before.incidents + 1, events: before.events + 1, outbox: before.outbox + 1 });
  });

  it('sends a point on a shared edge to exactly one grid, the lowest code', async () => {
    const { db } = await sharedServer();
    const [edge] = await db.query<{ lon: number; lat: number; a: string; b: string }>(`
      SELECT ST_X(p) AS lon, ST_Y(p) AS lat, a.code AS a, b.code AS b FROM grids a JOIN grids b ON a.parent_code IS NOT NULL AND a.level = 'grid' AND b.level = 'grid' AND a.code < b.code
      CROSS JOIN LATERAL (SELECT ST_StartPoint(ST_GeometryN(ST_LineMerge(ST_CollectionExtract(ST_Intersection(a.geom, b.geom), 2)), 1)) AS p) x
      WHERE ST_Touches(a.geom, b.geom) AND p IS NOT NULL LIMIT 1`);
    const res = await report(commander, { ...good(), location: { lon: edge!.lon, lat: edge!.lat } });
    const detail = (await commander.request('GET', `/api/incidents/${(res.body as { id: string }).id}`)).body as { gridCode: string };
    const [row] = await db.query<{ codes: string[] }>(
      "SELECT array_agg(code ORDER BY code) AS codes FROM grids WHERE level = 'grid' AND ST_Intersects(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326))",
      [edge!.lon, edge!.lat],
    );
    expect(row!.codes.length).toBeGreaterThanOrEqual(2);
    expect(detail.gridCode).toBe(row!.codes[0]);
  });

  it('sends a point just outside the district to the nearest grid, and one far away to the unlocated queue', async () => {
    const { db } = await sharedServer();
    const [edge] = await db.query<{ lon: number; lat: number }>(
      'SELECT ST_X(ST_PointN(ST_ExteriorRing(ST_GeometryN(geom, 1)), 1)) AS lon, ST_Y(ST_PointN(ST_ExteriorRing(ST_GeometryN(geom, 1)), 1)) AS lat FROM grids WHERE parent_code IS NULL',
    );
    const [outside] = await db.query<{ lon: number; lat: number }>(
      `SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT p FROM (SELECT ST_Project(ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, 50, radians(a))::geometry AS p
         FROM generate_series(0, 350, 10) a) x WHERE NOT ST_Intersects(p, (SELECT geom FROM grids WHERE parent_code IS NULL)) LIMIT 1) y`,
      [edge!.lon, edge!.lat],
    );
    const near = (await report(commander, { ...good(), location: outside })).body as { id: string };
    expect(((await commander.request('GET', `/api/incidents/${near.id}`)).body as { locatedBy: string }).locatedBy).toBe('nearest');
    const [away] = await db.query<{ lon: number; lat: number }>(
      `SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT p FROM (SELECT ST_Project(ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography, 3000, radians(a))::geometry AS p
         FROM generate_series(0, 350, 10) a) x WHERE NOT ST_DWithin(p::geography, (SELECT geom FROM grids WHERE parent_code IS NULL)::geography, 1000) LIMIT 1) y`,
      [edge!.lon, edge!.lat],
    );
    const far = (await report(commander, { ...good(), location: away })).body as { id: string };
    const farDetail = (await commander.request('GET', `/api/incidents/${far.id}`)).body as {
      locatedBy: string;
      gridCode: string | null;
      responsibleCode: string;
    };
    expect(farDetail).toMatchObject({ locatedBy: 'unlocated', gridCode: null, responsibleCode: await rootCode() });
  });

  it.each([
    ['longitude out of range', { location: { lon: 181, lat: 34 } }, 'location.lon'],
    ['latitude as a string', { location: { lon: 116.9, lat: '34' } }, 'location.lat'],
    ['null coordinates', { location: { lon: null, lat: null } }, 'location.lon'],
    ['an unknown colour', { colour: 'purple' }, 'colour'],
    ['an unknown channel', { channel: 'pigeon' }, 'channel'],
    ['an empty description', { description: '   ' }, 'description'],
    ['an extra field', { status: 'closed' }, 'status'],
  ])('refuses %s with a 400 naming the field and changes nothing', async (_what, patch, param) => {
    const before = await snapshot();
    const res = await report(worker, { ...good(), ...patch });
    expect(res.status).toBe(400);
    expect((res.body as { error: { param: string } }).error.param).toBe(param);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a point in the sea or with latitude and longitude swapped, saying why, and changes nothing', async () => {
    const before = await snapshot();
    for (const location of [
      { lon: 0, lat: 0 },
      { lon: 120.5, lat: 25.0 },
      { lon: spot.lat, lat: spot.lon > 90 ? 89 : spot.lon },
    ]) {
      const res = await report(commander, { ...good(), location });
      expect(res.status, JSON.stringify(location)).toBe(422);
      expect((res.body as { error: { message: string } }).error.message).toContain('经纬度颠倒');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an unknown category, and a point outside the reporter’s area', async () => {
    const before = await snapshot();
    expect((await report(worker, { ...good(), category: 'aliens' })).status).toBe(400);
    const [other] = await (
      await sharedServer()
    ).db.query<{ lon: number; lat: number }>(
      "SELECT ST_X(label_point) AS lon, ST_Y(label_point) AS lat FROM grids WHERE level = 'grid' ORDER BY code DESC LIMIT 1",
    );
    expect((await report(worker, { ...good(), location: other! })).status).toBe(422);
    expect(await snapshot()).toEqual(before);
  });
});

describe('idempotency keys', () => {
  it('replays the stored answer for the same key and body, and refuses another body (422)', async () => {
    const k = key();
    const first = await report(worker, good(), k);
    const before = await snapshot();
    const again = await report(worker, good(), k);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const other = await report(worker, { ...good(), description: '另一件事' }, k);
    expect(other.status).toBe(422);
    expect(await snapshot()).toEqual(before);
  });

  it('makes exactly one incident from two concurrent requests with one key', async () => {
    const k = key();
    const before = await snapshot();
    const results = await Promise.all([report(worker, good(), k), report(worker, good(), k)]);
    expect(results.map((r) => r.status).sort()).toEqual(expect.arrayContaining([201]));
    expect(results.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    expect((await snapshot()).incidents).toBe(before.incidents + 1);
  });

  it('files a report whose first try died mid-request: no reservation outlives its request', async () => {
    const { db } = await sharedServer();
    const k = key();
    const [user] = await db.query<{ id: number }>("SELECT id FROM users WHERE username = 'patroller'");
    // What a server killed between reserving a key and filing the report used to leave behind.
    await db.query('INSERT INTO idempotency_keys (user_key, fingerprint) VALUES ($1, $2)', [`${user!.id}:${k}`, fingerprint(good())]);
    const before = await snapshot();
    const retry = await report(worker, good(), k);
    expect(retry.status).toBe(201);
    expect((await report(worker, good(), k)).body).toEqual(retry.body);
    expect((await snapshot()).incidents).toBe(before.incidents + 1);
  });

  it('replays a stored answer even when the same body would now be refused, and a refused new body keeps its refusal', async () => {
    const { db, url } = await sharedServer();
    const userId = await ensureTestUser(db, 'mover', 'worker', spot.grid);
    const mover = await signIn(url, 'mover');
    const k = key();
    const first = await report(mover, good(), k);
    expect(first.status).toBe(201);
    // The worker is moved to another grid: the spot is now outside their area.
    const [other] = await db.query<{ code: string }>("SELECT code FROM grids WHERE level = 'grid' AND code <> $1 ORDER BY code LIMIT 1", [
      spot.grid,
    ]);
    await db.query('UPDATE users SET area_code = $1 WHERE username = $2', [other!.code, 'mover']);
    try {
      const before = await snapshot();
      const again = await report(mover, good(), k);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      const fresh = await report(mover, good(), key());
      expect(fresh.status).toBe(422);
      expect((fresh.body as { error: { code: string } }).error.code).toBe('location_outside_area');
      const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM idempotency_keys WHERE user_key LIKE $1', [
        `${userId}:%`,
      ]);
      expect(row!.n).toBe(1);
      expect(await snapshot()).toEqual(before);
    } finally {
      await db.query('UPDATE users SET area_code = $1 WHERE username = $2', [spot.grid, 'mover']);
    }
  });

  it('needs a key of enough entropy', async () => {
    expect((await report(worker, good(), null)).status).toBe(400);
    expect((await report(worker, good(), 'x')).status).toBe(400);
  });

  it('scopes keys to the caller', async () => {
    const k = key();
    expect((await report(worker, good(), k)).status).toBe(201);
    expect((await report(commander, { ...good(), description: '指挥中心上报' }, k)).status).toBe(201);
  });
});

describe('the lifecycle over the API', () => {
  const move = (s: Session, id: string, to: string, version: number, note?: string) =>
    s.request('POST', `/api/incidents/${id}/transitions`, { to, version, ...(note ? { note } : {}) });

  it('walks the closed loop, records every step, and notes the level at which it was settled', async () => {
    const { id } = (await report(worker, good())).body as { id: string };
    let version = 1;
    for (const [s, to] of [
      [commander, 'accepted'],
      [commander, 'dispatched'],
      [worker, 'on_site'],
      [worker, 'resolved'],
      [commander, 'verified'],
      [commander, 'closed'],
    ] as [Session, string][]) {
      expect((await move(s, id, to, version)).status, to).toBe(204);
      version++;
    }
    const detail = (await commander.request('GET', `/api/incidents/${id}`)).body as {
      status: string;
      settledLevel: string;
      stepDeadline: string | null;
      events: { to: string }[];
    };
    expect(detail.status).toBe('closed');
    expect(detail.settledLevel).toBe('grid');
    expect(detail.stepDeadline).toBeNull();
    expect(detail.events.map((e) => e.to)).toEqual(['reported', 'accepted', 'dispatched', 'on_site', 'resolved', 'verified', 'closed']);
  });

  it('refuses a skipped step or a stale version with a 409 that changes nothing', async () => {
    const { id } = (await report(worker, good())).body as { id: string };
    const before = await snapshot();
    const skip = await move(commander, id, 'resolved', 1);
    expect(skip.status).toBe(409);
    expect((skip.body as { error: { code: string } }).error.code).toBe('illegal_transition');
    expect((await move(commander, id, 'accepted', 7)).status).toBe(409);
    expect(await snapshot()).toEqual(before);
  });

  it('lets only the dispatcher accept, and a worker only do the handler’s steps', async () => {
    const { id } = (await report(worker, good())).body as { id: string };
    expect((await move(worker, id, 'accepted', 1)).status).toBe(403);
  });

  it('escalates one level up with a reason and lets exactly one of two concurrent dispatchers win', async () => {
    const { id } = (await report(worker, good())).body as { id: string };
    expect((await move(commander, id, 'escalated', 1)).status).toBe(400);
    const [a, b] = await Promise.all([move(commander, id, 'escalated', 1, '网格无法处置'), move(commander, id, 'accepted', 1)]);
    expect([a.status, b.status].sort()).toEqual([204, 409]);
    const detail = (await commander.request('GET', `/api/incidents/${id}`)).body as { status: string; responsibleCode: string };
    if (detail.status === 'escalated') expect(detail.responsibleCode).toBe(spot.grid.slice(0, 12));
  });

  it('answers 404 for another area’s incident', async () => {
    const { db, url } = await sharedServer();
    const [other] = await db.query<{ code: string }>("SELECT code FROM grids WHERE level = 'grid' ORDER BY code DESC LIMIT 1");
    await ensureTestUser(db, 'far-worker', 'worker', other!.code);
    const far = await signIn(url, 'far-worker');
    const { id } = (await report(worker, good())).body as { id: string };
    expect((await far.request('GET', `/api/incidents/${id}`)).status).toBe(404);
    expect((await move(far, id, 'on_site', 1)).status).toBe(404);
    const list = (await far.request('GET', '/api/incidents')).body as { id: string }[];
    expect(list.some((i) => i.id === id)).toBe(false);
  });
});

describe('the list in pages', () => {
  it('reads every open case page by page, none twice and none skipped, even cases reported in the same microsecond', async () => {
    const { db } = await sharedServer();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(((await report(worker, good())).body as { id: string }).id);
    // Three share one report time: the cursor must carry the id as well as the time.
    await db.query("UPDATE incidents SET created_at = '2026-11-30 08:00:00.123456+00' WHERE id = ANY($1::bigint[])", [ids.slice(0, 3)]);
    const whole = (await commander.request('GET', '/api/incidents?open=true&limit=5000')).body as { id: string }[];
    const paged: string[] = [];
    let next: string | null = '';
    let pages = 0;
    while (next !== null) {
      const res = await commander.request('GET', `/api/incidents?open=true&limit=2${next ? `&after=${encodeURIComponent(next)}` : ''}`);
      expect(res.status).toBe(200);
      paged.push(...(res.body as { id: string }[]).map((r) => r.id));
      next = res.headers.get('x-next-page');
      pages++;
    }
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(whole.length / 2));
    expect(paged).toEqual(whole.map((r) => r.id));
    expect(paged).toEqual(expect.arrayContaining(ids));
  });

  it('refuses a cursor it did not write, saying so', async () => {
    for (const after of ['yesterday', '1~', '~5', '1.5~2', `${'9'.repeat(30)}~1`]) {
      const res = await commander.request('GET', `/api/incidents?open=true&after=${encodeURIComponent(after)}`, undefined, {
        'Accept-Language': 'zh-CN',
      });
      expect(res.status, after).toBe(400);
      expect(JSON.stringify(res.body)).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('flood control', () => {
  it('rate-limits one account that floods intake, with Retry-After, while another reports normally', async () => {
    const { db, url } = await sharedServer();
    await ensureTestUser(db, 'flooder', 'commander', await rootCode());
    const flooder = await signIn(url, 'flooder');
    const before = await snapshot();
    const results = await Promise.all(Array.from({ length: 120 }, () => report(flooder, good())));
    const created = results.filter((r) => r.status === 201).length;
    const limited = results.filter((r) => r.status === 429);
    expect(created).toBeGreaterThan(0);
    expect(created).toBeLessThan(60);
    expect(limited.length).toBe(120 - created);
    expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((limited[0]!.body as { error: { message: string } }).error.message).toContain('上报过于频繁');
    // Another account in the same second is unaffected.
    expect((await report(worker, good())).status).toBe(201);
    expect(await snapshot()).toEqual({
      incidents: before.incidents + created + 1,
      events: before.events + created + 1,
      outbox: before.outbox + created + 1,
    });
  });
});
