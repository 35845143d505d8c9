import { beforeAll, describe, expect, it } from 'vitest';
import { ensureTestUser, signIn, type Session } from '../support/accounts.ts';
import { rootCode, sharedServer } from '../support/test-server.ts';

interface Person {
  id: number;
  name: string;
  idNumber: string;
  phone: string | null;
  address: string;
  gridCode: string;
  keyGroups: string[];
}

let commander: Session;
let worker: Session;
let wall: Session;
let grid: string;
let otherGrid: string;

const audits = async (action: string) => {
  const { db } = await sharedServer();
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE action = $1', [action]);
  return row!.n;
};

beforeAll(async () => {
  const { db, url } = await sharedServer();
  const grids = await db.query<{ code: string }>("SELECT code FROM grids WHERE level = 'grid' ORDER BY code LIMIT 2");
  grid = grids[0]!.code;
  otherGrid = grids[1]!.code;
  await ensureTestUser(db, 'people-commander', 'commander', await rootCode());
  await ensureTestUser(db, 'people-worker', 'worker', grid);
  await ensureTestUser(db, 'people-wall', 'wall', await rootCode());
  commander = await signIn(url, 'people-commander');
  worker = await signIn(url, 'people-worker');
  wall = await signIn(url, 'people-wall');
});

describe('the residents register over the API', () => {
  it('lists a grid’s people masked, paged and audited', async () => {
    const before = await audits('people.list');
    const res = await worker.request('GET', `/api/residents?grid=${grid}`);
    expect(res.status).toBe(200);
    const page = res.body as { total: number; pageSize: number; rows: Person[] };
    expect(page.rows.length).toBeLessThanOrEqual(page.pageSize);
    expect(page.total).toBeGreaterThan(page.rows.length);
    for (const p of page.rows) {
      expect(p.idNumber).toMatch(/^[0-9]{6}\*{8}[0-9X]{4}$/);
      expect(p.name).toContain('*');
      if (p.phone) expect(p.phone).toMatch(/^[0-9]{3}\*{4}[0-9]{4}$/);
      expect(p.gridCode).toBe(grid);
    }
    expect(await audits('people.list')).toBe(before + 1);
  });

  it('keeps a worker to its grid (404) and a wall away from people altogether (403, audited)', async () => {
    expect((await worker.request('GET', `/api/residents?grid=${otherGrid}`)).status).toBe(404);
    const { db } = await sharedServer();
    const [foreign] = await db.query<{ id: number }>(
      'SELECT r.id FROM residents r JOIN households h ON h.id = r.household_id WHERE h.grid_code = $1 LIMIT 1',
      [otherGrid],
    );
    expect((await worker.request('GET', `/api/residents/${foreign!.id}`)).status).toBe(404);
    const denied = await audits('access.denied');
    expect((await wall.request('GET', `/api/residents?grid=${grid}`)).status).toBe(403);
    expect((await wall.request('GET', `/api/residents/${foreign!.id}`)).status).toBe(403);
    expect(await audits('access.denied')).toBe(denied + 2);
  });

  it('shows watch-list memberships to the command centre only', async () => {
    const { db } = await sharedServer();
    const [watched] = await db.query<{ id: number; grid: string }>(
      `SELECT r.id, h.grid_code AS grid FROM key_group_members m JOIN residents r ON r.id = m.resident_id
       JOIN households h ON h.id = r.household_id WHERE m.category = 'severe_mental_illness' ORDER BY r.id LIMIT 1`,
    );
    await ensureTestUser(db, 'people-worker-2', 'worker', watched!.grid);
    const local = await signIn((await sharedServer()).url, 'people-worker-2');
    expect(((await commander.request('GET', `/api/residents/${watched!.id}`)).body as Person).keyGroups).toContain('severe_mental_illness');
    expect(((await local.request('GET', `/api/residents/${watched!.id}`)).body as Person).keyGroups).not.toContain('severe_mental_illness');
  });

  it('shows a watch-list member to the worker responsible for them, once the account is linked to that member of staff', async () => {
    const { db, url } = await sharedServer();
    const [m] = await db.query<{ residentId: number; grid: string; staffId: number }>(
      `SELECT m.resident_id AS "residentId", h.grid_code AS grid, m.responsible_staff_id AS "staffId"
       FROM key_group_members m JOIN residents r ON r.id = m.resident_id JOIN households h ON h.id = r.household_id
       WHERE m.category = 'community_correction' AND m.until IS NULL AND m.responsible_staff_id IS NOT NULL ORDER BY m.id LIMIT 1`,
    );
    await ensureTestUser(db, 'people-responsible', 'worker', m!.grid, m!.staffId);
    const responsible = await signIn(url, 'people-responsible');
    expect(((await responsible.request('GET', `/api/residents/${m!.residentId}`)).body as Person).keyGroups).toContain(
      'community_correction',
    );
    // The same account unlinked is an ordinary worker of that grid again.
    await ensureTestUser(db, 'people-responsible', 'worker', m!.grid, null);
    const unlinked = await signIn(url, 'people-responsible');
    expect(((await unlinked.request('GET', `/api/residents/${m!.residentId}`)).body as Person).keyGroups).not.toContain(
      'community_correction',
    );
  });

  it('unmasks one record only for the command centre, with a reason, and audits the reason', async () => {
    const { db } = await sharedServer();
    const [p] = await db.query<{ id: number; idNumber: string }>(
      'SELECT r.id, r.id_number AS "idNumber" FROM residents r JOIN households h ON h.id = r.household_id WHERE h.grid_code = $1 LIMIT 1',
      [grid],
    );
    expect((await worker.request('POST', `/api/residents/${p!.id}/unmask`, { reason: '上门核实身份' })).status).toBe(403);
    expect((await commander.request('POST', `/api/residents/${p!.id}/unmask`, {})).status).toBe(400);
    const res = await commander.request('POST', `/api/residents/${p!.id}/unmask`, { reason: '上门核实身份' });
    expect(res.status).toBe(200);
    expect((res.body as Person).idNumber).toBe(p!.idNumber);
    const [audit] = await db.query<{ detail: { reason: string } }>(
      "SELECT detail FROM audit_log WHERE action = 'people.unmask' AND object_id = $1 ORDER BY id DESC LIMIT 1",
      [String(p!.id)],
    );
    expect(audit!.detail.reason).toBe('上门核实身份');
    // The next ordinary read is masked again.
    expect(((await commander.request('GET', `/api/residents/${p!.id}`)).body as Person).idNumber).toContain('*');
  });
});
