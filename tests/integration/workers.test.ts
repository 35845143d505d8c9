import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import type { Db } from '../../server/db/db.ts';
import { openPgDb } from '../../server/db/pg-db.ts';
import type { ClientToServerEvents, IncidentEvent, ServerStatus, ServerToClientEvents } from '../../server/realtime/events.ts';
import { ensureTestUser, signIn, type Session } from '../support/accounts.ts';
import { killed } from '../support/crash-kit.ts';
import { freshPostgresUrl, TEST_DATABASE_URL } from '../support/test-server.ts';
import { until } from '../support/until.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The Redis the suite uses (CI starts the local one). */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const WORKERS = 3;

/**
 * `npm start -- --workers 3` on the PostGIS test database with Redis: what one process guarantees
 * must hold across three. The primary is a child process; its workers are its children.
 */
describe.runIf(TEST_DATABASE_URL)('three server processes behind one port', () => {
  let primary: ChildProcess;
  let url: string;
  let db: Db;
  let spot: { lon: number; lat: number };
  let root: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    const databaseUrl = (await freshPostgresUrl('workers'))!;
    primary = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'tests/support/cluster-server.ts')], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        GRIDLINE_REDIS_URL: REDIS_URL,
        GRIDLINE_WORKERS: String(WORKERS),
        CRASH_ESCALATION_SECONDS: '1',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      primary.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /LISTENING (\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      primary.once('exit', (code) => reject(new Error(`the primary exited (${code}): ${out}`)));
    });
    db = await openPgDb(databaseUrl);
    [{ code: root }] = (await db.query<{ code: string }>('SELECT code FROM grids WHERE parent_code IS NULL')) as [{ code: string }];
    spot = (
      await db.query<{ lon: number; lat: number }>(
        "SELECT ST_X(label_point) AS lon, ST_Y(label_point) AS lat FROM grids WHERE level = 'grid' ORDER BY code LIMIT 1",
      )
    )[0]!;
    await ensureTestUser(db, 'workers-commander', 'commander', root);
    await ensureTestUser(db, 'workers-wall', 'wall', root);
  }, 120_000);

  afterAll(async () => {
    for (const c of clients) c.close();
    if (primary) {
      const workers = workerPids();
      await killed(primary);
      for (const pid of workers) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    await db?.close();
  });

  const workerPids = () => {
    try {
      // The primary's children that run the entry script (tsx's esbuild service is one of its children too).
      return execFileSync('pgrep', ['-P', String(primary.pid), '-f', 'cluster-server.ts'], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .filter(Boolean)
        .map(Number);
    } catch {
      return [];
    }
  };

  /** A wall socket with what it was told: which process serves it, and every incident event. */
  const wall = async (s: Session, lastSeq?: number, events: IncidentEvent[] = []) => {
    const c: Client = io(url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      extraHeaders: { cookie: s.cookie },
      auth: lastSeq === undefined ? {} : { lastSeq },
    });
    clients.push(c);
    const status = new Promise<ServerStatus>((resolve) => c.once('server:status', resolve));
    c.on('incident:event', (e) => events.push(e));
    await new Promise<void>((resolve, reject) => (c.once('connect', resolve), c.once('connect_error', reject)));
    return { c, events, worker: (await status).worker };
  };

  const report = (s: Session, description: string, key = `workers-${randomUUID()}`) =>
    s.request(
      'POST',
      '/api/incidents',
      { location: spot, category: 'hazard', channel: 'hotline', description },
      { 'Idempotency-Key': key },
    );

  it('spreads walls over the three, and every wall gets every event of its area, in order, once', async () => {
    const session = await signIn(url, 'workers-wall');
    const walls = await Promise.all(Array.from({ length: 9 }, () => wall(session)));
    expect(new Set(walls.map((w) => w.worker))).toEqual(new Set([1, 2, 3]));
    const commander = await signIn(url, 'workers-commander');
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await report(commander, `多进程 ${i}`);
      expect(res.status).toBe(201);
      ids.push(String((res.body as { id: string }).id));
    }
    const created = (w: (typeof walls)[number]) => w.events.filter((e) => e.topic === 'incident.created').map((e) => String(e.incident.id));
    await until('every wall to get every report', () => walls.every((w) => ids.every((id) => created(w).includes(id))));
    for (const w of walls) {
      expect(created(w)).toEqual(ids);
      const seqs = w.events.map((e) => e.seq);
      expect(seqs).toEqual([...new Set(seqs)].sort((a, b) => a - b));
    }
  });

  it('drops a signed-out session’s sockets on every process', async () => {
    const session = await signIn(url, 'workers-wall');
    const walls = await Promise.all(Array.from({ length: 6 }, () => wall(session)));
    expect(new Set(walls.map((w) => w.worker)).size).toBeGreaterThan(1);
    const dropped = walls.map((w) => new Promise<void>((resolve) => w.c.once('disconnect', () => resolve())));
    expect((await session.request('POST', '/api/auth/logout')).status).toBeLessThan(300);
    // Each process re-checks its sockets' sessions only hourly here: only the adapter can do this in time.
    let done = false;
    void Promise.all(dropped).then(() => (done = true));
    await until('every socket of the session to be dropped', () => done, 5000);
  });

  it('shares the intake flood limit: an account spreading its reports over the processes gets no more through', async () => {
    const commander = await signIn(url, 'workers-commander');
    // A new connection each, so the reports are handed to the processes in turn.
    const post = (i: number) =>
      new Promise<number>((resolve, reject) => {
        const body = JSON.stringify({ location: spot, category: 'hazard', channel: 'hotline', description: `洪水 ${i}` });
        const req = httpRequest(
          `${url}/api/incidents`,
          {
            method: 'POST',
            agent: false,
            headers: {
              Cookie: commander.cookie,
              'X-CSRF-Token': commander.csrf,
              'Content-Type': 'application/json',
              'Idempotency-Key': `workers-flood-${randomUUID()}`,
            },
          },
          (res) => (res.resume(), resolve(res.statusCode!)),
        );
        req.once('error', reject);
        req.end(body);
      });
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => post(i)));
    const seconds = (Date.now() - started) / 1000;
    const accepted = answers.filter((s) => s === 201).length;
    // A burst of 30 and 10 a second, for the whole cluster; three buckets of their own would take all 60.
    expect(answers.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(accepted).toBeLessThanOrEqual(30 + Math.ceil(seconds * 10) + 1);
  });

  it('escalates each overdue case once, though three escalation loops run', async () => {
    await new Promise((r) => setTimeout(r, 3000)); // the flood bucket refills
    const commander = await signIn(url, 'workers-commander');
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await report(commander, `逾期 ${i}`);
      expect(res.status).toBe(201);
      ids.push(String((res.body as { id: string }).id));
    }
    await db.query("UPDATE incidents SET step_deadline = '2000-01-01' WHERE id = ANY($1::bigint[])", [ids]);
    const steps = () =>
      db.query<{ n: number }>(
        `SELECT (SELECT count(*)::int FROM incident_events e WHERE e.incident_id = i.id AND e.to_status = 'escalated') AS n
           FROM incidents i WHERE i.id = ANY($1::bigint[])`,
        [ids],
      );
    await until('the loops to escalate every case', async () => (await steps()).every((r) => r.n >= 1));
    // Several more passes of all three loops.
    await new Promise((r) => setTimeout(r, 2500));
    expect((await steps()).map((r) => r.n)).toEqual(ids.map(() => 1));
  });

  it('a worker killed mid-stream: its walls reconnect to another process and miss nothing', async () => {
    const session = await signIn(url, 'workers-wall');
    const [{ seq: start }] = (await db.query<{ seq: number }>('SELECT coalesce(max(seq), 0)::int AS seq FROM outbox')) as [{ seq: number }];
    const walls = await Promise.all(Array.from({ length: 6 }, () => wall(session, start)));
    const commander = await signIn(url, 'workers-commander');
    await new Promise((r) => setTimeout(r, 3000)); // the flood bucket refills
    const victim = workerPids()[0]!;
    const sending = (async () => {
      for (let i = 0; i < 20; i++) {
        if (i === 8) process.kill(victim, 'SIGKILL');
        // A request cut off with its worker is sent again with its key, as a client would.
        const key = `workers-kill-${randomUUID()}`;
        for (let attempt = 0; attempt < 5; attempt++) {
          const status = await report(commander, `断电多进程 ${i}`, key).then(
            (r) => r.status,
            () => 0,
          );
          if (status === 201) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    // A wall whose process died connects again, from the last number it has, into the same list.
    let reconnected = 0;
    const followers = walls.map(async (w) => {
      let current = w;
      for (;;) {
        const gone = await Promise.race([
          new Promise<boolean>((r) => current.c.once('disconnect', () => r(true))),
          sending.then(() => false),
        ]);
        if (!gone) return w.events;
        for (;;) {
          try {
            current = await wall(session, w.events.at(-1)?.seq ?? start, w.events);
            reconnected++;
            break;
          } catch {
            await new Promise((r) => setTimeout(r, 200));
          }
        }
      }
    });
    await sending;
    const results = await Promise.all(followers);
    await until('the relay to number every row', async () => {
      const [{ n }] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE seq IS NULL')) as [{ n: number }];
      return n === 0;
    });
    const expected = (await db.query<{ seq: string }>('SELECT seq::text FROM outbox WHERE seq > $1 ORDER BY outbox.seq', [start])).map(
      (r) => Number(r.seq),
    );
    const last = expected.at(-1)!;
    await until('every wall to catch up', () => results.every((seen) => seen.some((e) => e.seq === last)));
    for (const seen of results) expect([...new Set(seen.map((e) => e.seq))].sort((a, b) => a - b)).toEqual(expected);
    // The walls it served (two of six, handed out in turn) came back through the others.
    expect(reconnected).toBeGreaterThan(0);
    expect(workerPids()).not.toContain(victim);
  });
});
