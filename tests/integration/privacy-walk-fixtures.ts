/** Fixtures and helpers of privacy-walk.test.ts and its siblings. */
import { strToU8 } from 'fflate';
import { expect } from 'vitest';
import { ROLES, type Action } from '../../server/auth/permissions.ts';
import { sessionFrom, ensureTestUser, signIn, type Session } from '../support/accounts.ts';
import { countySession, sharedServer } from '../support/test-server.ts';

// A real 1×1 PNG.
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * Every personal endpoint, walked as every role (and as a wall display's token): a role without
 * the permission gets 403 and an `access.denied` row; a role with it gets masked data of its own
 * area only, and the read leaves its audit row. A personal route added without a case here fails.
 */

/** The permissions that guard personal data: a route under one of them must have a case below. */
export const PERSONAL: readonly Action[] = ['people:read', 'people:unmask', 'people:export', 'people:import', 'visits:record'];

export interface Person {
  id: number;
  name: string;
  idNumber: string;
  phone: string | null;
  birthDate: string;
}
export interface Fixtures {
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
export let fx: Fixtures;
export let url: string;
export const sessions = new Map<string, Session>();
/** Who each session is in the audit trail. */
export const auditName = new Map<string, string>();
/** Uploads made by each allowed role, for the check and commit steps. */
export const uploads = new Map<string, number>();

export type Response = { status: number; body: unknown; text: string };
export type Scope = 'own' | 'foreign';
export interface Case {
  /** Calls the route inside the viewer's scope, or just outside it. */
  call: (s: Session, who: string, scope: Scope) => Promise<Response>;
  /** The audit action a successful call leaves. */
  audit: string;
  /** What an allowed call must show for this role (masking, categories). */
  check?: (res: Response, who: string) => void;
  /** Whether a call outside the viewer's scope answers 404 (else it answers with nothing from there). */
  foreign: '404' | 'empty' | 'none';
}

export const asResponse = async (res: globalThis.Response): Promise<Response> => {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // CSV and XLSX bodies stay text
  }
  return { status: res.status, body, text };
};
export const call = async (s: Session, method: string, path: string, body?: unknown) => {
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
export const masked = (res: Response) => {
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
export const watchAll = (who: string) => who === 'commander';
export const foreignGrid = (who: string, scope: Scope) =>
  scope === 'own' ? fx.grid : who === 'worker' ? fx.sibling.grid : fx.outside.grid;
export const foreignResident = (who: string, scope: Scope) =>
  scope === 'own' ? fx.resident.id : who === 'worker' ? fx.sibling.residentId : fx.outside.residentId;

export const csvFile = (idNumber: string) => strToU8(`\uFEFF户号,姓名,身份证号,地址\nH1,某某,${idNumber},无此楼1单元101室\n`);

export let outsideBbox: string;

/** Everything a personal call could change, to show a refused one changed nothing. */
export const snapshot = async () => {
  const { db } = await sharedServer();
  const [row] = await db.query(
    `SELECT (SELECT count(*) FROM visits)::int AS visits, (SELECT count(*) FROM residents)::int AS residents,
            (SELECT count(*) FROM households)::int AS households, (SELECT count(*) FROM register_imports)::int AS uploads,
            (SELECT md5(string_agg(id || ':' || coalesce(name, ''), ',' ORDER BY id)) FROM residents) AS names`,
  );
  return row;
};
export const lastAuditId = async () => {
  const { db } = await sharedServer();
  const [row] = await db.query<{ id: number }>('SELECT coalesce(max(id), 0)::int AS id FROM audit_log');
  return row!.id;
};
export const auditsSince = async (id: number, who: string) => {
  const { db } = await sharedServer();
  return db.query<{ action: string; outcome: string; detail: Record<string, unknown> }>(
    'SELECT action, outcome, detail FROM audit_log WHERE id > $1 AND username = $2 ORDER BY id',
    [id, auditName.get(who)],
  );
};

async function build(): Promise<void> {
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
}

let built: Promise<void> | null = null;
/** Builds the fixtures once per process; every test file of the suite awaits the same ones. */
export const privacyFixtures = (): Promise<void> => (built ??= build());
