import { randomUUID } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { benchArgs } from './bench-db.ts';
import { benchServer, reportSpots } from './bench-server.ts';

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
 * a plain `INSERT` of the same rows with `pg` at the same concurrency, in one run on the PostGIS server.
 */
export async function run(argv: string[]): Promise<void> {
  const args = benchArgs(argv);
  const n = Number(args.get('n') ?? 2000);
  const concurrency = Number(args.get('concurrency') ?? 16);
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);
  const { server, commander, url } = await benchServer('postgres', 'gridline_bench_floor');
  const spots = await reportSpots(server);
  const pool = new pg.Pool({ connectionString: url, max: concurrency });
  try {
    // Warm both paths so neither pays for connections or plans in the timed part.
    await timed(100, concurrency, async (i) => {
      const s = spots[i % spots.length]!;
      await commander.request(
        'POST',
        '/api/incidents',
        { location: { lon: s.lon, lat: s.lat }, category: 'environment', channel: 'patrol', description: 'warm' },
        { 'Idempotency-Key': `floor-${randomUUID()}` },
      );
    });
    const insert = `INSERT INTO incidents (category, colour, channel, status, description, geom, grid_code, located_by, responsible_code)
      VALUES ('environment', 'blue', 'patrol', 'reported', $1, ST_SetSRID(ST_MakePoint($2, $3), 4326), $4, 'contains', $4)`;
    await timed(100, concurrency, async (i) => {
      const s = spots[i % spots.length]!;
      await pool.query(insert, ['warm', s.lon, s.lat, s.code]);
    });

    const apiSeconds = await timed(n, concurrency, async (i) => {
      const s = spots[i % spots.length]!;
      const res = await commander.request(
        'POST',
        '/api/incidents',
        { location: { lon: s.lon, lat: s.lat }, category: 'environment', channel: 'patrol', description: `floor ${i}` },
        { 'Idempotency-Key': `floor-${randomUUID()}` },
      );
      if (res.status !== 201) throw new Error(`intake answered ${res.status}`);
    });
    const bareSeconds = await timed(n, concurrency, async (i) => {
      const s = spots[i % spots.length]!;
      await pool.query(insert, [`floor ${i}`, s.lon, s.lat, s.code]);
    });
    const api = n / apiSeconds;
    const bare = n / bareSeconds;
    console.log(
      `intake-floor postgres ${n} incidents, ${concurrency} at a time: API ${api.toFixed(0)}/s, bare INSERT ${bare.toFixed(0)}/s, ratio ${(api / bare).toFixed(2)}`,
    );
  } finally {
    await pool.end();
    await server.close();
  }
}
