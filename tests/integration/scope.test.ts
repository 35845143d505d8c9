import { beforeAll, describe, expect, it } from 'vitest';
import type { ProbeFixture, RouteSpec } from '../../server/http/route-registry.ts';
import { ensureTestUser, signIn, type Session } from '../support/accounts.ts';
import { sharedServer } from '../support/test-server.ts';
import { fx, scopeFixtures } from './scope-fixtures.ts';

beforeAll(scopeFixtures);

describe('area scope on the grids API', () => {
  it('shows a community leader its own community and nothing else', async () => {
    const { url } = await sharedServer();
    const leader = await signIn(url, 'a-leader');
    const fc = (await leader.request('GET', '/api/grids')).body as { features: { id: string }[] };
    expect(fc.features.length).toBeGreaterThan(1);
    expect(fc.features.every((f) => f.id.startsWith(fx.a.community))).toBe(true);
    const levels = (await leader.request('GET', '/api/levels')).body as { key: string; cellCount: number }[];
    expect(levels.find((l) => l.key === 'county')!.cellCount).toBe(0);
    expect(levels.find((l) => l.key === 'community')!.cellCount).toBe(1);
  });

  it('answers 404, never data, for another area’s grid, parent or breakdown', async () => {
    const { url } = await sharedServer();
    const leader = await signIn(url, 'a-leader');
    const worker = await signIn(url, 'a-worker');
    for (const [s, path] of [
      [worker, `/api/grids/${fx.b.grid}`],
      [worker, `/api/grids/${fx.a.community}`],
      [leader, `/api/grids/${fx.b.grid}`],
      [leader, `/api/grids?parent=${fx.b.township}`],
      [leader, `/api/grids/${fx.b.community}/breakdown?level=grid`],
    ] as [Session, string][]) {
      const res = await s.request('GET', path);
      expect(res.status, path).toBe(404);
      expect(JSON.stringify(res.body)).not.toMatch(/households|features/);
    }
    expect((await worker.request('GET', `/api/grids/${fx.a.grid}`)).status).toBe(200);
  });

  it('audits a lookup of a cell outside the area, though the answer stays 404', async () => {
    const { url, db } = await sharedServer();
    const worker = await signIn(url, 'a-worker');
    expect((await worker.request('GET', `/api/grids/${fx.b.grid}`)).status).toBe(404);
    const [row] = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'grid.read' AND outcome = 'denied' AND username = 'a-worker' AND object_id = $1",
      [fx.b.grid],
    );
    expect(row!.n).toBeGreaterThan(0);
  });

  it('withholds ancestors outside the area from a cell’s breadcrumbs', async () => {
    const { url } = await sharedServer();
    const worker = await signIn(url, 'a-worker');
    const detail = (await worker.request('GET', `/api/grids/${fx.a.grid}`)).body as { ancestors: unknown[] };
    expect(detail.ancestors).toEqual([]);
  });

  it('follows an area change on the very next request', async () => {
    const { db, url } = await sharedServer();
    await ensureTestUser(db, 'mover', 'leader', fx.a.community);
    const mover = await signIn(url, 'mover');
    expect((await mover.request('GET', `/api/grids/${fx.a.grid}`)).status).toBe(200);
    await db.query('UPDATE users SET area_code = $1 WHERE username = $2', [fx.b.community, 'mover']);
    expect((await mover.request('GET', `/api/grids/${fx.a.grid}`)).status).toBe(404);
    expect((await mover.request('GET', `/api/grids/${fx.b.grid}`)).status).toBe(200);
  });
});

describe('every registered route, walked by a user of another area', () => {
  /** Routes with no area-bound objects, each with the reason. */
  const GLOBAL_BY_DESIGN: Record<string, string> = {
    'get /api/admin/audit': 'the audit trail is the system auditor’s, not an area’s',
    'post /api/admin/audit/prune': 'retention is a system setting',
    'get /api/admin/settings': 'system setting',
    'put /api/admin/settings': 'system setting',
    'get /api/admin/incident-config': 'the incident catalogue and time limits are one for the whole system',
    'put /api/admin/incident-limits': 'system setting',
    'post /api/admin/incident-categories': 'system setting',
    'patch /api/admin/incident-categories/:code': 'system setting',
    'post /api/boundaries/split': 'geometry arithmetic on the shape sent; reads nothing stored',
    'post /api/boundaries/merge': 'geometry arithmetic on the shapes sent; reads nothing stored',
    'post /api/boundaries/overlay': 'geometry arithmetic on the shapes sent; reads nothing stored',
    'get /api/basemap/tiles/:z/:x/:y.pbf': 'public geography (roads, water, blocks); names and counts no one',
  };
  const PUBLIC = [
    'get /api/health',
    'post /api/auth/login',
    'post /api/auth/wall',
    // GeoReport v2 service discovery: the catalogue of categories, nothing about places or people
    'get /open311/v2/services.json',
    'get /open311/v2/services.xml',
    'get /open311/v2/services/:code.json',
    'get /open311/v2/services/:code.xml',
  ];

  it('registers every Express route through the access-checked registry', async () => {
    const { app, routes } = await sharedServer();
    let count = 0;
    const walk = (
      stack: { route?: { path: unknown; methods: Record<string, boolean> }; handle?: { stack?: unknown[] } }[],
      nested: boolean,
    ): void => {
      for (const layer of stack) {
        if (layer.route) {
          if (nested || (typeof layer.route.path === 'string' && layer.route.path.startsWith('/api')))
            count += Object.keys(layer.route.methods).length;
        } else if (layer.handle?.stack) walk(layer.handle.stack as never, true);
      }
    };
    walk((app as unknown as { router: { stack: never[] } }).router.stack, false);
    expect(count).toBe(routes.length);
    expect(
      routes
        .filter((r) => r.access === 'public')
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    ).toEqual([...PUBLIC].sort());
  });

  it('leaks nothing of another area through any route', async () => {
    const { url, routes } = await sharedServer();
    const values: Record<ProbeFixture, string> = {
      foreignGridCode: fx.b.community,
      foreignUserId: String(fx.foreignUserId),
      foreignWallTokenId: String(fx.foreignWallTokenId),
      foreignIncidentId: fx.foreignIncidentId,
      foreignApiKeyId: String(fx.foreignApiKeyId),
      foreignResidentId: String(fx.foreignResident.id),
      foreignMemberId: String(fx.foreignMemberId),
      foreignImportId: String(fx.foreignImportId),
      foreignChangeSetId: String(fx.foreignChangeSetId),
      foreignBoundaryImportId: String(fx.foreignBoundaryImportId),
      foreignTakeoverId: fx.foreignTakeoverId,
      milestoneInform: 'inform',
      versionOne: '1',
    };
    const fill = (v: string | unknown[]) =>
      typeof v !== 'string' ? v : v in values ? values[v as ProbeFixture] : v === 'true' ? true : /^\d+$/.test(v) ? Number(v) : v;
    const checked: string[] = [];
    for (const route of routes as RouteSpec[]) {
      const key = `${route.method} ${route.path}`;
      if (route.access === 'public' || GLOBAL_BY_DESIGN[key]) continue;
      const params = route.path.match(/:(\w+)/g) ?? [];
      let path = route.path;
      for (const p of params) {
        const fixture = route.probe?.params?.[p.slice(1)];
        expect(fixture, `${key} needs a probe for ${p}`).toBeDefined();
        path = path.replace(p, encodeURIComponent(values[fixture!]));
      }
      const query = new URLSearchParams(Object.entries(route.probe?.query ?? {}).map(([k, v]) => [k, String(fill(v))])).toString();
      const body = route.probe?.body
        ? Object.fromEntries(Object.entries(route.probe.body).map(([k, v]) => [k, fill(v)]))
        : route.method === 'get'
          ? undefined
          : {};
      // An admin of area A holds every permission that matters here but the boundary editor's, which
      // an operator of area A holds; so only the area can stop either.
      const viewer = await signIn(url, String(route.access).startsWith('boundaries:') ? 'a-operator' : 'a-admin');
      const res = await viewer.request(route.method.toUpperCase(), query ? `${path}?${query}` : path, body);
      const text = JSON.stringify(res.body ?? '');
      // The code sent may be echoed in the error; nothing below it may appear.
      expect(text, key).not.toContain(fx.b.grid);
      expect(text, key).not.toContain(fx.foreignUsername);
      expect(text, key).not.toContain(fx.foreignWallName);
      expect(text, key).not.toContain('B 社区井盖缺失');
      expect(text, key).not.toContain(fx.foreignResident.idNumber);
      expect(text, key).not.toContain(fx.foreignResident.name);
      if (params.length > 0 || route.probe?.body || route.probe?.query?.parent)
        expect([403, 404], `${key} → ${res.status}`).toContain(res.status);
      checked.push(key);
    }
    expect(checked.length).toBeGreaterThan(8);
    // The probes above changed nothing in area B.
    const { db } = await sharedServer();
    const [b] = await db.query<{ disabled: boolean }>('SELECT disabled FROM users WHERE id = $1', [fx.foreignUserId]);
    expect(b!.disabled).toBe(false);
    const [w] = await db.query<{ revoked: boolean }>('SELECT revoked_at IS NOT NULL AS revoked FROM wall_tokens WHERE id = $1', [
      fx.foreignWallTokenId,
    ]);
    expect(w!.revoked).toBe(false);
    const [k] = await db.query<{ revoked: boolean }>('SELECT revoked_at IS NOT NULL AS revoked FROM api_keys WHERE id = $1', [
      fx.foreignApiKeyId,
    ]);
    expect(k!.revoked).toBe(false);
  });
});
