import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { hashPassword } from '../server/auth/passwords.ts';
import { signIn } from '../server/cli/api-session.ts';
import { openPgDb } from '../server/db/pg-db.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../server/realtime/events.ts';
import { benchArgs, freshBenchDatabaseUrl, percentile } from './bench-db.ts';
import { createdArrivals, tallyDeliveries } from './deliveries.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `npm run bench -- fanout-workers [--workers 3] [--sockets 2000] [--rate 200] [--seconds 20] [--kill]`:
 * `npm start -- --workers N` on a fresh PostGIS database with Redis, wall sockets spread over the
 * workers, incidents posted open-loop; each delivery timed from the POST being sent to its event on
 * each socket. With `--kill`, one worker is killed with SIGKILL halfway: its sockets reconnect (from
 * their last sequence number) to the others and the count says whether any event was missed.
 * The sockets live in this process, so the client's own work on two cores is part of the figures.
 */
export async function run(argv: string[]): Promise<void> {
  const args = benchArgs(argv);
  const workers = Number(args.get('workers') ?? 3);
  const socketCount = Number(args.get('sockets') ?? 2000);
  const rate = Number(args.get('rate') ?? 200);
  const seconds = Number(args.get('seconds') ?? 20);
  const kill = args.has('kill');
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);
  const databaseUrl = await freshBenchDatabaseUrl('gridline_bench_fanout');
  const primary = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'fanout-entry.ts')], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      GRIDLINE_WORKERS: String(workers),
      GRIDLINE_REDIS_URL: process.env.GRIDLINE_REDIS_URL ?? 'redis://127.0.0.1:6379',
      PORT: '0',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    primary.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /LISTENING (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    primary.once('exit', (code) => reject(new Error(`the cluster exited (${code})`)));
  });
  const workerPids = () =>
    // The primary's children that run the entry script (tsx's esbuild service is one of its children too).
    execFileSync('pgrep', ['-P', String(primary.pid), '-f', 'fanout-entry.ts'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map(Number);
  const db = await openPgDb(databaseUrl);
  const sockets: Client[] = [];
  try {
    await db.query(
      `INSERT INTO users (username, display_name, password_hash, role, area_code)
       SELECT 'bench', 'bench', $1, 'commander', code FROM grids WHERE parent_code IS NULL`,
      [await hashPassword('bench password 2026')],
    );
    const commander = await signIn(url, 'bench', 'bench password 2026');
    const spots = await db.query<{ lon: number; lat: number }>(
      "SELECT ST_X(label_point) AS lon, ST_Y(label_point) AS lat FROM grids WHERE level = 'grid'",
    );
    const received = new Map<string, number[]>();
    const perWorker = new Map<number, number>();
    let reconnects = 0;
    for (let i = 0; i < socketCount; i++) {
      let lastSeq = 0;
      const s: Client = io(url, {
        transports: ['websocket'],
        forceNew: true,
        extraHeaders: { cookie: commander.cookie },
        auth: (cb) => cb(lastSeq > 0 ? { lastSeq } : {}),
        reconnectionDelay: 200,
        reconnectionDelayMax: 1000,
      });
      s.once('server:status', (st) => perWorker.set(st.worker, (perWorker.get(st.worker) ?? 0) + 1));
      s.io.on('reconnect', () => reconnects++);
      const arrived = createdArrivals(received);
      s.on('incident:event', (e) => {
        // As on the dashboard: an event at or below the last number seen is a repeat, dropped.
        if (e.seq <= lastSeq) return;
        lastSeq = e.seq;
        arrived(e);
      });
      sockets.push(s);
      if (i % 100 === 99) await sleep(20);
    }
    await Promise.all(sockets.map((s) => new Promise<void>((resolve) => (s.connected ? resolve() : s.once('connect', () => resolve())))));
    const sentAt = new Map<string, number>();
    let failed = 0;
    const total = rate * seconds;
    const start = performance.now();
    const posts: Promise<void>[] = [];
    let killedAt: number | null = null;
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      if (kill && killedAt === null && i >= total / 2) {
        process.kill(workerPids()[0]!, 'SIGKILL');
        killedAt = i;
      }
      const spot = spots[i % spots.length]!;
      const t = performance.now();
      const key = `fanout-${randomUUID()}`;
      const body = { location: spot, category: 'environment', channel: 'patrol', description: `bench ${i}` };
      posts.push(
        (async () => {
          // A request cut off with its worker is sent again with its key, as a client would.
          for (let attempt = 0; attempt < 5; attempt++) {
            const res = await commander.request('POST', '/api/incidents', body, { 'Idempotency-Key': key }).catch(() => null);
            if (res?.status === 201) return void sentAt.set((res.body as { id: string }).id, t);
            await sleep(100);
          }
          failed++;
        })(),
      );
    }
    await Promise.all(posts);
    const elapsed = (performance.now() - start) / 1000;
    const { latencies, missing } = await tallyDeliveries(sentAt, received, socketCount, 20_000);
    const spread = [...perWorker]
      .sort(([a], [b]) => a - b)
      .map(([w, n]) => `${w}:${n}`)
      .join(' ');
    console.log(
      `fanout-workers ${workers} workers, ${socketCount} sockets (${spread}), ${rate}/s × ${seconds} s${kill ? `, worker killed at report ${killedAt}` : ''}: ` +
        `reached ${(sentAt.size / elapsed).toFixed(0)}/s (${sentAt.size} created, ${failed} failed), ${latencies.length} deliveries, ` +
        `POST→event p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms, ${missing} missing, ${reconnects} reconnects`,
    );
  } finally {
    sockets.forEach((s) => s.close());
    await db.close();
    const pids = (() => {
      try {
        return workerPids();
      } catch {
        return [];
      }
    })();
    primary.kill('SIGKILL');
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
}
