import { describe, expect, it } from 'vitest';
import { get, sharedServer } from '../support/test-server.ts';

interface Fc {
  type: string;
  features: {
    id: string;
    geometry: { type: string; coordinates: unknown };
    properties: { code: string; level: string; parentCode: string | null; name: string };
  }[];
}

const countPositions = (c: unknown): number =>
  Array.isArray(c) ? (typeof c[0] === 'number' ? 1 : c.reduce((s: number, x) => s + countPositions(x), 0)) : 0;

describe('GET /api/grids', () => {
  it('returns every cell of a level as a FeatureCollection', async () => {
    const { db } = await sharedServer();
    const [{ n }] = (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM grids WHERE level = 'grid'")) as [{ n: number }];
    const { status, headers, body } = await get('/api/grids?level=grid');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toContain('application/geo+json');
    const fc = body as Fc;
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features).toHaveLength(n);
    expect(new Set(fc.features.map((f) => f.properties.level))).toEqual(new Set(['grid']));
    expect(fc.features[0]!.geometry.type).toMatch(/Polygon$/);
  });

  it('filters by parent', async () => {
    const { db } = await sharedServer();
    const [community] = await db.query<{ code: string; n: number }>(
      "SELECT p.code, count(c.*)::int AS n FROM grids p JOIN grids c ON c.parent_code = p.code WHERE p.level = 'community' GROUP BY p.code ORDER BY p.code LIMIT 1",
    );
    const fc = (await get(`/api/grids?parent=${community!.code}`)).body as Fc;
    expect(fc.features).toHaveLength(community!.n);
    expect(fc.features.every((f) => f.properties.parentCode === community!.code)).toBe(true);
  });

  it('filters by bbox with the spatial index: a small box returns fewer cells, all intersecting it', async () => {
    const { db } = await sharedServer();
    const [c] = await db.query<{ lon: number; lat: number }>(
      "SELECT ST_X(label_point) AS lon, ST_Y(label_point) AS lat FROM grids WHERE level = 'grid' ORDER BY code LIMIT 1",
    );
    const d = 0.0005;
    const bbox = [c!.lon - d, c!.lat - d, c!.lon + d, c!.lat + d];
    const all = (await get('/api/grids?level=grid')).body as Fc;
    const some = (await get(`/api/grids?level=grid&bbox=${bbox.join(',')}`)).body as Fc;
    expect(some.features.length).toBeGreaterThan(0);
    expect(some.features.length).toBeLessThan(all.features.length);
    const [check] = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM grids WHERE level = 'grid' AND geom && ST_MakeEnvelope($1, $2, $3, $4, 4326)",
      bbox,
    );
    expect(some.features).toHaveLength(check!.n);
  });

  it('simplifies geometry in PostGIS for low zooms', async () => {
    const detailed = (await get('/api/grids?level=community')).body as Fc;
    const coarse = (await get('/api/grids?level=community&zoom=10')).body as Fc;
    expect(coarse.features).toHaveLength(detailed.features.length);
    const a = countPositions(detailed.features.map((f) => f.geometry.coordinates));
    const b = countPositions(coarse.features.map((f) => f.geometry.coordinates));
    expect(b).toBeLessThan(a);
  });

  it.each([
    ['level=nowhere', 'level', 400, 'unknown_level'],
    ['level=Grid!', 'level', 400, 'invalid_parameter'],
    ['bbox=1,2,3', 'bbox', 400, 'invalid_parameter'],
    ['bbox=a,b,c,d', 'bbox', 400, 'invalid_parameter'],
    ['bbox=116,34,117,95', 'bbox', 400, 'invalid_parameter'],
    ['bbox=117,34,116,35', 'bbox', 400, 'invalid_parameter'],
    ['bbox=1e309,0,1,1', 'bbox', 400, 'invalid_parameter'],
    ['zoom=23', 'zoom', 400, 'invalid_parameter'],
    ['zoom=-1', 'zoom', 400, 'invalid_parameter'],
    ['zoom=abc', 'zoom', 400, 'invalid_parameter'],
    ['zoom=1&zoom=2', 'zoom', 400, 'invalid_parameter'],
    ['parent=12345', 'parent', 400, 'invalid_parameter'],
  ])('rejects %s with a 400 naming the parameter', async (query, param, status, code) => {
    const res = await get(`/api/grids?${query}`);
    expect(res.status).toBe(status);
    const error = (res.body as { error: { code: string; param: string; message: string } }).error;
    expect(error.code).toBe(code);
    expect(error.param).toBe(param);
    expect(error.message).toContain(param);
  });

  it('answers 404 for a parent that does not exist', async () => {
    const res = await get('/api/grids?parent=379901999999');
    expect(res.status).toBe(404);
    expect((res.body as { error: { code: string } }).error.code).toBe('grid_not_found');
  });

  it('answers in English when the client asks for it, in Chinese by default', async () => {
    const zh = (await get('/api/grids?zoom=99')).body as { error: { message: string } };
    const en = (await get('/api/grids?zoom=99', { 'Accept-Language': 'en-US,en;q=0.9' })).body as { error: { message: string } };
    expect(zh.error.message).toMatch(/参数 zoom 无效/);
    expect(en.error.message).toMatch(/^Invalid parameter zoom/);
  });
});

describe('GET /api/grids/:code', () => {
  it('returns the figures of the whole subtree, equal to direct counts in the database', async () => {
    const { db } = await sharedServer();
    const [community] = await db.query<{ code: string; path: string }>(
      "SELECT code, path FROM grids WHERE level = 'community' ORDER BY code LIMIT 1",
    );
    const [expected] = await db.query<{ households: number; residents: number; grids: number }>(
      `SELECT
         (SELECT count(*)::int FROM households h JOIN grids g ON g.code = h.grid_code WHERE g.path LIKE $1 || '%') AS households,
         (SELECT count(*)::int FROM residents r JOIN households h ON h.id = r.household_id JOIN grids g ON g.code = h.grid_code WHERE g.path LIKE $1 || '%') AS residents,
         (SELECT count(*)::int FROM grids WHERE parent_code = $2) AS grids`,
      [community!.path, community!.code],
    );
    const { status, body } = await get(`/api/grids/${community!.code}`);
    expect(status).toBe(200);
    const d = body as {
      households: number;
      residents: number;
      workers: number;
      householdsPerWorker: number;
      descendantsByLevel: Record<string, number>;
      ancestors: unknown[];
      leader: { name: string };
    };
    expect(d.households).toBe(expected!.households);
    expect(d.residents).toBe(expected!.residents);
    expect(d.descendantsByLevel).toEqual({ grid: expected!.grids });
    expect(d.ancestors).toHaveLength(2);
    expect(d.leader.name.length).toBeGreaterThan(1);
    expect(d.householdsPerWorker).toBeCloseTo(d.households / d.workers, 1);
  });

  it('lists the team assigned to a base grid, leader first', async () => {
    const fc = (await get('/api/grids?level=grid')).body as Fc;
    const d = (await get(`/api/grids/${fc.features[0]!.id}`)).body as { team: { duty: string }[]; staff: number; leader: { id: number } };
    expect(d.team[0]!.duty).toBe('grid_leader');
    expect(d.team.map((m) => m.duty)).toContain('full_time');
    expect(d.team).toHaveLength(d.staff);
  });

  it('sums to the district total across a breakdown by level', async () => {
    const fc = (await get('/api/grids?level=county')).body as Fc;
    const root = fc.features[0]!.properties.code;
    const total = (await get(`/api/grids/${root}`)).body as { households: number; residents: number; workers: number };
    const rows = (await get(`/api/grids/${root}/breakdown?level=community`)).body as {
      households: number;
      residents: number;
      workers: number;
    }[];
    expect(rows.length).toBe(5);
    expect(rows.reduce((s, r) => s + r.households, 0)).toBe(total.households);
    expect(rows.reduce((s, r) => s + r.residents, 0)).toBe(total.residents);
    expect(rows.reduce((s, r) => s + r.workers, 0)).toBe(total.workers);
  });

  it('answers 404 JSON for an unknown grid and 400 for a malformed code', async () => {
    const missing = await get('/api/grids/379901999999999');
    expect(missing.status).toBe(404);
    expect((missing.body as { error: { message: string } }).error.message).toContain('379901999999999');
    const malformed = await get('/api/grids/abc');
    expect(malformed.status).toBe(400);
    expect((malformed.body as { error: { param: string } }).error.param).toBe('code');
  });

  it('needs a known level for a breakdown', async () => {
    const res = await get('/api/grids/379901000000/breakdown?level=planet');
    expect(res.status).toBe(400);
    expect((res.body as { error: { param: string } }).error.param).toBe('level');
  });
});

describe('unknown routes', () => {
  it('answer a 404 JSON error naming the route', async () => {
    const res = await get('/api/no-such-thing');
    expect(res.status).toBe(404);
    expect((res.body as { error: { code: string; message: string } }).error).toMatchObject({ code: 'route_not_found' });
  });
});
