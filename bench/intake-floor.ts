import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import { auditParams } from '../server/audit/audit.ts';
import { REPORT_INCIDENT } from '../server/incidents/incidents-sql.ts';
import { benchArgs } from './bench-db.ts';
import { benchServer, reportSpots } from './bench-server.ts';
import { keepAliveClient } from './keep-alive-client.ts';

/** Busy CPU seconds of the whole machine (from /proc/stat), or null off Linux. */
function machineBusySeconds(): number | null {
  try {
    const [cpu] = readFileSync('/proc/stat', 'utf8').split('\n');
    const [user, nice, system, , , irq, softirq, steal] = cpu!.trim().split(/\s+/).slice(1).map(Number);
    return (user! + nice! + system! + irq! + softirq! + steal!) / 100;
  } catch {
    return null;
  }
}

/**
 * Starts a CPU account: the returned function gives the seconds this process (server and client)
 * and the rest of the machine (PostgreSQL, mostly) used since. On a machine where both share two
 * cores, the rate is set by CPU per report, so this says where each path spends it.
 */
function cpuSplit(): () => { node: number; rest: number } {
  const own = process.cpuUsage();
  const busy = machineBusySeconds();
  return () => {
    const used = process.cpuUsage(own);
    const node = (used.user + used.system) / 1e6;
    const all = busy === null ? null : machineBusySeconds()! - busy;
    return { node, rest: all === null ? NaN : Math.max(0, all - node) };
  };
}

/** Runs `work(i)` for i < n with `concurrency` at a time; returns the seconds taken. */
async function timed(n: number, concurrency: number, work: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await work(next++);
    }),
  );
  return (performance.now() - start) / 1000;
}

/**
 * `npm run bench -- intake-floor [--n 2000] [--concurrency 16]`: incidents a second through
 * POST /api/incidents (validation, routing, handler, event, outbox, audit, idempotency key) against
 * a plain `INSERT` of the same rows with `pg` at the same concurrency, in one run on the PostGIS
 * server; between them the API's write statement sent directly, which splits the gap into what the
 * database does for a report and what the request around it costs.
 */
export async function run(argv: string[]): Promise<void> {
  const args = benchArgs(argv);
  const n = Number(args.get('n') ?? 2000);
  const concurrency = Number(args.get('concurrency') ?? 16);
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);
  const { server, commander, url } = await benchServer('postgres', 'gridline_bench_floor');
  const spots = await reportSpots(server);
  const pool = new pg.Pool({ connectionString: url, max: concurrency });
  const client = keepAliveClient(server.url, commander, concurrency);
  try {
    const insert = `INSERT INTO incidents (category, colour, channel, status, description, geom, grid_code, located_by, responsible_code)
      VALUES ('environment', 'blue', 'patrol', 'reported', $1, ST_SetSRID(ST_MakePoint($2, $3), 4326), $4, 'contains', $4)`;
    const [bench] = await server.db.query<{ id: number }>("SELECT id FROM users WHERE username = 'bench'");
    const paths: { name: string; one: (i: number, text: string) => Promise<void> }[] = [
      {
        name: 'API',
        one: async (i, text) => {
          const s = spots[i % spots.length]!;
          const res = await client.post(
            '/api/incidents',
            { location: { lon: s.lon, lat: s.lat }, category: 'environment', channel: 'patrol', description: text },
            { 'Idempotency-Key': `floor-${randomUUID()}` },
          );
          if (res.status !== 201) throw new Error(`intake answered ${res.status}`);
        },
      },
      {
        // The API's one write statement alone, sent as the server sends it (prepared): what the
        // five rows of a report cost the database, without HTTP, session, routing or Node's share.
        name: 'its write statement',
        one: async (i, text) => {
          const s = spots[i % spots.length]!;
          await pool.query({
            name: 'floor-write',
            text: REPORT_INCIDENT,
            values: [
              'environment',
              'blue',
              'patrol',
              text,
              s.lon,
              s.lat,
              s.code,
              'contains',
              s.code,
              bench!.id,
              'bench',
              `floor:${randomUUID()}`,
              'fingerprint',
              JSON.stringify({ id: null }),
              ['id'],
              ...auditParams({
                action: 'incident.create',
                outcome: 'success',
                viewer: { userId: bench!.id, name: 'bench' },
                objectType: 'incident',
                ip: '127.0.0.1',
                detail: { category: 'environment', colour: 'blue' },
              }),
            ],
          });
        },
      },
      {
        name: 'bare INSERT',
        one: async (i, text) => {
          const s = spots[i % spots.length]!;
          await pool.query({ name: 'floor-bare', text: insert, values: [text, s.lon, s.lat, s.code] });
        },
      },
    ];
    // Warm every path so none pays for connections or plans in the timed part.
    for (const path of paths) await timed(100, concurrency, (i) => path.one(i, 'warm'));
    const results = [];
    for (const path of paths) {
      const cpu = cpuSplit();
      const seconds = await timed(n, concurrency, (i) => path.one(i, `floor ${i}`));
      results.push({ name: path.name, rate: n / seconds, use: cpu() });
    }
    const [api, write, bare] = results as [(typeof results)[0], (typeof results)[0], (typeof results)[0]];
    console.log(
      `intake-floor postgres ${n} incidents, ${concurrency} at a time: API ${api.rate.toFixed(0)}/s, ` +
        `its write statement alone ${write.rate.toFixed(0)}/s, bare INSERT ${bare.rate.toFixed(0)}/s, ` +
        `ratio ${(api.rate / bare.rate).toFixed(2)} (write alone ${(write.rate / bare.rate).toFixed(2)})`,
    );
    const perReport = (use: { node: number; rest: number }) =>
      `node ${((use.node / n) * 1000).toFixed(2)} ms + the rest of the machine ${((use.rest / n) * 1000).toFixed(2)} ms`;
    console.log(`CPU per report: ${results.map((r) => `${r.name} ${perReport(r.use)}`).join('; ')}`);
  } finally {
    client.close();
    await pool.end();
    await server.close();
  }
}
