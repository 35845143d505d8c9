import { beforeAll, describe, expect, it } from 'vitest';
import { ensureTestUser, signIn, type Session } from '../support/accounts.ts';
import { rootCode, sharedServer } from '../support/test-server.ts';

/**
 * The wall's drill-down asks for the figures of one cell of the viewer's area with `area`: the
 * answer is what a viewer whose area is that cell would get, and a cell outside the viewer's
 * area is a 404 (it does not exist for them), a malformed code a 400.
 */

let commander: Session;
let leader: Session;
let mine: string;
let other: string;

beforeAll(async () => {
  const { db, url } = await sharedServer();
  const communities = await db.query<{ code: string }>("SELECT code FROM grids WHERE level = 'community' ORDER BY code LIMIT 2");
  [mine, other] = communities.map((c) => c.code) as [string, string];
  await ensureTestUser(db, 'drill-commander', 'commander', await rootCode());
  await ensureTestUser(db, 'drill-leader', 'leader', mine);
  commander = await signIn(url, 'drill-commander');
  leader = await signIn(url, 'drill-leader');
});

const get = async (s: Session, path: string) => {
  const res = await s.request('GET', path);
  expect(res.status, path).toBe(200);
  return res.body;
};

describe('figures narrowed to a cell of the viewer’s area', () => {
  it('gives the KPIs and the response map the community’s own viewer gets, and the whole area without it', async () => {
    // One fixed period, so the two answers cannot straddle a moment.
    const period = `from=${encodeURIComponent(new Date(Date.now() - 30 * 86_400_000).toISOString())}&to=${encodeURIComponent(new Date().toISOString())}`;
    for (const what of ['kpis', 'hexagons?measure=close&size=300']) {
      const sep = what.includes('?') ? '&' : '?';
      const narrowed = await get(commander, `/api/incidents/stats/${what}${sep}${period}&area=${mine}`);
      const own = await get(leader, `/api/incidents/stats/${what}${sep}${period}`);
      expect(narrowed, what).toEqual(own);
      const whole = await get(commander, `/api/incidents/stats/${what}${sep}${period}`);
      const root = await get(commander, `/api/incidents/stats/${what}${sep}${period}&area=${await rootCode()}`);
      expect(root, what).toEqual(whole);
    }
    const k = (await get(commander, `/api/incidents/stats/kpis?${period}&area=${mine}`)) as { reported: number };
    const all = (await get(commander, `/api/incidents/stats/kpis?${period}`)) as { reported: number };
    expect(k.reported).toBeGreaterThan(0);
    expect(k.reported).toBeLessThan(all.reported);
  });

  it('gives the register trend and the visit figures per cell of the community', async () => {
    expect(await get(commander, `/api/registers/trend?months=6&area=${mine}`)).toEqual(await get(leader, '/api/registers/trend?months=6'));
    const narrowed = (await get(commander, `/api/registers/cells?level=grid&area=${mine}`)) as { cells: { code: string }[] };
    expect(narrowed).toEqual(await get(leader, '/api/registers/cells?level=grid'));
    const { db } = await sharedServer();
    const grids = await db.query<{ code: string }>('SELECT code FROM grids WHERE parent_code = $1 ORDER BY code', [mine]);
    expect(narrowed.cells.map((c) => c.code).sort()).toEqual(grids.map((g) => g.code));
  });

  it('answers a cell outside the viewer’s area as one that does not exist, and a malformed one with a 400, in Chinese', async () => {
    for (const path of [
      `/api/incidents/stats/kpis?area=${other}`,
      `/api/incidents/stats/hexagons?area=${other}`,
      `/api/registers/trend?area=${other}`,
      `/api/registers/cells?level=grid&area=${other}`,
      // A code of the right shape that names no cell at all reads the same.
      `/api/incidents/stats/kpis?area=999999999999`,
    ]) {
      const res = await leader.request('GET', path);
      expect(res.status, path).toBe(404);
      expect((res.body as { error: { message: string } }).error.message).toMatch(/网格 \d+ 不存在/);
    }
    for (const path of [
      '/api/incidents/stats/kpis?area=abc',
      `/api/registers/trend?area=${mine}x`,
      '/api/registers/cells?level=grid&area=1',
    ]) {
      const res = await commander.request('GET', path);
      expect(res.status, path).toBe(400);
      expect((res.body as { error: { message: string } }).error.message).toMatch(/area/);
    }
  });
});
