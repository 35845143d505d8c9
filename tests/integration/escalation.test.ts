import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { runEscalation } from '../../server/dispatch/escalation.ts';
import { ensureTestUser, signIn, type Session } from '../support/accounts.ts';
import { sharedServer } from '../support/test-server.ts';

let worker: Session;
let grid: { code: string; lon: number; lat: number; path: string };
const minutes = (n: number) => new Date(Date.now() + n * 60_000);

const reportRed = async (): Promise<string> => {
  const res = await worker.request(
    'POST',
    '/api/incidents',
    { location: { lon: grid.lon, lat: grid.lat }, category: 'emergency', channel: 'patrol', description: '电动车起火' },
    { 'Idempotency-Key': `escalation-${randomUUID()}` },
  );
  return (res.body as { id: string }).id;
};
const state = async (id: string) => {
  const { db } = await sharedServer();
  const [row] = await db.query<{ status: string; responsible: string; overdue: boolean; escalations: number }>(
    `SELECT status, responsible_code AS responsible, overdue,
       (SELECT count(*)::int FROM incident_events e WHERE e.incident_id = i.id AND e.to_status = 'escalated') AS escalations
     FROM incidents i WHERE id = $1::bigint`,
    [id],
  );
  return row!;
};

beforeAll(async () => {
  const { db, url } = await sharedServer();
  const [g] = await db.query<{ code: string; lon: number; lat: number; path: string }>(
    "SELECT code, ST_X(label_point) AS lon, ST_Y(label_point) AS lat, path FROM grids WHERE level = 'grid' ORDER BY code DESC LIMIT 1",
  );
  grid = g!;
  await ensureTestUser(db, 'escalation-worker', 'worker', grid.code);
  worker = await signIn(url, 'escalation-worker');
});

describe('the escalation loop (with a controllable clock)', () => {
  it('leaves an incident alone before its deadline', async () => {
    const { db } = await sharedServer();
    const id = await reportRed();
    const run = await runEscalation(db, minutes(9));
    expect(run.escalated).not.toContain(id);
    expect((await state(id)).status).toBe('reported');
  });

  it('climbs one level each time a red incident misses its 10-minute acceptance, up to the county, then flags it', async () => {
    const { db } = await sharedServer();
    const id = await reportRed();
    const [community, township, county] = grid.path.split('.').slice(0, -1).reverse();
    const seen: string[] = [];
    for (const [at, expected] of [
      [11, community],
      [22, township],
      [33, county],
    ] as [number, string][]) {
      expect((await runEscalation(db, minutes(at))).escalated).toContain(id);
      const s = await state(id);
      expect(s).toMatchObject({ status: 'escalated', responsible: expected, overdue: false });
      seen.push(s.responsible);
      // Running again at the same moment does nothing more.
      expect((await runEscalation(db, minutes(at))).escalated).not.toContain(id);
    }
    expect(seen).toEqual([community, township, county]);
    const top = await runEscalation(db, minutes(44));
    expect(top.flagged).toContain(id);
    expect(await state(id)).toMatchObject({ status: 'escalated', responsible: county, overdue: true, escalations: 3 });
  });

  it('escalates an incident once even when two loops run at the same time', async () => {
    const { db } = await sharedServer();
    const id = await reportRed();
    await Promise.all([runEscalation(db, minutes(11)), runEscalation(db, minutes(11))]);
    expect((await state(id)).escalations).toBe(1);
  });

  it('writes an event with the reason and an outbox row for the walls', async () => {
    const { db } = await sharedServer();
    const id = await reportRed();
    await runEscalation(db, minutes(11));
    const [row] = await db.query<{ note: string; outbox: number; escalatedTo: string[] }>(
      `SELECT (SELECT note FROM incident_events WHERE incident_id = $1::bigint AND to_status = 'escalated') AS note,
              (SELECT count(*)::int FROM outbox WHERE incident_id = $1::bigint AND topic LIKE 'incident.%') AS outbox,
              (SELECT array_agg(area_code) FROM takeovers WHERE incident_id = $1::bigint AND reason = 'escalated') AS "escalatedTo"`,
      [id],
    );
    expect(row!.note).toMatch(/自动上报/);
    expect(row!.outbox).toBe(2);
    // The community it climbed to is taken over as its own case (the red report took over every level already).
    expect(row!.escalatedTo).toEqual([grid.path.split('.').at(-2)]);
  });
});
