import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureTestUser, signIn, type Session } from '../support/accounts.ts';
import { rootCode, sharedServer } from '../support/test-server.ts';

interface Config {
  categories: { code: string; nameZh: string; defaultColour: string; active: boolean }[];
  limits: { colour: string; step: string; minutes: number }[];
}

let admin: Session;
let commander: Session;
let spot: { lon: number; lat: number };

const config = async () => (await admin.request('GET', '/api/admin/incident-config')).body as Config;
const snapshot = async () => {
  const { db } = await sharedServer();
  return db.query(
    'SELECT (SELECT json_agg(c ORDER BY code) FROM incident_categories c) AS c, (SELECT json_agg(l ORDER BY colour, step) FROM incident_time_limits l) AS l',
  );
};
const report = (category: string) =>
  commander.request(
    'POST',
    '/api/incidents',
    { location: spot, category, channel: 'patrol', description: '类别测试' },
    { 'Idempotency-Key': `catalogue-${randomUUID()}` },
  );

beforeAll(async () => {
  const { db, url } = await sharedServer();
  await ensureTestUser(db, 'catalogue-admin', 'admin', await rootCode());
  await ensureTestUser(db, 'catalogue-commander', 'commander', await rootCode());
  admin = await signIn(url, 'catalogue-admin');
  commander = await signIn(url, 'catalogue-commander');
  const [g] = await db.query<{ lon: number; lat: number }>(
    "SELECT ST_X(label_point) AS lon, ST_Y(label_point) AS lat FROM grids WHERE level = 'grid' ORDER BY code LIMIT 1",
  );
  spot = g!;
});

describe('the incident catalogue and time limits as settings', () => {
  it('lists every category and the 24 limits to an administrator only', async () => {
    const c = await config();
    expect(c.limits).toHaveLength(24);
    expect(c.categories.map((x) => x.code)).toContain('emergency');
    expect((await commander.request('GET', '/api/admin/incident-config')).status).toBe(403);
  });

  it('changes a limit, audited, and new deadlines follow it while running ones keep theirs', async () => {
    const { db } = await sharedServer();
    const old = await report('emergency');
    const oldId = (old.body as { id: string }).id;
    const [before] = await db.query<{ deadline: string }>('SELECT step_deadline AS deadline FROM incidents WHERE id = $1::bigint', [oldId]);
    const res = await admin.request('PUT', '/api/admin/incident-limits', { limits: [{ colour: 'red', step: 'accept', minutes: 5 }] });
    expect(res.status).toBe(200);
    expect((res.body as Config).limits.find((l) => l.colour === 'red' && l.step === 'accept')!.minutes).toBe(5);
    const fresh = (await report('emergency')).body as { id: string };
    const [row] = await db.query<{ minutes: number }>(
      'SELECT round(extract(epoch FROM step_deadline - created_at) / 60)::int AS minutes FROM incidents WHERE id = $1::bigint',
      [fresh.id],
    );
    expect(row!.minutes).toBe(5);
    const [after] = await db.query<{ deadline: string }>('SELECT step_deadline AS deadline FROM incidents WHERE id = $1::bigint', [oldId]);
    expect(after!.deadline).toEqual(before!.deadline);
    const [audit] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'settings.time_limits'");
    expect(audit!.n).toBeGreaterThan(0);
    await admin.request('PUT', '/api/admin/incident-limits', { limits: [{ colour: 'red', step: 'accept', minutes: 10 }] });
  });

  it('adds a category that intake and Open311 then offer, and retires one so intake refuses it', async () => {
    const code = `test_${randomUUID()
      .slice(0, 8)
      .replace(/[^a-z]/g, 'x')}`;
    expect(
      (
        await admin.request('POST', '/api/admin/incident-categories', {
          code,
          nameZh: '高空抛物',
          nameEn: 'Objects thrown from height',
          defaultColour: 'orange',
        })
      ).status,
    ).toBe(201);
    expect((await report(code)).status).toBe(201);
    const services = (await (await fetch(`${(await sharedServer()).url}/open311/v2/services.json`)).json()) as { service_code: string }[];
    expect(services.map((s) => s.service_code)).toContain(code);
    expect(
      (await admin.request('PATCH', `/api/admin/incident-categories/${code}`, { active: false, nameZh: '高空抛物（停用）' })).status,
    ).toBe(200);
    const refused = await report(code);
    expect(refused.status).toBe(400);
    expect((refused.body as { error: { code: string } }).error.code).toBe('unknown_category');
    expect((await config()).categories.find((c) => c.code === code)).toMatchObject({ active: false, nameZh: '高空抛物（停用）' });
  });

  it('refuses bad settings with a message in the caller’s language and changes nothing', async () => {
    const before = await snapshot();
    const cases: [string, string, unknown, number][] = [
      ['PUT', '/api/admin/incident-limits', { limits: [{ colour: 'red', step: 'accept', minutes: 0 }] }, 400],
      ['PUT', '/api/admin/incident-limits', { limits: [{ colour: 'red', step: 'teleport', minutes: 5 }] }, 400],
      [
        'PUT',
        '/api/admin/incident-limits',
        {
          limits: [
            { colour: 'red', step: 'accept', minutes: 5 },
            { colour: 'red', step: 'accept', minutes: 6 },
          ],
        },
        400,
      ],
      ['PUT', '/api/admin/incident-limits', { limits: [] }, 400],
      ['POST', '/api/admin/incident-categories', { code: 'emergency', nameZh: '重复', nameEn: 'Dup', defaultColour: 'red' }, 409],
      ['POST', '/api/admin/incident-categories', { code: 'Bad Code', nameZh: '坏', nameEn: 'Bad', defaultColour: 'red' }, 400],
      ['PATCH', '/api/admin/incident-categories/nothing_here', { active: false }, 404],
      ['PATCH', '/api/admin/incident-categories/emergency', {}, 400],
    ];
    for (const [method, path, body, status] of cases) {
      const res = await admin.request(method, path, body);
      expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(status);
      expect((res.body as { error: { message: string } }).error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe('the standards every chart measures against', () => {
  it('are read by any viewer, a wall included, and follow the administrator’s setting', async () => {
    const { db, url } = await sharedServer();
    await ensureTestUser(db, 'standards-wall', 'wall', await rootCode());
    const wall = await signIn(url, 'standards-wall');
    const before = (await admin.request('GET', '/api/admin/settings')).body as { auditRetentionDays: number; householdsPerWorker: number };
    expect((await wall.request('GET', '/api/settings/standards')).body).toEqual({ householdsPerWorker: before.householdsPerWorker });
    expect((await admin.request('PUT', '/api/admin/settings', { ...before, householdsPerWorker: 250 })).status).toBe(200);
    expect((await wall.request('GET', '/api/settings/standards')).body).toEqual({ householdsPerWorker: 250 });
    expect((await admin.request('PUT', '/api/admin/settings', before)).status).toBe(200);
  });
});
