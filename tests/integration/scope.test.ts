import { io, type Socket } from 'socket.io-client';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, ServerToClientEvents } from '../../server/realtime/events.ts';
import type { ProbeFixture, RouteSpec } from '../../server/http/route-registry.ts';
import { ensureTestUser, signIn, type Session } from '../support/accounts.ts';
import { sharedServer } from '../support/test-server.ts';

/** Two communities: A is the viewer's, B is "another area". */
interface Fixtures {
  a: { community: string; grid: string };
  b: { community: string; grid: string; township: string };
  foreignUserId: number;
  foreignUsername: string;
  foreignWallTokenId: number;
  foreignWallName: string;
  foreignIncidentId: string;
  foreignApiKeyId: number;
  foreignResident: { id: number; name: string; idNumber: string };
  foreignMemberId: number;
  foreignImportId: number;
  foreignChangeSetId: number;
  foreignBoundaryImportId: number;
}
let fx: Fixtures;

const connect = (url: string, cookie: string, origin?: string): Socket<ServerToClientEvents, ClientToServerEvents> =>
  io(url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie, ...(origin ? { origin } : {}) } });
const connected = (s: Socket) => new Promise<void>((resolve, reject) => (s.once('connect', resolve), s.once('connect_error', reject)));

beforeAll(async () => {
  const { db, url } = await sharedServer();
  const communities = await db.query<{ code: string; parent: string }>(
    "SELECT code, parent_code AS parent FROM grids WHERE level = 'community' ORDER BY code LIMIT 2",
  );
  const gridOf = async (c: string) =>
    (await db.query<{ code: string }>('SELECT code FROM grids WHERE parent_code = $1 ORDER BY code LIMIT 1', [c]))[0]!.code;
  const [a, b] = communities as [{ code: string; parent: string }, { code: string; parent: string }];
  const foreignUserId = await ensureTestUser(db, 'b-worker', 'worker', await gridOf(b.code));
  await ensureTestUser(db, 'b-commander', 'commander', b.code);
  const bCommander = await signIn(url, 'b-commander');
  const created = (await bCommander.request('POST', '/api/wall-tokens', { name: 'B 社区大屏', areaCode: b.code })).body as {
    id: number;
    token: string;
  };
  const [spot] = await db.query<{ lon: number; lat: number }>(
    'SELECT ST_X(label_point) AS lon, ST_Y(label_point) AS lat FROM grids WHERE code = $1',
    [await gridOf(b.code)],
  );
  const incident = (
    await bCommander.request(
      'POST',
      '/api/incidents',
      { location: { lon: spot!.lon, lat: spot!.lat }, category: 'hazard', channel: 'patrol', description: 'B 社区井盖缺失' },
      { 'Idempotency-Key': 'scope-fixture-incident-b' },
    )
  ).body as { id: string };
  await ensureTestUser(db, 'b-admin', 'admin', b.code);
  const bAdmin = await signIn(url, 'b-admin');
  const apiKey = (await bAdmin.request('POST', '/api/api-keys', { name: 'B 社区 Open311', userId: foreignUserId })).body as { id: number };
  const [resident] = await db.query<{ id: number; name: string; idNumber: string }>(
    `SELECT r.id, r.name, r.id_number AS "idNumber" FROM residents r JOIN households h ON h.id = r.household_id
     JOIN grids g ON g.code = h.grid_code WHERE g.parent_code = $1 ORDER BY r.id LIMIT 1`,
    [b.code],
  );
  const [member] = await db.query<{ id: number }>(
    `SELECT m.id FROM key_group_members m JOIN residents r ON r.id = m.resident_id JOIN households h ON h.id = r.household_id
     JOIN grids g ON g.code = h.grid_code WHERE g.parent_code = $1 ORDER BY m.id LIMIT 1`,
    [b.code],
  );
  await ensureTestUser(db, 'b-leader', 'leader', b.code);
  const bLeader = await signIn(url, 'b-leader');
  const uploaded = await fetch(`${url}/api/registers/imports?name=b.csv`, {
    method: 'POST',
    headers: { Cookie: bLeader.cookie, 'X-CSRF-Token': bLeader.csrf, 'Content-Type': 'text/csv' },
    body: `姓名,身份证号\n${resident!.name},${resident!.idNumber}\n`,
  });
  await ensureTestUser(db, 'b-operator', 'operator', b.code);
  const bOperator = await signIn(url, 'b-operator');
  const draft = (await bOperator.request('POST', '/api/boundaries/change-sets', { title: 'B 社区网格调整' })).body as { id: number };
  const upload = await fetch(`${url}/api/boundaries/imports?name=b.geojson`, {
    method: 'POST',
    headers: { Cookie: bOperator.cookie, 'X-CSRF-Token': bOperator.csrf, 'Content-Type': 'application/geo+json' },
    body: JSON.stringify({
      type: 'Feature',
      properties: { name: 'B 网格' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 0],
          ],
        ],
      },
    }),
  });
  fx = {
    foreignBoundaryImportId: ((await upload.json()) as { id: number }).id,
    foreignChangeSetId: draft.id,
    foreignImportId: ((await uploaded.json()) as { id: number }).id,
    foreignMemberId: member!.id,
    foreignResident: resident!,
    foreignApiKeyId: apiKey.id,
    a: { community: a.code, grid: await gridOf(a.code) },
    b: { community: b.code, grid: await gridOf(b.code), township: b.parent },
    foreignUserId,
    foreignUsername: 'b-worker',
    foreignWallTokenId: created.id,
    foreignWallName: 'B 社区大屏',
    foreignIncidentId: incident.id,
  };
  await ensureTestUser(db, 'a-leader', 'leader', a.code);
  await ensureTestUser(db, 'a-worker', 'worker', fx.a.grid);
  await ensureTestUser(db, 'a-admin', 'admin', a.code);
  await ensureTestUser(db, 'a-operator', 'operator', a.code);
});

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

describe('sockets', () => {
  it('refuses a handshake without a session, and one from another origin even with a valid cookie', async () => {
    const { url } = await sharedServer();
    await expect(connected(connect(url, ''))).rejects.toThrow(/unauthorized/);
    const leader = await signIn(url, 'a-leader');
    const evil = connect(url, leader.cookie, 'https://evil.example');
    await expect(connected(evil)).rejects.toThrow();
    evil.close();
  });

  it('lets a socket follow cells inside its area only, and audits the attempt outside', async () => {
    const { url, db } = await sharedServer();
    const leader = await signIn(url, 'a-leader');
    const s = connect(url, leader.cookie);
    await connected(s);
    const denied = new Promise((resolve) => s.once('access:denied', resolve));
    expect(await s.timeout(5000).emitWithAck('grid:subscribe', fx.a.grid)).toEqual({ ok: true, room: `grid:${fx.a.grid}` });
    expect(await s.timeout(5000).emitWithAck('grid:subscribe', fx.b.grid)).toEqual({ ok: false, error: 'outside_area' });
    expect(await denied).toEqual({ event: 'grid:subscribe', code: 'outside_area' });
    const [row] = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'socket.subscribe' AND outcome = 'denied' AND object_id = $1",
      [fx.b.grid],
    );
    expect(row!.n).toBeGreaterThan(0);
    s.close();
  });

  it('drops the sockets of a session at sign-out', async () => {
    const { url } = await sharedServer();
    const leader = await signIn(url, 'a-leader');
    const s = connect(url, leader.cookie);
    await connected(s);
    const gone = new Promise<string>((resolve) => s.once('disconnect', resolve));
    await leader.request('POST', '/api/auth/logout');
    expect(await gone).toBe('io server disconnect');
  });

  it('signs a disabled user out everywhere at once, sockets included', async () => {
    const { url, db } = await sharedServer();
    const id = await ensureTestUser(db, 'to-disable', 'leader', fx.a.community);
    const victim = await signIn(url, 'to-disable');
    const s = connect(url, victim.cookie);
    await connected(s);
    const gone = new Promise<string>((resolve) => s.once('disconnect', resolve));
    const admin = await signIn(url, 'a-admin');
    expect((await admin.request('PATCH', `/api/admin/users/${id}`, { disabled: true })).status).toBe(204);
    expect(await gone).toBe('io server disconnect');
    expect((await victim.request('GET', '/api/levels')).status).toBe(401);
    const res = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'gridline' },
      body: JSON.stringify({ username: 'to-disable', password: 'correct horse battery' }),
    });
    expect(res.status).toBe(401);
  });

  it('drops a socket whose session expired, at the next periodic re-check', async () => {
    const { url, db } = await sharedServer();
    await ensureTestUser(db, 'expiring', 'leader', fx.a.community);
    const s1 = await signIn(url, 'expiring');
    const s = connect(url, s1.cookie);
    await connected(s);
    const gone = new Promise<string>((resolve) => s.once('disconnect', resolve));
    await db.query("UPDATE sessions SET expires_at = now() WHERE user_id = (SELECT id FROM users WHERE username = 'expiring')");
    expect(await gone).toBe('io server disconnect');
  });
});

describe('wall-display tokens', () => {
  it('opens a read-only device session for the token’s area, and a revoked token drops the display at once', async () => {
    const { url, db } = await sharedServer();
    await ensureTestUser(db, 'a-commander', 'commander', fx.a.community);
    const commander = await signIn(url, 'a-commander');
    const { id, token } = (await commander.request('POST', '/api/wall-tokens', { name: 'A 大屏', areaCode: fx.a.community })).body as {
      id: number;
      token: string;
    };
    const open = await fetch(`${url}/api/auth/wall`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'gridline' },
      body: JSON.stringify({ token }),
    });
    expect(open.status).toBe(200);
    const cookie = open.headers.get('set-cookie')!.split(';')[0]!;
    const wallUser = ((await open.json()) as { user: { role: string; kind: string; permissions: string[] } }).user;
    expect(wallUser).toMatchObject({ role: 'wall', kind: 'wall' });
    expect(wallUser.permissions).not.toContain('people:read');
    const grids = await fetch(`${url}/api/grids/${fx.b.grid}`, { headers: { Cookie: cookie } });
    expect(grids.status).toBe(404);
    // Inside its area a wall sees figures but no names of staff.
    const own = (await (await fetch(`${url}/api/grids/${fx.a.grid}`, { headers: { Cookie: cookie } })).json()) as {
      households: number;
      leader: unknown;
      team: unknown[];
    };
    expect(own.households).toBeGreaterThan(0);
    expect(own.leader).toBeNull();
    expect(own.team).toEqual([]);
    const s = connect(url, cookie);
    await connected(s);
    const gone = new Promise<string>((resolve) => s.once('disconnect', resolve));
    expect((await commander.request('DELETE', `/api/wall-tokens/${id}`)).status).toBe(204);
    expect(await gone).toBe('io server disconnect');
    expect((await fetch(`${url}/api/levels`, { headers: { Cookie: cookie } })).status).toBe(401);
    const again = await fetch(`${url}/api/auth/wall`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'gridline' },
      body: JSON.stringify({ token }),
    });
    expect(again.status).toBe(401);
  });
});

describe('audit trail', () => {
  it('cannot be updated, deleted or truncated', async () => {
    const { db } = await sharedServer();
    await expect(db.query("UPDATE audit_log SET outcome = 'success'")).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    await expect(db.exec('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
  });

  it('is searchable by the admin by user, action and outcome, and the pruning run is itself audited', async () => {
    const { url, db } = await sharedServer();
    await ensureTestUser(
      db,
      'auditor',
      'admin',
      (await db.query<{ code: string }>('SELECT code FROM grids WHERE parent_code IS NULL'))[0]!.code,
    );
    const admin = await signIn(url, 'auditor');
    await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'gridline' },
      body: JSON.stringify({ username: 'auditor', password: 'wrong password' }),
    });
    const res = (await admin.request('GET', '/api/admin/audit?action=auth.login&outcome=failure')).body as {
      total: number;
      entries: { action: string; outcome: string }[];
    };
    expect(res.total).toBeGreaterThan(0);
    expect(res.entries.every((e) => e.action === 'auth.login' && e.outcome === 'failure')).toBe(true);
    expect((await admin.request('GET', '/api/admin/audit?from=yesterday')).status).toBe(400);
    expect((await admin.request('PUT', '/api/admin/settings', { auditRetentionDays: 30 })).status).toBe(400);
    const pruned = await admin.request('POST', '/api/admin/audit/prune');
    expect(pruned.status).toBe(200);
    const log = (await admin.request('GET', '/api/admin/audit?action=audit.prune')).body as { total: number };
    expect(log.total).toBeGreaterThan(0);
  });
});
