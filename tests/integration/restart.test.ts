import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, IncidentEvent, ServerToClientEvents } from '../../server/realtime/events.ts';
import { startServer, type RunningServer } from '../../server/main.ts';
import { ensureTestUser, signIn } from '../support/accounts.ts';
import { sharedServer, TEST_DATABASE_URL, testConfig } from '../support/test-server.ts';
import { until } from '../support/until.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * A server restarts while incidents are flowing: what was written but not yet pushed when it
 * stopped reaches the wall from the next process, and the wall ends with exactly the outbox's
 * events for its area, in order, none twice. Runs on the real database of the suite: a file-backed
 * embedded one (restarted in place), or the PostGIS server (a second process on the same data).
 */
describe('delivery across a server restart', () => {
  const dataDir = TEST_DATABASE_URL ? 'memory://' : mkdtempSync(path.join(tmpdir(), 'gridline-restart-'));
  let current: RunningServer | null = null;
  afterAll(async () => {
    await current?.close();
    if (!TEST_DATABASE_URL) rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no event written before the restart and repeats none', async () => {
    if (TEST_DATABASE_URL) await sharedServer(); // the suite's reset of the PostGIS database happens first
    // A slow relay on the first process (polling alone, never woken), so the second batch is certainly
    // still in the outbox when it stops.
    current = await startServer(testConfig({ dataDir, outboxPollMs: 1500, outboxListen: false, escalationSeconds: 3600 }), () => undefined);
    const { db } = current;
    const [g] = await db.query<{ code: string; parent: string; lon: number; lat: number }>(
      "SELECT code, parent_code AS parent, ST_X(label_point) AS lon, ST_Y(label_point) AS lat FROM grids WHERE level = 'grid' ORDER BY code LIMIT 1",
    );
    await ensureTestUser(db, 'restart-reporter', 'commander', g!.parent);
    await ensureTestUser(db, 'restart-wall', 'wall', g!.parent);
    const wallSession = await signIn(current.url, 'restart-wall');
    const seen = new Map<number, IncidentEvent>();
    const open = (url: string, lastSeq?: number): Client => {
      const s: Client = io(url, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        extraHeaders: { cookie: wallSession.cookie },
        auth: lastSeq === undefined ? {} : { lastSeq },
      });
      s.on('incident:event', (e) => seen.set(e.seq, e));
      return s;
    };
    const post = async (url: string, n: number) => {
      const reporter = await signIn(url, 'restart-reporter');
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const res = await reporter.request(
          'POST',
          '/api/incidents',
          { location: { lon: g!.lon, lat: g!.lat }, category: 'service', channel: 'hotline', description: `重启测试 ${i}` },
          { 'Idempotency-Key': `restart-${randomUUID()}` },
        );
        expect(res.status).toBe(201);
        ids.push((res.body as { id: string }).id);
      }
      return ids;
    };
    const startSeq = (await db.query<{ seq: string }>('SELECT coalesce(max(seq), 0)::text AS seq FROM outbox'))[0]!.seq;

    let wall = open(current.url);
    await new Promise<void>((resolve, reject) => (wall.once('connect', resolve), wall.once('connect_error', reject)));
    const first = await post(current.url, 3);
    await until('every report before the restart', () => first.every((id) => [...seen.values()].some((e) => String(e.incident.id) === id)));
    const second = await post(current.url, 3);
    await current.close();
    current = null;
    wall.close();
    expect([...seen.values()].some((e) => second.includes(String(e.incident.id)))).toBe(false);

    const lastSeen = Math.max(...seen.keys());
    current = await startServer(testConfig({ dataDir }), () => undefined);
    wall = open(current.url, lastSeen);
    await new Promise<void>((resolve, reject) => (wall.once('connect', resolve), wall.once('connect_error', reject)));
    const third = await post(current.url, 2);
    const all = [...first, ...second, ...third];
    await until('every report after the restart', () => all.every((id) => [...seen.values()].some((e) => String(e.incident.id) === id)));
    wall.close();

    const [area] = await current.db.query<{ path: string }>('SELECT path FROM grids WHERE code = $1', [g!.parent]);
    const expected = await current.db.query<{ seq: string }>(
      `SELECT seq::text AS seq FROM outbox WHERE seq > $1::bigint
         AND (grid_path = $2 OR grid_path LIKE $2 || '.%' OR base_path = $2 OR base_path LIKE $2 || '.%') ORDER BY outbox.seq`,
      [startSeq, area!.path],
    );
    const received = [...seen.keys()].filter((s) => s > Number(startSeq)).sort((a, b) => a - b);
    expect(received).toEqual(expected.map((r) => Number(r.seq)));
  });
});
