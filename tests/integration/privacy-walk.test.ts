import { beforeAll, describe, expect, it } from 'vitest';
import { can, ROLES, type Action, type Role } from '../../server/auth/permissions.ts';
import type { RouteSpec } from '../../server/http/route-registry.ts';
import { sharedServer } from '../support/test-server.ts';
import { PERSONAL, auditsSince, call, fx, lastAuditId, masked, privacyFixtures, sessions, snapshot } from './privacy-walk-fixtures.ts';
import { CASES } from './privacy-walk-cases.ts';

beforeAll(privacyFixtures);

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
