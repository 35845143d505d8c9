import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../server/realtime/events.ts';
import { benchArgs, percentile, type BenchBackend } from './bench-db.ts';
import { benchServer, reportSpots } from './bench-server.ts';
import { createdArrivals, tallyDeliveries } from './deliveries.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `npm run bench -- intake-push [--backend postgres,pglite] [--rates 50,200,1000] [--seconds 30] [--sockets 20] [--relay notify,poll]`:
 * with dashboard sockets connected, posts incidents open-loop at each rate and times each from
 * the POST being sent to its event arriving on every socket; prints p50/p99, the POST's own
 * answer time beside them, the rate reached and any event that never arrived. Each relay mode in
 * the same run: `notify` (woken by LISTEN/NOTIFY, the default) and `poll` (polling every 200 ms
 * alone, as before migration 018). Client and server share this process (and its two cores).
 */
const RELAYS = {
  notify: {},
  poll: { outboxListen: false, outboxPollMs: 200 },
} as const;

export async function run(argv: string[]): Promise<void> {
  const args = benchArgs(argv);
  const backends = (args.get('backend') ?? 'postgres,pglite').split(',') as BenchBackend[];
  const rates = (args.get('rates') ?? '50,200,1000').split(',').map(Number);
  const seconds = Number(args.get('seconds') ?? 30);
  const socketCount = Number(args.get('sockets') ?? 20);
  const relays = (args.get('relay') ?? 'notify,poll').split(',') as (keyof typeof RELAYS)[];
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);
  for (const backend of backends) for (const relay of relays) await runBackend(backend, relay, rates, seconds, socketCount);
}

async function runBackend(backend: BenchBackend, relay: keyof typeof RELAYS, rates: number[], seconds: number, socketCount: number) {
  const maxInFlight = 256;
  {
    const { server, commander } = await benchServer(backend, 'gridline_bench_push', RELAYS[relay]);
    const spots = await reportSpots(server);
    try {
      for (const rate of rates) {
        const received = new Map<string, number[]>();
        const sockets: Client[] = [];
        for (let i = 0; i < socketCount; i++) {
          const s: Client = io(server.url, { transports: ['websocket'], forceNew: true, extraHeaders: { cookie: commander.cookie } });
          s.on('incident:event', createdArrivals(received));
          sockets.push(s);
        }
        await Promise.all(
          sockets.map((s) => new Promise<void>((resolve) => (s.connected ? resolve() : s.once('connect', () => resolve())))),
        );
        const sentAt = new Map<string, number>();
        const answers: number[] = [];
        let inFlight = 0;
        let failed = 0;
        let skipped = 0;
        const total = rate * seconds;
        const start = performance.now();
        const posts: Promise<void>[] = [];
        for (let i = 0; i < total; i++) {
          const due = start + (i * 1000) / rate;
          const wait = due - performance.now();
          if (wait > 1) await sleep(wait);
          if (inFlight >= maxInFlight) {
            skipped++;
            continue;
          }
          inFlight++;
          const spot = spots[i % spots.length]!;
          const t = performance.now();
          posts.push(
            commander
              .request(
                'POST',
                '/api/incidents',
                { location: { lon: spot.lon, lat: spot.lat }, category: 'environment', channel: 'patrol', description: `bench ${i}` },
                { 'Idempotency-Key': `bench-${randomUUID()}` },
              )
              .then((res) => {
                answers.push(performance.now() - t);
                if (res.status === 201) sentAt.set((res.body as { id: string }).id, t);
                else failed++;
              })
              .catch(() => void failed++)
              .finally(() => void inFlight--),
          );
        }
        await Promise.all(posts);
        const elapsed = (performance.now() - start) / 1000;
        const { latencies, missing } = await tallyDeliveries(sentAt, received, socketCount, 10_000);
        answers.sort((a, b) => a - b);
        sockets.forEach((s) => s.close());
        console.log(
          `intake-push ${backend.padEnd(8)} ${relay.padEnd(6)} ${String(rate).padStart(4)}/s × ${seconds} s, ${socketCount} sockets: ` +
            `reached ${(sentAt.size / elapsed).toFixed(0)}/s (${sentAt.size} created, ${failed} failed, ${skipped} not sent: ${maxInFlight} in flight), ` +
            `POST→event p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms ` +
            `(POST answered p50 ${percentile(answers, 50).toFixed(0)} ms, p99 ${percentile(answers, 99).toFixed(0)} ms), ${missing} deliveries missing`,
        );
      }
    } finally {
      await server.close();
    }
  }
}
