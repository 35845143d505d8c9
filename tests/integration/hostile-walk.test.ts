import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLES, type Role } from '../../server/auth/permissions.ts';
import type { RouteSpec } from '../../server/http/route-registry.ts';
import { ensureTestUser, signIn, type Session } from '../support/accounts.ts';
import { rootCode, sharedServer } from '../support/test-server.ts';

/**
 * Every registered route, called by a user allowed to call it, with hostile input generated from a
 * fixed seed: wrong JSON types in every field, unknown and prototype keys, control characters and
 * lone surrogates, long strings, out-of-range and non-finite numbers as strings, arrays for scalars,
 * nested values. A new route cannot escape: the walk reads the route registry.
 */

const SEED = 20261202;
const PER_ROUTE = 30;

/** Text that has broken servers: NUL and other controls, a lone surrogate, markup, SQL, a long run. */
const nasty = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\u0007\u001b[2J',
    '\ud800',
    '\udfff x',
    '<img src=x onerror=alert(1)>',
    "' OR 1=1 --",
    '%00',
    '../..',
  ),
  fc.constantFrom('NaN', 'Infinity', '-1', '1e309', '9'.repeat(40), 'x'.repeat(70_000)),
);
const scalar = fc.oneof(nasty, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const value = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    scalar,
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(nasty, tie('node'), { maxKeys: 4 }),
  ),
})).node;
/** A body: an object of hostile fields (with the route's own field names), or something that is not an object at all. */
const body = (names: string[]) =>
  fc.oneof(
    fc.dictionary(fc.oneof(fc.constantFrom(...names, '__proto__', 'constructor', 'prototype'), nasty), value, { maxKeys: 6 }),
    fc.record(Object.fromEntries(names.map((n) => [n, value])), { requiredKeys: [] }),
    value,
  );
const query = (names: string[]) =>
  fc.dictionary(fc.oneof(fc.constantFrom(...names), nasty), fc.oneof(nasty, fc.array(nasty, { maxLength: 3 })), { maxKeys: 5 });

/** Field names a route's probe names, with those every body of the API uses. */
const namesOf = (route: RouteSpec) => [
  ...Object.keys(route.probe?.body ?? {}),
  ...Object.keys(route.probe?.query ?? {}),
  'name',
  'code',
  'grid',
  'level',
  'description',
  'geometry',
  'page',
];

/** A role that may call the route (the first in the table's order), or null for public routes. */
function roleFor(route: RouteSpec): Role | null {
  if (route.access === 'public') return null;
  if (route.access === 'session') return 'commander';
  return ROLES.find((r) => r !== 'wall' && PERMISSIONS[r].includes(route.access as never)) ?? 'wall';
}

/** Everything a refused request must leave as it was: every table but the audit trail, sessions and sign-in failures. */
const checksum = async (): Promise<string> => {
  const { db } = await sharedServer();
  const tables = await db.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'
       AND tablename NOT IN ('audit_log', 'sessions', 'login_failures', 'spatial_ref_sys') ORDER BY tablename`,
  );
  const rows = await db.query<{ sums: string }>(
    `SELECT concat_ws(',', ${tables.map((t) => `(SELECT count(*) || ':' || coalesce(sum(hashtext(x::text)), 0) FROM "${t.name}" x)`).join(', ')}) AS sums`,
  );
  return rows[0]!.sums;
};

let sessions: Map<Role, Session>;
let area: { community: string; grid: string };

beforeAll(async () => {
  const { db, url } = await sharedServer();
  const root = await rootCode();
  sessions = new Map();
  for (const role of ROLES) {
    await ensureTestUser(db, `walk-${role}`, role, root);
    sessions.set(role, await signIn(url, `walk-${role}`));
  }
  const [c] = await db.query<{ code: string }>("SELECT code FROM grids WHERE level = 'community' ORDER BY code LIMIT 1");
  const [g] = await db.query<{ code: string }>('SELECT code FROM grids WHERE parent_code = $1 ORDER BY code LIMIT 1', [c!.code]);
  area = { community: c!.code, grid: g!.code };
});

/**
 * Walks one route with its hostile samples; the route's index in the registry seeds them, so every
 * run sends the same requests. Returns how many requests it sent.
 */
async function walkRoute(route: RouteSpec, index: number): Promise<number> {
  const { url } = await sharedServer();
  let sent = 0;
  const key = `${route.method} ${route.path}`;
  const session = roleFor(route) ? sessions.get(roleFor(route)!)! : null;
  // Own cells for codes; ids that name nothing, so the walk never resets, revokes or unlocks a real account or token.
  const path = route.path.replace(/:(\w+)/g, (_, p: string) =>
    route.probe?.params?.[p] === 'foreignGridCode' ? area.community : p === 'code' ? area.grid : '999999999',
  );
  const samples = fc.sample(fc.tuple(body(namesOf(route)), query(namesOf(route)), fc.constantFrom('zh-CN', 'en')), {
    seed: SEED + index,
    numRuns: PER_ROUTE,
  });
  const before = await checksum();
  let changed = false;
  for (const [b, q, language] of samples) {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) for (const one of [v].flat()) search.append(k, String(one));
    const headers: Record<string, string> = {
      'Accept-Language': language,
      'Idempotency-Key': `walk-${index}-${sent}-${SEED}`,
      'X-Requested-With': 'gridline',
    };
    if (session) Object.assign(headers, { Cookie: session.cookie, 'X-CSRF-Token': session.csrf });
    const hasBody = route.method !== 'get';
    if (hasBody) headers['Content-Type'] = 'application/json';
    const res = await fetch(`${url}${path}${search.size ? `?${search}` : ''}`, {
      method: route.method.toUpperCase(),
      headers,
      body: hasBody ? JSON.stringify(b) : undefined,
    });
    sent++;
    const text = await res.text();
    expect(res.status, `${key} ${JSON.stringify(b).slice(0, 300)} ${search}`).toBeLessThan(500);
    if (res.status >= 400 && res.headers.get('content-type')?.includes('json')) {
      // Open311 answers errors in the spec's form, a list of { code, description }.
      const parsed = JSON.parse(text) as { error?: { message?: string } } | { description?: string }[];
      const message = Array.isArray(parsed) ? (parsed[0]?.description ?? '') : (parsed.error?.message ?? '');
      expect(message.length, key).toBeGreaterThan(0);
      if (language === 'zh-CN') expect(message, key).toMatch(/[\u4e00-\u9fff]/);
    }
    if (res.status < 400) changed = true;
  }
  // Bodies no parser should turn into a 5xx: cut-off JSON, another type, a charset nobody supports, a header that lies.
  if (route.method !== 'get')
    for (const [type, raw] of [
      ['application/json', '{"a":'],
      ['text/plain', '{}'],
      ['application/json; charset=latin-9', '{}'],
      ['application/x-www-form-urlencoded', 'a=%E0%A4%A&b'],
      ['application/json', '\u0000'],
    ]) {
      const res = await fetch(`${url}${path}`, {
        method: route.method.toUpperCase(),
        headers: {
          ...(session ? { Cookie: session.cookie, 'X-CSRF-Token': session.csrf } : {}),
          'X-Requested-With': 'gridline',
          'Content-Type': type!,
          'Idempotency-Key': `walk-${index}-${sent}-${SEED}`,
        },
        body: raw,
      });
      sent++;
      expect(res.status, `${key} ${type} ${raw}`).toBeLessThan(500);
      if (res.status < 400) changed = true;
    }
  // A route that accepted one of the inputs may have changed something; a route that refused them all may not.
  if (!changed) expect(await checksum(), key).toBe(before);
  expect((await fetch(`${url}/api/health`)).status).toBe(200);
  // Signing out (or a password change) ends the walker's own session: sign that role in again.
  if (session && route.path.startsWith('/api/auth/')) sessions.set(roleFor(route)!, await signIn(url, `walk-${roleFor(route)}`));
  return sent;
}

/**
 * The registry is walked in slices, each its own test with its own time limit: one test over every
 * route outgrew a minute on a loaded two-core machine as routes were added.
 */
const SLICES = 6;

describe('the hostile-input walk of every route', () => {
  it.each(Array.from({ length: SLICES }, (_, i) => i))(
    'slice %i: answers every hostile request without a 5xx, with a message in the caller’s language, and a refusal changes nothing',
    async (slice) => {
      const { routes } = await sharedServer();
      let sent = 0;
      let walked = 0;
      for (const [index, route] of (routes as RouteSpec[]).entries()) {
        if (index % SLICES !== slice) continue;
        sent += await walkRoute(route, index);
        walked++;
      }
      const mine = (routes as RouteSpec[]).filter((_, i) => i % SLICES === slice);
      expect(walked).toBeGreaterThan(0);
      expect(sent).toBe(mine.length * PER_ROUTE + mine.filter((r) => r.method !== 'get').length * 5);
    },
    120_000,
  );
});
