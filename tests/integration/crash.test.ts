import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import { ensureTestUser, signIn } from '../support/accounts.ts';
import { rootCode, sharedServer, TEST_DATABASE_URL } from '../support/test-server.ts';

/** Starts a server in a child process on the test database and waits for its address. */
function startChild(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'tests/support/crash-server.ts')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATABASE_URL: TEST_DATABASE_URL },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /LISTENING (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening: ${out}`)));
  });
}

const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

// A second process needs a database it can share: the PostGIS server (PGlite belongs to one process).
describe.runIf(TEST_DATABASE_URL)('the server killed with SIGKILL', () => {
  it('with keyed reports in flight: after a restart every retry with the same key is filed exactly once', async () => {
    const { db } = await sharedServer();
    await ensureTestUser(db, 'crash-reporter', 'commander', await rootCode());
    const [g] = await db.query<{ lon: number; lat: number }>(
      "SELECT ST_X(label_point) AS lon, ST_Y(label_point) AS lat FROM grids WHERE level = 'grid' ORDER BY code LIMIT 1",
    );
    const marker = `断电测试 ${randomUUID()}`;
    const keys = Array.from({ length: 24 }, () => `crash-${randomUUID()}`);
    const report = (url: string, s: { cookie: string; csrf: string }, key: string, i: number) =>
      fetch(`${url}/api/incidents`, {
        method: 'POST',
        headers: { Cookie: s.cookie, 'X-CSRF-Token': s.csrf, 'Content-Type': 'application/json', 'Idempotency-Key': key },
        body: JSON.stringify({
          location: { lon: g!.lon, lat: g!.lat },
          category: 'hazard',
          channel: 'hotline',
          description: `${marker} ${i}`,
        }),
      }).then(
        (r) => r.status,
        () => 0,
      );

    let { child, url } = await startChild();
    try {
      const session = await signIn(url, 'crash-reporter');
      const inFlight = keys.map((k, i) => report(url, session, k, i));
      await new Promise((r) => setTimeout(r, 40));
      await killed(child);
      const first = await Promise.all(inFlight);
      expect(
        first.some((s) => s !== 201),
        'some requests were cut off by the kill',
      ).toBe(true);

      ({ child, url } = await startChild());
      const again = await signIn(url, 'crash-reporter');
      // The flood limit allows bursts of 30: the retries go through it.
      const retries = await Promise.all(keys.map((k, i) => report(url, again, k, i)));
      expect(retries).toEqual(keys.map(() => 201));
      const [{ n }] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM incidents WHERE description LIKE $1', [
        `${marker}%`,
      ])) as [{ n: number }];
      expect(n).toBe(keys.length);
      const [{ open }] = (await db.query<{ open: number }>(
        'SELECT count(*)::int AS open FROM idempotency_keys WHERE status_code IS NULL',
      )) as [{ open: number }];
      expect(open).toBe(0);
    } finally {
      if (child.exitCode === null) await killed(child);
    }
  });
});
