import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ensureTestUser, signIn } from '../support/accounts.ts';
import { keyedReports, killed, leftovers, startChild } from '../support/crash-kit.ts';
import { rootCode, sharedServer, TEST_DATABASE_URL } from '../support/test-server.ts';

// A second process needs a database it can share: the PostGIS server (PGlite belongs to one process).
describe.runIf(TEST_DATABASE_URL)('the server killed with SIGKILL', () => {
  it('with keyed reports in flight: after a restart every retry with the same key is filed exactly once', async () => {
    const { db } = await sharedServer();
    await ensureTestUser(db, 'crash-reporter', 'commander', await rootCode());
    const [g] = await db.query<{ lon: number; lat: number }>(
      "SELECT ST_X(label_point) AS lon, ST_Y(label_point) AS lat FROM grids WHERE level = 'grid' ORDER BY code LIMIT 1",
    );
    const reports = keyedReports({ lon: g!.lon, lat: g!.lat });

    let { child, url } = await startChild(TEST_DATABASE_URL);
    try {
      const session = await signIn(url, 'crash-reporter');
      const first = await reports.killedInFlight(child, url, session);
      expect(
        first.some((s) => s !== 201),
        'some requests were cut off by the kill',
      ).toBe(true);

      expect(await leftovers(db)).toEqual({ connections: 0, openTransactions: 0, stampingLockFree: true });
      ({ child, url } = await startChild(TEST_DATABASE_URL));
      const again = await signIn(url, 'crash-reporter');
      // The flood limit allows bursts of 30: the retries go through it.
      expect(await reports.fileAll(url, again)).toEqual(reports.keys.map(() => 201));
      const [{ n }] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM incidents WHERE description LIKE $1', [
        `${reports.marker}%`,
      ])) as [{ n: number }];
      expect(n).toBe(reports.keys.length);
      const [{ open }] = (await db.query<{ open: number }>(
        'SELECT count(*)::int AS open FROM idempotency_keys WHERE status_code IS NULL',
      )) as [{ open: number }];
      expect(open).toBe(0);
    } finally {
      if (child.exitCode === null) await killed(child);
    }
  });
  it('with transitions in flight: every case is wholly moved or wholly not, with its step and its push, and a retry finishes the rest', async () => {
    const { db } = await sharedServer();
    await ensureTestUser(db, 'crash-commander', 'commander', await rootCode());
    const [g] = await db.query<{ lon: number; lat: number }>(
      "SELECT ST_X(label_point) AS lon, ST_Y(label_point) AS lat FROM grids WHERE level = 'grid' ORDER BY code OFFSET 1 LIMIT 1",
    );
    const marker = `断电流转 ${randomUUID()}`;
    let { child, url } = await startChild(TEST_DATABASE_URL);
    try {
      const session = await signIn(url, 'crash-commander');
      const ids: string[] = [];
      for (let i = 0; i < 24; i++) {
        const res = await session.request(
          'POST',
          '/api/incidents',
          {
            location: { lon: g!.lon, lat: g!.lat },
            category: 'hazard',
            channel: 'hotline',
            description: `${marker} ${i}`,
          },
          { 'Idempotency-Key': `crash-${randomUUID()}` },
        );
        expect(res.status).toBe(201);
        ids.push((res.body as { id: string }).id);
      }
      const accept = (u: string, s: typeof session, id: string) =>
        fetch(`${u}/api/incidents/${id}/transitions`, {
          method: 'POST',
          headers: { Cookie: s.cookie, 'X-CSRF-Token': s.csrf, 'Content-Type': 'application/json' },
          body: JSON.stringify({ to: 'accepted', version: 1, note: marker }),
        }).then(
          (r) => r.status,
          () => 0,
        );
      const pushes = async () =>
        new Map(
          (
            await db.query<{ id: string; n: number }>(
              'SELECT i.id::text, (SELECT count(*)::int FROM outbox o WHERE o.incident_id = i.id) AS n FROM incidents i WHERE i.id = ANY($1::bigint[])',
              [ids],
            )
          ).map((r) => [r.id, r.n]),
        );
      const filed = await pushes();
      /** Each case's status, version, accepted steps in its history and pushes in the outbox. */
      const states = () =>
        db.query<{ id: string; status: string; version: number; steps: number; pushes: number }>(
          `SELECT i.id::text, i.status, i.version,
                  (SELECT count(*)::int FROM incident_events e WHERE e.incident_id = i.id AND e.to_status = 'accepted') AS steps,
                  (SELECT count(*)::int FROM outbox o WHERE o.incident_id = i.id) AS pushes
             FROM incidents i WHERE i.id = ANY($1::bigint[]) ORDER BY i.id`,
          [ids],
        );
      const inFlight = ids.map((id) => accept(url, session, id));
      await new Promise((r) => setTimeout(r, 30));
      await killed(child);
      const first = await Promise.all(inFlight);
      expect(
        first.some((s) => s !== 204),
        'some transitions were cut off by the kill',
      ).toBe(true);

      // Each case: status, version, its step in the history and its push all moved together, or none did.
      const rows = await states();
      const moved = rows.filter((r) => r.status === 'accepted');
      for (const r of rows) {
        if (r.status === 'accepted') expect({ version: r.version, steps: r.steps }, r.id).toEqual({ version: 2, steps: 1 });
        else expect({ status: r.status, version: r.version, steps: r.steps }, r.id).toEqual({ status: 'reported', version: 1, steps: 0 });
      }
      for (const r of rows) expect(r.pushes, r.id).toBe(filed.get(r.id)! + (r.status === 'accepted' ? 1 : 0));

      expect(await leftovers(db)).toEqual({ connections: 0, openTransactions: 0, stampingLockFree: true });
      ({ child, url } = await startChild(TEST_DATABASE_URL));
      const again = await signIn(url, 'crash-commander');
      const retries = await Promise.all(ids.map((id) => accept(url, again, id)));
      // A retry of a transition that landed is a version conflict, never a second step.
      const movedIds = new Set(moved.map((r) => r.id));
      expect(retries).toEqual(ids.map((id) => (movedIds.has(id) ? 409 : 204)));
      const after = await states();
      for (const r of after) {
        expect({ status: r.status, steps: r.steps }, r.id).toEqual({ status: 'accepted', steps: 1 });
        expect(r.pushes, r.id).toBe(filed.get(r.id)! + 1);
      }
    } finally {
      if (child.exitCode === null) await killed(child);
    }
  });
});
