import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, IncidentEvent, ServerToClientEvents } from '../../server/realtime/events.ts';
import { ensureTestUser, signIn, type Session } from '../support/accounts.ts';
import { announce, readOutboxAfter, readOutboxForArea } from '../../server/realtime/outbox.ts';
import { sharedServer, TEST_DATABASE_URL } from '../support/test-server.ts';
import { until } from '../support/until.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

let reporter: Session;
let inArea: Session;
let outside: Session;
let spot: { lon: number; lat: number };

const connect = (url: string, cookie: string, lastSeq?: number): Client =>
  io(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: { cookie },
    auth: lastSeq === undefined ? {} : { lastSeq },
  });
const connected = (s: Client) => new Promise<void>((resolve, reject) => (s.once('connect', resolve), s.once('connect_error', reject)));
const collect = (s: Client): IncidentEvent[] => {
  const seen: IncidentEvent[] = [];
  s.on('incident:event', (e) => seen.push(e));
  return seen;
};
const post = async (description: string): Promise<string> => {
  const res = await reporter.request(
    'POST',
    '/api/incidents',
    { location: spot, category: 'environment', channel: 'resident', description },
    { 'Idempotency-Key': `delivery-${randomUUID()}` },
  );
  return (res.body as { id: string }).id;
};
const maxSeq = async (): Promise<number> => {
  const { db } = await sharedServer();
  return Number((await db.query<{ seq: string }>('SELECT coalesce(max(seq), 0)::text AS seq FROM outbox'))[0]!.seq);
};

beforeAll(async () => {
  const { db, url } = await sharedServer();
  const communities = await db.query<{ code: string }>("SELECT code FROM grids WHERE level = 'community' ORDER BY code LIMIT 2");
  const [g] = await db.query<{ code: string; lon: number; lat: number }>(
    'SELECT code, ST_X(label_point) AS lon, ST_Y(label_point) AS lat FROM grids WHERE parent_code = $1 ORDER BY code LIMIT 1',
    [communities[0]!.code],
  );
  spot = { lon: g!.lon, lat: g!.lat };
  await ensureTestUser(db, 'delivery-reporter', 'commander', communities[0]!.code);
  await ensureTestUser(db, 'delivery-wall-a', 'wall', communities[0]!.code);
  await ensureTestUser(db, 'delivery-wall-b', 'wall', communities[1]!.code);
  reporter = await signIn(url, 'delivery-reporter');
  inArea = await signIn(url, 'delivery-wall-a');
  outside = await signIn(url, 'delivery-wall-b');
});

describe('incident delivery over socket.io', () => {
  it('pushes a new incident to sockets of its area, with a sequence number, and to no one else', async () => {
    const { url } = await sharedServer();
    const a = connect(url, inArea.cookie);
    const b = connect(url, outside.cookie);
    await Promise.all([connected(a), connected(b)]);
    const seenA = collect(a);
    const seenB = collect(b);
    const id = await post('路边垃圾堆积');
    await until('the push to wall A', () => seenA.some((e) => String(e.incident.id) === id));
    const event = seenA.find((e) => String(e.incident.id) === id)!;
    expect(event.topic).toBe('incident.created');
    expect(event.seq).toBeGreaterThan(0);
    expect(JSON.stringify(event)).not.toContain('路边垃圾堆积');
    await new Promise((r) => setTimeout(r, 500));
    expect(seenB.some((e) => String(e.incident.id) === id)).toBe(false);
    a.close();
    b.close();
  });

  it('replays exactly what a wall missed while it was away, in order', async () => {
    const { url } = await sharedServer();
    const last = await maxSeq();
    const missed = [await post('离线期间一'), await post('离线期间二'), await post('离线期间三')];
    const back = connect(url, inArea.cookie, last);
    const seen = collect(back);
    await connected(back);
    await until('every missed push after the reconnect', () => missed.every((id) => seen.some((e) => String(e.incident.id) === id)));
    // The relay may still be delivering these live while the replay sends them: clients dedupe by seq, and so does this test.
    const bySeq = new Map(seen.filter((e) => missed.includes(String(e.incident.id))).map((e) => [e.seq, e]));
    const replayed = [...bySeq.values()].sort((x, y) => x.seq - y.seq);
    expect(replayed.map((e) => String(e.incident.id))).toEqual(missed);
    back.close();
  });

  it('replays nothing from another area', async () => {
    const { url } = await sharedServer();
    const last = await maxSeq();
    const id = await post('别的社区看不到');
    const b = connect(url, outside.cookie, last);
    const seen = collect(b);
    await connected(b);
    await new Promise((r) => setTimeout(r, 600));
    expect(seen.some((e) => String(e.incident.id) === id)).toBe(false);
    b.close();
  });

  // Two connections are needed to commit out of order, so this runs on the PostGIS server (PGlite has one).
  it.runIf(TEST_DATABASE_URL)('delivers a change whose transaction commits after a later one', async () => {
    const { url, db } = await sharedServer();
    const wall = connect(url, inArea.cookie);
    const seen = collect(wall);
    await connected(wall);
    const slowId = await post('慢事务');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    // A change written first and committed last: under numbering at insert it got the lower number and was passed over.
    const slow = db.transaction(async (tx) => {
      await announce(tx, { topic: 'incident.changed', incidentIds: [slowId] });
      await gate;
    });
    await new Promise((r) => setTimeout(r, 100));
    const fastId = await post('快事务');
    await until('the fast push', () => seen.some((e) => String(e.incident.id) === fastId));
    const before = seen.filter((e) => String(e.incident.id) === slowId && e.topic === 'incident.changed').length;
    release();
    await slow;
    await until(
      'the slow case’s change',
      () => seen.filter((e) => String(e.incident.id) === slowId && e.topic === 'incident.changed').length > before,
    );
    const late = seen.find((e) => String(e.incident.id) === slowId && e.topic === 'incident.changed')!;
    const fast = seen.find((e) => String(e.incident.id) === fastId)!;
    expect(late.seq).toBeGreaterThan(fast.seq);
    wall.close();
  });

  it('reads numbered rows in numeric order across a change of digits, for the relay and for replay', async () => {
    const { db } = await sharedServer();
    // Just below a power of ten above every number handed out: the rows cross from n to n + 1 digits.
    const base = 10 ** String((await maxSeq()) + 1_000_000).length - 10;
    // Written and read in one transaction that is rolled back: no relay ever sees these rows.
    const order = await db
      .transaction(async (tx) => {
        const [area] = await tx.query<{ path: string }>('SELECT path FROM grids WHERE parent_code IS NULL LIMIT 1');
        for (const seq of [base + 8, base + 9, base + 10, base + 99, base + 100])
          await tx.query(`INSERT INTO outbox (topic, grid_path, payload, seq) VALUES ('boundary.published', $1, '{}'::jsonb, $2)`, [
            area!.path,
            seq,
          ]);
        const after = await readOutboxAfter(tx, String(base), 10);
        const forArea = await readOutboxForArea(tx, String(base), area!.path, 10);
        throw Object.assign(new Error('rollback'), { result: [after.map((r) => r.seq), forArea.map((r) => r.seq)] });
      })
      .catch((e: { result?: string[][] }) => e.result);
    const want = [8, 9, 10, 99, 100].map((n) => String(base + n)).sort((a, b) => Number(a) - Number(b));
    expect(order).toEqual([want, want]);
  });
});
