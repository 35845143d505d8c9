import { beforeAll, describe, expect, it } from 'vitest';
import { ensureTestUser, signIn } from '../support/accounts.ts';
import { sharedServer } from '../support/test-server.ts';
import { connect, connected, fx, scopeFixtures } from './scope-fixtures.ts';

beforeAll(scopeFixtures);

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

  it('audits a socket’s refused subscriptions without letting it flood the trail, and drops a socket that keeps trying', async () => {
    const { url, db } = await sharedServer();
    const leader = await signIn(url, 'a-leader');
    const s = connect(url, leader.cookie);
    await connected(s);
    const gone = new Promise((resolve) => s.once('disconnect', resolve));
    const count = async () =>
      (
        await db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM audit_log WHERE action = 'socket.subscribe' AND outcome = 'denied' AND object_id = $1",
          [fx.b.grid],
        )
      )[0]!.n;
    const before = await count();
    for (let i = 0; i < 200 && s.connected; i++) s.emit('grid:subscribe', fx.b.grid, () => undefined);
    expect(await gone).toBe('io server disconnect');
    const written = (await count()) - before;
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThanOrEqual(11);
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
