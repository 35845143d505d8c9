import { strToU8 } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { can, ROLES, type Action, type Role } from '../../server/auth/permissions.ts';
import type { RouteSpec } from '../../server/http/route-registry.ts';
import { sessionFrom, ensureTestUser, signIn, type Session } from '../support/accounts.ts';
import { countySession, sharedServer } from '../support/test-server.ts';

// A real 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/**
 * Every personal endpoint, walked as every role (and as a wall display's token): a role without
 * the permission gets 403 and an `access.denied` row; a role with it gets masked data of its own
 * area only, and the read leaves its audit row. A personal route added without a case here fails.
 */

/** The permissions that guard personal data: a route under one of them must have a case below. */
const PERSONAL: readonly Action[] = ['people:read', 'people:unmask', 'people:export', 'people:import', 'visits:record'];

interface Person {
  id: number;
  name: string;
  idNumber: string;
  phone: string | null;
  birthDate: string;
}
interface Fixtures {
  community: string;
  grid: string;
  /** A resident of `grid` in a visit category, their membership, and a watch-listed resident of `grid`. */
  resident: Person;
  memberId: number;
  watched: { residentId: number; category: string };
  /** Everyone registered in `grid`, to look for unmasked values in any response. */
  people: Person[];
  /** Objects just outside a worker's grid (same community) and outside the community. */
  sibling: { grid: string; residentId: number; memberId: number };
  outside: { grid: string; residentId: number; memberId: number };
  bbox: string;
  /** An incident photo (faces, number plates) in the grid, in the sibling grid and outside the community. */
  photos: Record<'own' | 'sibling' | 'outside', { incident: string; photo: string }>;
}
let fx: Fixtures;
let url: string;
const sessions = new Map<string, Session>();
/** Who each session is in the audit trail. */
const auditName = new Map<string, string>();
/** Uploads made by each allowed role, for the check and commit steps. */
const uploads = new Map<string, number>();

type Response = { status: number; body: unknown; text: string };
type Scope = 'own' | 'foreign';
interface Case {
  /** Calls the route inside the viewer's scope, or just outside it. */
  call: (s: Session, who: string, scope: Scope) => Promise<Response>;
  /** The audit action a successful call leaves. */
  audit: string;
  /** What an allowed call must show for this role (masking, categories). */
  check?: (res: Response, who: string) => void;
  /** Whether a call outside the viewer's scope answers 404 (else it answers with nothing from there). */
  foreign: '404' | 'empty' | 'none';
}

const asResponse = async (res: globalThis.Response): Promise<Response> => {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // CSV and XLSX bodies stay text
  }
  return { status: res.status, body, text };
};
const call = async (s: Session, method: string, path: string, body?: unknown) => {
  const res = await fetch(url + path, {
    method,
    headers: {
      Cookie: s.cookie,
      ...(method === 'GET' ? {} : { 'X-CSRF-Token': s.csrf }),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return asResponse(res);
};

/** No ID number, phone or full name of anyone in the grid appears as a value. */
const masked = (res: Response) => {
  for (const p of fx.people) {
    expect(res.text).not.toContain(p.idNumber);
    if (p.phone) expect(res.text).not.toContain(p.phone);
    expect(res.text).not.toMatch(new RegExp(`["',]${p.name}["',\\r\\n]`));
    // With the ID number's division and last four, a full birth date gives the whole number back.
    // (Only for those born before 2020, whose birthdays cannot be mistaken for a recent visit or incident date.)
    if (p.birthDate < '2020') expect(res.text).not.toMatch(new RegExp(`["',]${p.birthDate}["',\\r\\n]`));
  }
};
/** Roles that see watch-list categories without being the responsible worker. */
const watchAll = (who: string) => who === 'commander';
const foreignGrid = (who: string, scope: Scope) => (scope === 'own' ? fx.grid : who === 'worker' ? fx.sibling.grid : fx.outside.grid);
const foreignResident = (who: string, scope: Scope) =>
  scope === 'own' ? fx.resident.id : who === 'worker' ? fx.sibling.residentId : fx.outside.residentId;

const csvFile = (idNumber: string) => strToU8(`\uFEFF户号,姓名,身份证号,地址\nH1,某某,${idNumber},无此楼1单元101室\n`);

const CASES: Record<string, Case> = {
  'get /api/residents': {
    call: (s, who, scope) => call(s, 'GET', `/api/residents?grid=${foreignGrid(who, scope)}`),
    audit: 'people.list',
    foreign: '404',
    check: (res) => {
      masked(res);
      expect((res.body as { rows: unknown[] }).rows.length).toBeGreaterThan(0);
    },
  },
  'get /api/residents/:id': {
    call: (s, who, scope) => call(s, 'GET', `/api/residents/${foreignResident(who, scope)}`),
    audit: 'people.read',
    foreign: '404',
    check: (res) => {
      masked(res);
      expect((res.body as { id: number }).id).toBe(fx.resident.id);
    },
  },
  'post /api/residents/:id/unmask': {
    call: (s, who, scope) => call(s, 'POST', `/api/residents/${foreignResident(who, scope)}/unmask`, { reason: '核实走访对象身份' }),
    audit: 'people.unmask',
    foreign: '404',
    // The one answer that carries the full record, for this request only.
    check: (res) => expect(res.body).toMatchObject({ idNumber: fx.resident.idNumber, name: fx.resident.name }),
  },
  'get /api/residents/export': {
    call: (s, who, scope) => call(s, 'GET', `/api/residents/export?grid=${foreignGrid(who, scope)}`),
    audit: 'people.export',
    foreign: '404',
    check: (res) => {
      masked(res);
      expect(res.text.split('\r\n').filter(Boolean).length).toBeGreaterThan(1);
    },
  },
  'get /api/visits/due': {
    call: (s, who, scope) => call(s, 'GET', `/api/visits/due?grid=${foreignGrid(who, scope)}`),
    audit: 'people.list',
    foreign: '404',
    check: (res, who) => {
      masked(res);
      const rows = (res.body as { rows: { category: string; kind?: string }[] }).rows;
      expect(rows.length).toBeGreaterThan(0);
      if (!watchAll(who)) expect(rows.map((r) => r.category)).not.toContain(fx.watched.category);
    },
  },
  'post /api/visits': {
    call: (s, who, scope) =>
      call(s, 'POST', '/api/visits', {
        memberId: scope === 'own' ? fx.memberId : who === 'worker' ? fx.sibling.memberId : fx.outside.memberId,
        found: '走访：身体状况良好',
      }),
    audit: 'visit.create',
    foreign: '404',
    check: (res) => {
      masked(res);
      expect(String((res.body as { id: unknown }).id)).toMatch(/^[0-9]+$/);
    },
  },
  'get /api/registers/points': {
    call: (s, who, scope) => call(s, 'GET', `/api/registers/points?bbox=${scope === 'own' ? fx.bbox : outsideBbox}`),
    audit: 'people.points',
    foreign: 'empty',
    check: (res, who) => {
      masked(res);
      const points = (res.body as { points: { gridCode: string; categories: string[] }[] }).points;
      expect(points.length).toBeGreaterThan(0);
      for (const p of points) {
        if (who === 'worker') expect(p.gridCode).toBe(fx.grid);
        if (!watchAll(who)) expect(p.categories).not.toContain(fx.watched.category);
      }
      // Households, never people: no field that could name anyone.
      expect(Object.keys(points[0]!).sort()).toEqual(['categories', 'gridCode', 'householdId', 'lat', 'lon', 'members', 'overdue']);
    },
  },
  'get /api/incidents/:id/photos/:photoId': {
    call: async (s, who, scope) => {
      const photo = scope === 'own' ? fx.photos.own : who === 'worker' ? fx.photos.sibling : fx.photos.outside;
      return call(s, 'GET', `/api/incidents/${photo.incident}/photos/${photo.photo}`);
    },
    audit: 'incident.photo.read',
    foreign: '404',
    check: (res) => expect(res.status).toBe(200),
  },
  'post /api/registers/imports': {
    call: async (s, who) => {
      const res = await fetch(`${url}/api/registers/imports?name=walk.csv`, {
        method: 'POST',
        headers: { Cookie: s.cookie, 'X-CSRF-Token': s.csrf, 'Content-Type': 'text/csv' },
        body: new Uint8Array(csvFile(fx.resident.idNumber)),
      });
      const out = await asResponse(res);
      if (res.status === 201) uploads.set(who, (out.body as { id: number }).id);
      return out;
    },
    audit: 'people.import_upload',
    foreign: 'none',
    check: (res) => {
      masked(res);
      expect((res.body as { preview: string[][] }).preview[0]![1]).toBe('某*');
    },
  },
  'post /api/registers/imports/:id/check': {
    call: (s, who) =>
      call(s, 'POST', `/api/registers/imports/${uploads.get(who) ?? 1}/check`, { mapping: { name: 1, idNumber: 2, address: 3 } }),
    audit: 'people.import_check',
    foreign: 'none',
    check: (res) => {
      masked(res);
      // The file names someone already registered elsewhere, at a building that does not exist.
      expect(res.body).toMatchObject({ rows: 1, invalid: 1 });
    },
  },
  'post /api/registers/imports/:id/commit': {
    call: (s, who) =>
      call(s, 'POST', `/api/registers/imports/${uploads.get(who) ?? 1}/commit`, { mapping: { name: 1, idNumber: 2, address: 3 } }),
    // A file with bad rows is refused whole; the refusal is kept.
    audit: 'people.import',
    foreign: 'none',
    check: (res) => {
      masked(res);
      expect(res.status).toBe(422);
    },
  },
};
let outsideBbox: string;

/** Everything a personal call could change, to show a refused one changed nothing. */
const snapshot = async () => {
  const { db } = await sharedServer();
  const [row] = await db.query(
    `SELECT (SELECT count(*) FROM visits)::int AS visits, (SELECT count(*) FROM residents)::int AS residents,
            (SELECT count(*) FROM households)::int AS households, (SELECT count(*) FROM register_imports)::int AS uploads,
            (SELECT md5(string_agg(id || ':' || coalesce(name, ''), ',' ORDER BY id)) FROM residents) AS names`,
  );
  return row;
};
const lastAuditId = async () => {
  const { db } = await sharedServer();
  const [row] = await db.query<{ id: number }>('SELECT coalesce(max(id), 0)::int AS id FROM audit_log');
  return row!.id;
};
const auditsSince = async (id: number, who: string) => {
  const { db } = await sharedServer();
  return db.query<{ action: string; outcome: string; detail: Record<string, unknown> }>(
    'SELECT action, outcome, detail FROM audit_log WHERE id > $1 AND username = $2 ORDER BY id',
    [id, auditName.get(who)],
  );
};

beforeAll(async () => {
  const server = await sharedServer();
  const { db } = server;
  url = server.url;
  // A grid holding both a visit-category member and a watch-listed one, with a sibling grid that has members too.
  const [g] = await db.query<{ grid: string; community: string }>(
    `SELECT h.grid_code AS grid, g.parent_code AS community FROM key_group_members m
     JOIN key_group_categories c ON c.code = m.category JOIN residents r ON r.id = m.resident_id
     JOIN households h ON h.id = r.household_id JOIN grids g ON g.code = h.grid_code
     WHERE m.until IS NULL GROUP BY h.grid_code, g.parent_code
     HAVING bool_or(c.kind = 'visit') AND bool_or(c.kind = 'watch') ORDER BY h.grid_code LIMIT 1`,
  );
  const memberIn = async (where: string, param: string, kind = 'visit') => {
    const [m] = await db.query<{ memberId: number; residentId: number; category: string; grid: string }>(
      `SELECT m.id AS "memberId", m.resident_id AS "residentId", m.category, h.grid_code AS grid FROM key_group_members m
       JOIN key_group_categories c ON c.code = m.category JOIN residents r ON r.id = m.resident_id
       JOIN households h ON h.id = r.household_id JOIN grids g ON g.code = h.grid_code
       WHERE m.until IS NULL AND c.kind = $2 AND ${where} ORDER BY m.id LIMIT 1`,
      [param, kind],
    );
    return m!;
  };
  const own = await memberIn('h.grid_code = $1', g!.grid);
  const watched = await memberIn('h.grid_code = $1', g!.grid, 'watch');
  const sibling = await memberIn(`g.parent_code = $1 AND h.grid_code <> '${g!.grid}'`, g!.community);
  const outside = await memberIn('g.parent_code <> $1', g!.community);
  const people = await db.query<Person>(
    `SELECT r.id, r.name, r.id_number AS "idNumber", r.phone, to_char(r.birth_date, 'YYYY-MM-DD') AS "birthDate"
     FROM residents r JOIN households h ON h.id = r.household_id
     WHERE h.grid_code = $1`,
    [g!.grid],
  );
  const [box] = await db.query<{ w: number; s: number; e: number; n: number }>(
    `SELECT ST_XMin(e) AS w, ST_YMin(e) AS s, ST_XMax(e) AS e, ST_YMax(e) AS n
     FROM (SELECT ST_Envelope(ST_Collect(h.geom)) AS e FROM households h WHERE h.grid_code = $1) x`,
    [g!.grid],
  );
  const [obox] = await db.query<{ lon: number; lat: number }>(
    'SELECT ST_X(h.geom) AS lon, ST_Y(h.geom) AS lat FROM households h JOIN residents r ON r.household_id = h.id WHERE r.id = $1',
    [outside.residentId],
  );
  const county = await countySession();
  const photoIn = async (grid: string) => {
    const [p] = await db.query<{ lon: number; lat: number }>(
      'SELECT ST_X(label_point) AS lon, ST_Y(label_point) AS lat FROM grids WHERE code = $1',
      [grid],
    );
    const incident = (
      await county.request(
        'POST',
        '/api/incidents',
        { location: { lon: p!.lon, lat: p!.lat }, category: 'hazard', channel: 'patrol', description: '走查：现场照片' },
        { 'Idempotency-Key': `walk-photo-${grid}` },
      )
    ).body as { id: string };
    const res = await fetch(`${url}/api/incidents/${incident.id}/photos`, {
      method: 'POST',
      headers: { Cookie: county.cookie, 'X-CSRF-Token': county.csrf, 'Content-Type': 'image/png' },
      body: new Uint8Array(PNG),
    });
    return { incident: incident.id, photo: ((await res.json()) as { id: string }).id };
  };
  // The grid's households, and the box around one household outside the community.
  const cx = (box!.w + box!.e) / 2;
  const cy = (box!.s + box!.n) / 2;
  const half = Math.min(0.024, Math.max(box!.e - box!.w, box!.n - box!.s) / 2 + 0.0005);
  fx = {
    community: g!.community,
    grid: g!.grid,
    resident: people.find((p) => p.id === own.residentId)!,
    memberId: own.memberId,
    watched: { residentId: watched.residentId, category: watched.category },
    people,
    sibling: { grid: sibling.grid, residentId: sibling.residentId, memberId: sibling.memberId },
    outside: { grid: outside.grid, residentId: outside.residentId, memberId: outside.memberId },
    bbox: [cx - half, cy - half, cx + half, cy + half].join(','),
    photos: { own: await photoIn(g!.grid), sibling: await photoIn(sibling.grid), outside: await photoIn(outside.grid) },
  };
  outsideBbox = [obox!.lon - 0.001, obox!.lat - 0.001, obox!.lon + 0.001, obox!.lat + 0.001].join(',');

  for (const role of ROLES) {
    const name = `walk-${role}`;
    await ensureTestUser(db, name, role, role === 'worker' ? fx.grid : fx.community);
    sessions.set(role, await signIn(url, name));
    auditName.set(role, name);
  }
  // A wall display opened with a token, as the command centre's screens are.
  const token = (await sessions.get('commander')!.request('POST', '/api/wall-tokens', { name: '走查大屏', areaCode: fx.community }))
    .body as {
    id: number;
    token: string;
  };
  const open = await fetch(`${url}/api/auth/wall`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'gridline' },
    body: JSON.stringify({ token: token.token }),
  });
  const opened = (await open.json()) as { csrfToken: string; user: Session['user'] };
  sessions.set('wall-token', sessionFrom(url, open.headers.get('set-cookie')!.split(';')[0]!, opened.csrfToken, opened.user));
  auditName.set('wall-token', `wall:${token.id}`);
});

describe('every personal endpoint, as every role', () => {
  it('has a case for every route that guards personal data', async () => {
    const { routes } = await sharedServer();
    const personal = (routes as RouteSpec[])
      .filter((r) => r.access !== 'public' && r.access !== 'session' && PERSONAL.includes(r.access))
      .map((r) => `${r.method} ${r.path}`);
    expect(personal.sort()).toEqual(Object.keys(CASES).sort());
  });

  const walkers: (Role | 'wall-token')[] = [...ROLES, 'wall-token'];
  for (const who of walkers) {
    it(`as ${who}: refused without the permission (403, audited, nothing changed), masked and audited with it, and kept to its area`, async () => {
      const { routes } = await sharedServer();
      const session = sessions.get(who)!;
      const role: Role = who === 'wall-token' ? 'wall' : who;
      for (const route of routes as RouteSpec[]) {
        const key = `${route.method} ${route.path}`;
        const c = CASES[key];
        if (!c) continue;
        const access = route.access as Action;
        const before = await snapshot();
        const since = await lastAuditId();
        const res = await c.call(session, who, 'own');
        const audits = await auditsSince(since, who);
        if (!can(role, access)) {
          expect(res.status, `${who} ${key}`).toBe(403);
          masked(res);
          expect(audits, `${who} ${key}`).toContainEqual(expect.objectContaining({ action: 'access.denied', outcome: 'denied' }));
          expect(audits.find((a) => a.action === 'access.denied')!.detail).toMatchObject({ permission: access });
          expect(await snapshot(), `${who} ${key} changed nothing`).toEqual(before);
          continue;
        }
        expect([200, 201, 422], `${who} ${key} → ${res.status} ${res.text.slice(0, 200)}`).toContain(res.status);
        c.check?.(res, role);
        expect(
          audits.map((a) => a.action),
          `${who} ${key}`,
        ).toContain(c.audit);
        if (c.foreign === 'none') continue;
        const foreign = await c.call(session, who, 'foreign');
        masked(foreign);
        if (c.foreign === '404') expect(foreign.status, `${who} ${key} outside its area`).toBe(404);
        else expect((foreign.body as { points: unknown[] }).points, `${who} ${key} outside its area`).toEqual([]);
      }
    });
  }

  it('shows a watch-listed person’s category to the command centre and not to the grid’s own worker or leader', async () => {
    const categories = async (who: string) =>
      ((await call(sessions.get(who)!, 'GET', `/api/residents/${fx.watched.residentId}`)).body as { keyGroups: string[] }).keyGroups;
    expect(await categories('commander')).toContain(fx.watched.category);
    expect(await categories('leader')).not.toContain(fx.watched.category);
    expect(await categories('worker')).not.toContain(fx.watched.category);
  });
});
