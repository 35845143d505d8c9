import os from 'node:os';
import path from 'node:path';
import { generateDistrict } from '../geodata/generate.ts';
import { hashPassword } from '../server/auth/passwords.ts';
import { loadConfig, PROJECT_ROOT } from '../server/config.ts';
import { migrate } from '../server/db/migrate.ts';
import { openPgDb } from '../server/db/pg-db.ts';
import { startServer } from '../server/main.ts';
import { loadDistrict } from '../server/seed/load-district.ts';
import { loadIncidentHistory } from '../server/seed/load-history.ts';
import { benchArgs, percentile } from './bench-db.ts';

const BENCH_PASSWORD = 'bench password 2026';
const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

async function timeGet(url: string, cookie: string, n: number): Promise<{ p50: number; p99: number; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const res = await fetch(url, { headers: { Cookie: cookie } });
    const body = await res.arrayBuffer();
    times.push(performance.now() - t);
    if (!res.ok) throw new Error(`${url} answered ${res.status}: ${Buffer.from(body).toString()}`);
    bytes = body.byteLength;
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), bytes };
}

/**
 * `npm run bench -- stats-scale [--incidents 1000000] [--days 365] [--requests 30] [--reuse]`:
 * the county district with a year of history on the PostGIS server, then the heat-map hexagons and
 * the KPIs over 30, 90 and 365 days as a county commander sees them, p50/p99 over sequential
 * requests against /api/health in the same run. --reuse keeps a database loaded by an earlier run.
 */
export async function run(argv: string[]): Promise<void> {
  const args = benchArgs(argv);
  const target = Number(args.get('incidents') ?? 1_000_000);
  const days = Number(args.get('days') ?? 365);
  const n = Number(args.get('requests') ?? 30);
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);
  const name = 'gridline_bench_stats';
  const serverUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_SERVER;
  const adminDb = await openPgDb(serverUrl);
  const exists = (await adminDb.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).length > 0;
  if (!args.has('reuse') || !exists) {
    await adminDb.exec(`DROP DATABASE IF EXISTS "${name}"`);
    await adminDb.exec(`CREATE DATABASE "${name}"`);
  }
  await adminDb.close();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openPgDb(url.toString());
  await migrate(db, path.join(PROJECT_ROOT, 'migrations'));
  const [have] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM incidents');
  if (have!.n === 0) {
    let t = Date.now();
    await loadDistrict(db, generateDistrict('gridline', 'county'));
    console.log(`county district loaded in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    t = Date.now();
    const written = await loadIncidentHistory(db, {
      seed: 'gridline',
      days,
      targetCount: target,
      onProgress: (k) => k % 100_000 < 2000 && process.stdout.write(`\r${k} incidents…`),
    });
    await db.exec('ANALYZE incidents; ANALYZE incident_events;');
    console.log(`\n${written} incidents over ${days} days written in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  const [counts] = await db.query<{ incidents: number; events: number }>(
    'SELECT (SELECT count(*) FROM incidents)::int AS incidents, (SELECT count(*) FROM incident_events)::int AS events',
  );
  console.log(`database: ${counts!.incidents} incidents, ${counts!.events} events`);
  await db.close();

  const server = await startServer({ ...loadConfig({}), port: 0, databaseUrl: url.toString(), seedScale: 'none' }, () => undefined);
  try {
    await server.db.query(
      `INSERT INTO users (username, display_name, password_hash, role, area_code)
       SELECT 'bench', 'bench', $1, 'commander', code FROM grids WHERE parent_code IS NULL
       ON CONFLICT (username) DO UPDATE SET password_hash = EXCLUDED.password_hash`,
      [await hashPassword(BENCH_PASSWORD)],
    );
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'gridline' },
      body: JSON.stringify({ username: 'bench', password: BENCH_PASSWORD }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const base = await timeGet(`${server.url}/api/health`, cookie, n);
    console.log(`stats-scale baseline /api/health: p50 ${base.p50.toFixed(1)} ms, p99 ${base.p99.toFixed(1)} ms`);
    const now = Date.now();
    for (const period of [30, 90, 365]) {
      const from = new Date(now - period * 86_400_000).toISOString();
      const to = new Date(now).toISOString();
      for (const [label, path] of [
        ['hexagons arrive', `/api/incidents/stats/hexagons?measure=arrive&size=1000&from=${from}&to=${to}`],
        ['hexagons close ', `/api/incidents/stats/hexagons?measure=close&size=1000&from=${from}&to=${to}`],
        ['kpis           ', `/api/incidents/stats/kpis?from=${from}&to=${to}`],
      ] as const) {
        const r = await timeGet(`${server.url}${path}`, cookie, n);
        console.log(
          `stats-scale ${String(period).padStart(3)} days ${label}: p50 ${r.p50.toFixed(0)} ms, p99 ${r.p99.toFixed(0)} ms (${(r.p50 / base.p50).toFixed(0)}× baseline), ${r.bytes} bytes`,
        );
      }
    }
  } finally {
    await server.close();
  }
}
