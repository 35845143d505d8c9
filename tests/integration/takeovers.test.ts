import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEscalation } from '../../server/dispatch/escalation.ts';
import type { ClientToServerEvents, ServerToClientEvents, TakeoverEvent } from '../../server/realtime/events.ts';
import type { TakeoverList } from '../../server/takeovers/takeovers-contract.ts';
import { ensureTestUser, sessionFrom, signIn, type Session } from '../support/accounts.ts';
import { sharedServer } from '../support/test-server.ts';
import { until } from '../support/until.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

let commander: Session;
let countyCommander: Session;
let worker: Session;
let wall: Session;
let admin: Session;
let community: string;
let spot: { lon: number; lat: number };
let socket: Client;
const events: TakeoverEvent[] = [];

const report = async (category: string, description: string, colour?: string): Promise<string> => {
  const res = await worker.request(
    'POST',
    '/api/incidents',
    { location: spot, category, channel: 'patrol', description, ...(colour ? { colour } : {}) },
    { 'Idempotency-Key': `takeover-${randomUUID()}` },
  );
  expect(res.status).toBe(201);
  return (res.body as { id: string }).id;
};
const wallList = async (): Promise<TakeoverList> => (await wall.request('GET', '/api/takeovers')).body as TakeoverList;
const takeoverOf = async (incidentId: string) => (await wallList()).takeovers.find((t) => t.incident.id === incidentId);
const snapshot = async () => {
  const { db } = await sharedServer();
  return db.query('SELECT id, incident_id, area_code, reason, acknowledged_at, acknowledged_name, version FROM takeovers ORDER BY id');
};

beforeAll(async () => {
  const { db, url } = await sharedServer();
  const [g] = await db.query<{ code: string; community: string; county: string; lon: number; lat: number }>(
    `SELECT g.code, g.parent_code AS community, split_part(g.path, '.', 1) AS county, ST_X(g.label_point) AS lon, ST_Y(g.label_point) AS lat
     FROM grids g WHERE g.level = 'grid' ORDER BY g.code DESC OFFSET 3 LIMIT 1`,
  );
  community = g!.community;
  spot = { lon: g!.lon, lat: g!.lat };
  await ensureTestUser(db, 'takeover-commander', 'commander', community);
  await ensureTestUser(db, 'takeover-county', 'commander', g!.county);
  await ensureTestUser(db, 'takeover-worker', 'worker', g!.code);
  await ensureTestUser(db, 'takeover-admin', 'admin', g!.county);
  commander = await signIn(url, 'takeover-commander');
  countyCommander = await signIn(url, 'takeover-county');
  worker = await signIn(url, 'takeover-worker');
  admin = await signIn(url, 'takeover-admin');
  // The community's wall, opened with a real wall-display token.
  const { token } = (await commander.request('POST', '/api/wall-tokens', { name: '接管测试大屏', areaCode: community })).body as {
    token: string;
  };
  const open = await fetch(`${url}/api/auth/wall`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'gridline' },
    body: JSON.stringify({ token }),
  });
  const body = (await open.json()) as { csrfToken: string; user: Session['user'] };
  wall = sessionFrom(url, open.headers.get('set-cookie')!.split(';')[0]!, body.csrfToken, body.user);
  socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie: wall.cookie } });
  socket.on('takeover:event', (e) => events.push(e));
  await new Promise<void>((resolve, reject) => (socket.once('connect', resolve), socket.once('connect_error', reject)));
});

afterAll(() => socket?.close());

describe('emergency takeovers of the wall', () => {
  it('a red report takes over the walls of every level above it at once, with the emergency countdowns', async () => {
    const id = await report('emergency', '电动车在楼道起火');
    await until('the takeover push to the community wall', () =>
      events.some((e) => e.takeover.incidentId === id && e.takeover.areaCode === community && e.topic === 'takeover.raised'),
    );
    const t = (await takeoverOf(id))!;
    expect(t).toMatchObject({ reason: 'red', areaCode: community, incident: { colour: 'red', category: 'emergency' } });
    expect(t.incident.categoryName.zh).toBe('突发事件');
    const created = Date.parse(t.incident.createdAt);
    expect(t.countdowns.map((c) => [c.key, (Date.parse(c.due) - created) / 60_000, c.doneAt])).toEqual([
      ['arrive', 60, null],
      ['inform', 120, null],
      ['transfer', 180, null],
    ]);
    // Who can get there: the staff of the nearest grids, nearest first, unnamed on a wall.
    expect(t.nearestStaff.length).toBeGreaterThan(0);
    expect(t.nearestStaff[0]!.metres).toBe(0);
    expect(t.nearestStaff.map((n) => n.metres)).toEqual([...t.nearestStaff.map((n) => n.metres)].sort((a, b) => a - b));
    expect(t.nearestStaff.every((n) => n.name === null)).toBe(true);
    expect(JSON.stringify(t)).not.toContain('电动车在楼道起火');
    // The county's own wall holds it too, as its own takeover; the base grid has no command centre.
    const county = (await countyCommander.request('GET', '/api/takeovers')).body as TakeoverList;
    const mine = county.takeovers.find((x) => x.incident.id === id)!;
    expect(mine.id).not.toBe(t.id);
    expect(mine.nearestStaff[0]!.name).toEqual(expect.any(String));
    const { db } = await sharedServer();
    const areas = await db.query<{ level: string }>(
      'SELECT g.level FROM takeovers t JOIN grids g ON g.code = t.area_code WHERE t.incident_id = $1::bigint ORDER BY g.level',
      [id],
    );
    expect(areas.map((a) => a.level)).not.toContain('grid');
    expect(areas.length).toBeGreaterThanOrEqual(2);
    // Staff listed are the wall's own area's only: none from a grid outside the community.
    const outside = await db.query(`SELECT 1 FROM grids g WHERE g.name = ANY($1::text[]) AND g.parent_code <> $2`, [
      t.nearestStaff.map((n) => n.gridName),
      community,
    ]);
    expect(outside).toEqual([]);
  });

  it('an ordinary report takes over nothing', async () => {
    const id = await report('environment', '垃圾桶满溢', 'blue');
    expect(await takeoverOf(id)).toBeUndefined();
    const { db } = await sharedServer();
    expect(await db.query('SELECT 1 FROM takeovers WHERE incident_id = $1::bigint', [id])).toEqual([]);
  });

  it('stays until a commander acknowledges the version on screen; a wall may not, and is audited', async () => {
    const id = await report('emergency', '燃气泄漏');
    const t = (await takeoverOf(id))!;
    const before = await snapshot();

    const byWall = await wall.request('POST', `/api/takeovers/${t.id}/acknowledge`, { version: t.version });
    expect(byWall.status).toBe(403);
    const { db } = await sharedServer();
    const [denied] = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'access.denied' AND username LIKE 'wall:%' AND detail ->> 'path' = $1",
      [`/api/takeovers/${t.id}/acknowledge`],
    );
    expect(denied!.n).toBeGreaterThan(0);
    expect((await worker.request('POST', `/api/takeovers/${t.id}/acknowledge`, { version: t.version })).status).toBe(403);
    const stale = await commander.request('POST', `/api/takeovers/${t.id}/acknowledge`, { version: t.version + 1 });
    expect(stale.status).toBe(409);
    expect((stale.body as { error: { code: string } }).error.code).toBe('takeover_changed');
    expect((await commander.request('POST', `/api/takeovers/${t.id}/acknowledge`, {})).status).toBe(400);
    expect((await commander.request('POST', '/api/takeovers/abc/acknowledge', { version: 1 })).status).toBe(404);
    expect((await commander.request('POST', '/api/takeovers/99999999999/acknowledge', { version: 1 })).status).toBe(404);
    // Each command centre acknowledges its own wall: the county's commander cannot clear the community's.
    expect((await countyCommander.request('POST', `/api/takeovers/${t.id}/acknowledge`, { version: t.version })).status).toBe(404);
    expect(await snapshot()).toEqual(before);

    expect((await commander.request('POST', `/api/takeovers/${t.id}/acknowledge`, { version: t.version })).status).toBe(204);
    await until('the acknowledgement push', () => events.some((e) => e.takeover.id === t.id && e.takeover.acknowledged));
    expect(await takeoverOf(id)).toBeUndefined();
    const again = await commander.request('POST', `/api/takeovers/${t.id}/acknowledge`, { version: t.version + 1 });
    expect(again.status).toBe(409);
    expect((again.body as { error: { message: string } }).error.message).toContain('takeover-commander');
    const [audited] = await db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_log WHERE action = 'takeover.acknowledge' AND object_id = $1 AND username = 'takeover-commander'",
      [t.id],
    );
    expect(audited!.n).toBe(1);
    // The county's wall is its own: still taken over until the county acknowledges.
    const county = (await countyCommander.request('GET', '/api/takeovers')).body as TakeoverList;
    expect(county.takeovers.some((x) => x.incident.id === id)).toBe(true);
  });

  it('an escalation to the wall’s level takes it over with the deadline to accept, and re-raises an acknowledged red case', async () => {
    const { db } = await sharedServer();
    const orange = await report('hazard', '井盖缺失', 'orange');
    expect(await takeoverOf(orange)).toBeUndefined();
    const later = new Date(Date.now() + 31 * 60_000);
    expect((await runEscalation(db, later, 10_000)).escalated).toContain(orange);
    const t = (await takeoverOf(orange))!;
    expect(t.reason).toBe('escalated');
    expect(t.countdowns.map((c) => c.key)).toEqual(['accept']);
    expect(t.incident.status).toBe('escalated');

    const red = await report('emergency', '高空坠物');
    const shown = (await takeoverOf(red))!;
    expect((await commander.request('POST', `/api/takeovers/${shown.id}/acknowledge`, { version: shown.version })).status).toBe(204);
    expect(await takeoverOf(red)).toBeUndefined();
    const [inc] = await db.query<{ version: number }>('SELECT version FROM incidents WHERE id = $1::bigint', [red]);
    // By hand this time: the community's commander takes it up to the community.
    const up = await commander.request('POST', `/api/incidents/${red}/transitions`, {
      to: 'escalated',
      version: inc!.version,
      note: '需社区协调',
    });
    expect(up.status).toBe(204);
    const back = (await takeoverOf(red))!;
    expect(back).toMatchObject({ id: shown.id, reason: 'escalated' });
    expect(back.version).toBeGreaterThan(shown.version + 1);
  });

  it('milestones are marked once, by a commander, and every wall showing the case is told', async () => {
    const id = await report('emergency', '群租房消防隐患');
    const t = (await takeoverOf(id))!;
    const seen = events.length;
    expect((await wall.request('POST', `/api/takeovers/${t.id}/milestones/inform`)).status).toBe(403);
    expect((await commander.request('POST', `/api/takeovers/${t.id}/milestones/lunch`)).status).toBe(400);
    expect((await commander.request('POST', `/api/takeovers/${t.id}/milestones/inform`)).status).toBe(204);
    await until('the milestone push', () => events.slice(seen).some((e) => e.takeover.id === t.id && e.topic === 'takeover.changed'));
    const after = (await takeoverOf(id))!;
    expect(after.countdowns.find((c) => c.key === 'inform')!.doneAt).toEqual(expect.any(String));
    expect(after.countdowns.find((c) => c.key === 'transfer')!.doneAt).toBeNull();
    const twice = await commander.request('POST', `/api/takeovers/${t.id}/milestones/inform`);
    expect(twice.status).toBe(409);
    expect((twice.body as { error: { message: string } }).error.message).toContain('信息报送');
  });

  it('the emergency targets are an audited setting; targets out of order change nothing', async () => {
    const id = await report('emergency', '积水倒灌');
    expect((await admin.request('GET', '/api/admin/emergency-limits')).body).toEqual({ arrive: 60, inform: 120, transfer: 180 });
    const bad = await admin.request('PUT', '/api/admin/emergency-limits', { arrive: 90, inform: 60, transfer: 180 });
    expect(bad.status).toBe(400);
    expect((await admin.request('PUT', '/api/admin/emergency-limits', { arrive: 0, inform: 60, transfer: 180 })).status).toBe(400);
    expect((await admin.request('PUT', '/api/admin/emergency-limits', { arrive: 30, inform: 60, transfer: 90, x: 1 })).status).toBe(400);
    expect((await commander.request('PUT', '/api/admin/emergency-limits', { arrive: 30, inform: 60, transfer: 90 })).status).toBe(403);
    expect((await admin.request('GET', '/api/admin/emergency-limits')).body).toEqual({ arrive: 60, inform: 120, transfer: 180 });
    try {
      const heard = events.length;
      expect((await admin.request('PUT', '/api/admin/emergency-limits', { arrive: 30, inform: 60, transfer: 90 })).status).toBe(200);
      // Walls showing a takeover are told to read it again, so their countdowns follow at once.
      await until('the walls told of the new targets', () =>
        events.slice(heard).some((e) => e.topic === 'takeover.changed' && e.takeover.incidentId === id),
      );
      const t = (await takeoverOf(id))!;
      const created = Date.parse(t.incident.createdAt);
      expect(t.countdowns.map((c) => (Date.parse(c.due) - created) / 60_000)).toEqual([30, 60, 90]);
      const { db } = await sharedServer();
      const [audited] = await db.query<{ detail: unknown }>(
        "SELECT detail FROM audit_log WHERE action = 'settings.emergency_limits' ORDER BY id DESC LIMIT 1",
      );
      expect(audited!.detail).toEqual({ arrive: 30, inform: 60, transfer: 90 });
    } finally {
      await admin.request('PUT', '/api/admin/emergency-limits', { arrive: 60, inform: 120, transfer: 180 });
    }
  });
});
