import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announce } from '../../server/realtime/outbox.ts';
import type { ClientToServerEvents, IncidentEvent, ServerToClientEvents } from '../../server/realtime/events.ts';
import type { RunningServer } from '../../server/main.ts';
import { ensureTestUser, signIn, type Session } from '../support/accounts.ts';
import { ownServer, TEST_DATABASE_URL } from '../support/test-server.ts';
import { until } from '../support/until.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * The relay is woken by LISTEN/NOTIFY when outbox rows commit (migration 018), with the poll kept as
 * the fallback. Each server here is its own, with the poll set so that only the path under test
 * can deliver in time.
 */
const servers: RunningServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
});

async function setUp(suffix: string, outboxPollMs: number) {
  const server = await ownServer(suffix, { outboxPollMs });
  servers.push(server);
  const [root] = await server.db.query<{ code: string }>('SELECT code FROM grids WHERE parent_code IS NULL');
  const [g] = await server.db.query<{ lon: number; lat: number }>(
    "SELECT ST_X(label_point) AS lon, ST_Y(label_point) AS lat FROM grids WHERE level = 'grid' ORDER BY code LIMIT 1",
  );
  await ensureTestUser(server.db, 'wakeup-commander', 'commander', root!.code);
  await ensureTestUser(server.db, 'wakeup-wall', 'wall', root!.code);
  const commander = await signIn(server.url, 'wakeup-commander');
  const wallSession = await signIn(server.url, 'wakeup-wall');
  const wall: Client = io(server.url, { transports: ['websocket'], forceNew: true, extraHeaders: { cookie: wallSession.cookie } });
  const seen: IncidentEvent[] = [];
  wall.on('incident:event', (e) => seen.push(e));
  await new Promise<void>((resolve, reject) => (wall.once('connect', resolve), wall.once('connect_error', reject)));
  return { server, commander, wall, seen, spot: g! };
}

const report = async (s: Session, spot: { lon: number; lat: number }) => {
  const res = await s.request(
    'POST',
    '/api/incidents',
    { location: spot, category: 'hazard', channel: 'hotline', description: '唤醒测试' },
    { 'Idempotency-Key': `wakeup-${randomUUID()}` },
  );
  expect(res.status).toBe(201);
  return String((res.body as { id: string }).id);
};

describe('the outbox relay woken by LISTEN/NOTIFY', () => {
  // The poll an hour away: only a notification can deliver within the tests' time.
  let woken: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    woken = await setUp('wakeup_notify', 3_600_000);
  }, 120_000);
  afterAll(() => woken?.wall.close());

  it('pushes a report the moment it commits', async () => {
    const { commander, seen, spot } = woken;
    const id = await report(commander, spot);
    await until('the push', () => seen.some((e) => String(e.incident.id) === id));
  });

  it('takes a storm of thousands of rows in one transaction: every one reaches the wall, in order', async () => {
    const { server, seen } = woken;
    seen.length = 0;
    const ids = (await server.db.query<{ id: string }>('SELECT id::text FROM incidents ORDER BY id')).map((r) => r.id);
    expect(ids.length).toBeGreaterThan(500);
    await server.db.transaction(async (tx) => {
      for (let i = 0; i < 5; i++) await announce(tx, { topic: 'incident.changed', incidentIds: ids });
    });
    await until('the storm', () => seen.length >= ids.length * 5, 20_000);
    const seqs = seen.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(ids.length * 5);
  });

  it('lets no live push overtake a reconnecting wall’s replay: a client keeping only the highest number misses nothing', async () => {
    const { server, commander, spot } = woken;
    const [{ start }] = (await server.db.query<{ start: number }>('SELECT coalesce(max(seq), 0)::int AS start FROM outbox')) as [
      { start: number },
    ];
    const ids = (await server.db.query<{ id: string }>('SELECT id::text FROM incidents ORDER BY id')).map((r) => r.id);
    // Tens of pages of history to replay, long enough for live reports to land meanwhile.
    await server.db.transaction(async (tx) => {
      for (let i = 0; i < 25; i++) await announce(tx, { topic: 'incident.changed', incidentIds: ids });
    });
    // Numbered and pushed (to nobody) before the wall comes back, so it must replay them all.
    await until('the relay to number the history', async () => {
      const [{ n }] = (await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE seq IS NULL')) as [{ n: number }];
      return n === 0;
    });
    const wallSession = await signIn(server.url, 'wakeup-wall');
    const kept: number[] = [];
    const wall: Client = io(server.url, {
      transports: ['websocket'],
      forceNew: true,
      extraHeaders: { cookie: wallSession.cookie },
      auth: { lastSeq: start },
    });
    // The dashboard's rule (stores/incidents-apply.ts): an event at or below the highest number seen is dropped.
    wall.on('incident:event', (e) => {
      if (e.seq > (kept.at(-1) ?? start)) kept.push(e.seq);
    });
    await new Promise<void>((resolve) => wall.once('connect', () => resolve()));
    const live: string[] = [];
    for (let i = 0; i < 10; i++) live.push(await report(commander, spot));
    let last = 0;
    await until('the last live report to be numbered', async () => {
      const [row] = await server.db.query<{ last: number | null }>(
        "SELECT max(seq)::int AS last FROM outbox WHERE incident_id = $1::bigint AND topic = 'incident.created'",
        [live.at(-1)],
      );
      last = row?.last ?? 0;
      return last > 0;
    });
    await until('the wall to reach the last live report', () => (kept.at(-1) ?? 0) >= last, 20_000);
    const expected = (
      await server.db.query<{ seq: number }>('SELECT seq::int FROM outbox WHERE seq > $1 AND seq <= $2 ORDER BY outbox.seq', [start, last])
    ).map((r) => r.seq);
    expect(kept.filter((s) => s <= last)).toEqual(expected);
    wall.close();
  });

  it.runIf(TEST_DATABASE_URL)('still delivers by the poll when the listening connection is cut, and listens again', async () => {
    const { server, commander, wall, seen, spot } = await setUp('wakeup_lost', 300);
    const listeners = async () =>
      (
        await server.db.query<{ pid: number }>(
          "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN gridline_outbox'",
        )
      ).map((r) => r.pid);
    const [pid] = await listeners();
    expect(pid).toBeDefined();
    await server.db.query('SELECT pg_terminate_backend($1)', [pid]);
    const id = await report(commander, spot);
    await until('the poll’s delivery', () => seen.some((e) => String(e.incident.id) === id));
    await until('a new listening connection', async () => (await listeners()).some((p) => p !== pid));
    wall.close();
  });
});
