import { describe, expect, it } from 'vitest';
import { ensureTestUser, sessionFrom, signIn, TEST_PASSWORD } from '../support/accounts.ts';
import { rootCode, sharedServer } from '../support/test-server.ts';
import { pruneLoginFailures } from '../../server/auth/sign-in.ts';

const login = async (username: string, password: string, headers: Record<string, string> = { 'X-Requested-With': 'gridline' }) => {
  const server = await sharedServer();
  return fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ username, password }),
  });
};

const auditCount = async (action: string, outcome: string, username?: string): Promise<number> => {
  const { db } = await sharedServer();
  const [row] = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND outcome = $2 AND ($3::text IS NULL OR username = $3::text)',
    [action, outcome, username ?? null],
  );
  return row!.n;
};

describe('sign-in', () => {
  it('issues an HttpOnly SameSite=Strict cookie and a CSRF token, and audits the sign-in', async () => {
    const { db } = await sharedServer();
    await ensureTestUser(db, 'alice', 'commander', await rootCode());
    const before = await auditCount('auth.login', 'success', 'alice');
    const res = await login('alice', TEST_PASSWORD);
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(res.headers.get('cache-control')).toContain('no-store');
    const body = (await res.json()) as { csrfToken: string; user: { role: string } };
    expect(body.csrfToken.length).toBeGreaterThan(20);
    expect(body.user.role).toBe('commander');
    expect(await auditCount('auth.login', 'success', 'alice')).toBe(before + 1);
  });

  it.each([
    ['a wrong password', 'alice', 'not the password'],
    ['an unknown user', 'nobody-here', TEST_PASSWORD],
    ['SQL metacharacters', "alice' OR '1'='1", TEST_PASSWORD],
    ['a comment injection', "alice'--", "' OR 1=1 --"],
  ])('refuses %s with the same 401 and audits the failure', async (_what, username, password) => {
    const before = await auditCount('auth.login', 'failure');
    const res = await login(username, password);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_credentials');
    expect(await auditCount('auth.login', 'failure')).toBe(before + 1);
  });

  it('refuses a 10 KB username with a 400 before it reaches the database', async () => {
    const res = await login('a'.repeat(10_240), TEST_PASSWORD);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { param: string } }).error.param).toBe('username');
  });

  it('refuses a sign-in without the client header (a cross-site form cannot send it)', async () => {
    const res = await login('alice', TEST_PASSWORD, {});
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('csrf_failed');
  });

  it('locks an account after repeated failures, logs it, and lets it in again once an admin unlocks it', async () => {
    const server = await sharedServer();
    const id = await ensureTestUser(server.db, 'bob', 'worker', await rootCode());
    await ensureTestUser(server.db, 'admin-for-lockout', 'admin', await rootCode());
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) statuses.push((await login('bob', `wrong ${i}`)).status);
    expect(statuses.slice(0, 4).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(5).every((s) => s === 423 || s === 429)).toBe(true);
    expect(await auditCount('auth.lockout', 'success', 'bob')).toBeGreaterThan(0);
    // Even the right password is refused while locked.
    expect([423, 429]).toContain((await login('bob', TEST_PASSWORD)).status);
    await server.db.query('DELETE FROM login_failures');
    const admin = await signIn(server.url, 'admin-for-lockout');
    expect((await admin.request('POST', `/api/admin/users/${id}/unlock`)).status).toBe(204);
    expect(await auditCount('user.unlock', 'success', 'admin-for-lockout')).toBeGreaterThan(0);
    expect((await login('bob', TEST_PASSWORD)).status).toBe(200);
  });

  it('rate-limits one address across accounts, and a spoofed X-Forwarded-For does not reset it', async () => {
    const server = await sharedServer();
    await server.db.query('DELETE FROM login_failures');
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++)
      statuses.push((await login(`ghost${i}`, 'x', { 'X-Requested-With': 'gridline', 'X-Forwarded-For': `10.0.0.${i}` })).status);
    expect(statuses).toContain(429);
    expect(statuses.lastIndexOf(401)).toBeLessThan(statuses.indexOf(429));
    await server.db.query('DELETE FROM login_failures');
  });
});

describe('sessions', () => {
  it.each([
    ['no cookie', ''],
    ['a forged cookie', 'gridline_sid=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['a malformed cookie', 'gridline_sid=%27%3B%20DROP%20TABLE%20users'],
  ])('answers 401 with %s', async (_what, cookie) => {
    const server = await sharedServer();
    const res = await fetch(`${server.url}/api/grids?level=grid`, { headers: cookie ? { Cookie: cookie } : {} });
    expect(res.status).toBe(401);
  });

  it('ends a session at sign-out, and the old cookie no longer works', async () => {
    const server = await sharedServer();
    const s = await signIn(server.url, 'alice');
    expect((await s.request('GET', '/api/levels')).status).toBe(200);
    expect((await s.request('POST', '/api/auth/logout')).status).toBe(204);
    expect((await s.request('GET', '/api/levels')).status).toBe(401);
  });

  it('ends a session past its idle timeout and past its absolute lifetime', async () => {
    const server = await sharedServer();
    const idle = await signIn(server.url, 'alice');
    await server.db.query(
      "UPDATE sessions SET last_seen_at = now() - interval '2 hours' WHERE revoked_at IS NULL AND user_id = (SELECT id FROM users WHERE username = 'alice')",
    );
    expect((await idle.request('GET', '/api/levels')).status).toBe(401);
    const old = await signIn(server.url, 'alice');
    await server.db.query(
      "UPDATE sessions SET expires_at = now() - interval '1 second' WHERE revoked_at IS NULL AND user_id = (SELECT id FROM users WHERE username = 'alice')",
    );
    expect((await old.request('GET', '/api/levels')).status).toBe(401);
  });

  it('refuses a state change without the CSRF token, or with another session’s', async () => {
    const server = await sharedServer();
    const s = await signIn(server.url, 'alice');
    const other = await signIn(server.url, 'alice');
    const noToken = await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { Cookie: s.cookie } });
    expect(noToken.status).toBe(403);
    const wrong = await sessionFrom(server.url, s.cookie, other.csrf, s.user).request('POST', '/api/auth/logout');
    expect(wrong.status).toBe(403);
    expect((await s.request('GET', '/api/levels')).status).toBe(200);
  });

  it('makes a new account change its one-time password before anything else', async () => {
    const server = await sharedServer();
    const admin = await signIn(server.url, 'admin-for-lockout');
    const created = (
      await admin.request('POST', '/api/admin/users', {
        username: 'carol',
        displayName: '卡罗',
        role: 'leader',
        areaCode: await rootCode(),
      })
    ).body as { oneTimePassword: string };
    const carol = await signIn(server.url, 'carol', created.oneTimePassword);
    expect(carol.user).toMatchObject({ role: 'leader' });
    expect((await carol.request('GET', '/api/levels')).status).toBe(403);
    expect((await carol.request('POST', '/api/auth/password', { current: created.oneTimePassword, next: 'short' })).status).toBe(400);
    expect(
      (await carol.request('POST', '/api/auth/password', { current: created.oneTimePassword, next: 'a much longer secret' })).status,
    ).toBe(204);
    expect((await carol.request('GET', '/api/levels')).status).toBe(200);
    expect((await login('carol', 'a much longer secret')).status).toBe(200);
  });

  it('refuses unknown fields when creating a user (no mass assignment)', async () => {
    const server = await sharedServer();
    const admin = await signIn(server.url, 'admin-for-lockout');
    const res = await admin.request('POST', '/api/admin/users', {
      username: 'dave',
      displayName: 'D',
      role: 'worker',
      areaCode: await rootCode(),
      mustChangePassword: false,
      __proto__: { role: 'admin' },
    });
    expect(res.status).toBe(400);
    const [row] = await server.db.query<{ n: number }>("SELECT count(*)::int AS n FROM users WHERE username = 'dave'");
    expect(row!.n).toBe(0);
  });

  it('lets only permitted roles manage accounts, and audits the denial', async () => {
    const server = await sharedServer();
    const before = await auditCount('access.denied', 'denied', 'alice');
    const commander = await signIn(server.url, 'alice');
    expect((await commander.request('GET', '/api/admin/users')).status).toBe(403);
    expect(await auditCount('access.denied', 'denied', 'alice')).toBe(before + 1);
  });
});

describe('security headers', () => {
  it('sends a CSP without unsafe-eval, nosniff, no-referrer and frame-ancestors none', async () => {
    const server = await sharedServer();
    const res = await fetch(`${server.url}/api/health`);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=31536000; includeSubDomains/);
  });

  it('refuses a non-JSON body and an oversized one without a stack trace', async () => {
    const server = await sharedServer();
    const form = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Requested-With': 'gridline' },
      body: 'username=a&password=b',
    });
    expect(form.status).toBe(415);
    const big = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'gridline' },
      body: JSON.stringify({ username: 'x', password: 'y'.repeat(2_000_000) }),
    });
    expect(big.status).toBe(413);
    const text = await big.text();
    expect(text).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('failed sign-ins', () => {
  it('are forgotten after a day by the pruning job, while recent ones still count', async () => {
    const { db } = await sharedServer();
    await db.query(`INSERT INTO login_failures (ip, username, at) VALUES ('203.0.113.9', 'prune-old', now() - interval '25 hours')`);
    await db.query(`INSERT INTO login_failures (ip, username, at) VALUES ('203.0.113.9', 'prune-new', now() - interval '1 hour')`);
    await pruneLoginFailures(db);
    const rows = await db.query<{ username: string }>(
      `SELECT username FROM login_failures WHERE username IN ('prune-old', 'prune-new') ORDER BY username`,
    );
    expect(rows.map((r) => r.username)).toEqual(['prune-new']);
  });
});

describe('malformed cookies', () => {
  it('are a request without a session, on every kind of route, never a 500', async () => {
    const { url, routes } = await sharedServer();
    for (const cookie of ['gridline_sid=%E0%A4%A', 'gridline_sid=%', '__Host-gridline_sid=%zz; gridline_sid=%ff']) {
      const health = await fetch(`${url}/api/health`, { headers: { Cookie: cookie } });
      expect(health.status, cookie).toBe(200);
      for (const route of routes.filter((r) => !r.path.includes(':'))) {
        const res = await fetch(url + route.path, { method: route.method.toUpperCase(), headers: { Cookie: cookie } });
        expect(res.status, `${cookie} ${route.path}`).toBeLessThan(500);
      }
    }
  });
});
