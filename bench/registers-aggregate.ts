import os from 'node:os';
import path from 'node:path';
import { generateDistrict } from '../geodata/generate.ts';
import { hashPassword } from '../server/auth/passwords.ts';
import { signIn } from '../server/cli/api-session.ts';
import { loadConfig, PROJECT_ROOT } from '../server/config.ts';
import { migrate } from '../server/db/migrate.ts';
import { openPgDb } from '../server/db/pg-db.ts';
import { startServer } from '../server/main.ts';
import { BARE_MEMBERS_BY_GRID, FIGURES_BY_CELL } from '../server/people/registers-sql.ts';
import { STATS_SETTINGS } from '../server/incidents/stats-sql.ts';
import { loadDistrict } from '../server/seed/load-district.ts';
import { benchArgs, percentile } from './bench-db.ts';

const BENCH_PASSWORD = 'bench password 2026';
const DEFAULT_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';

/** p50/p99 of n sequential runs of an async step. */
async function timed(n: number, step: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await step();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

const ms = (r: { p50: number; p99: number }) => `p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms`;

/**
 * `npm run bench -- registers-aggregate [--requests 30] [--reuse]`: the county district (about
 * 245,000 households and their registers) on the PostGIS server, then GET /api/registers/cells
 * per level — all categories and one — as a county commander, p50/p99 over sequential requests,
 * against the very same SQL run bare on a pg connection in the same run, and against the bare
 * key-group count per grid (no roll-up, no households or residents). --reuse keeps a database
 * loaded by an earlier run.
 */
export async function run(argv: string[]): Promise<void> {
  const args = benchArgs(argv);
  const n = Number(args.get('requests') ?? 30);
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);
  const name = 'gridline_bench_registers';
  const serverUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_SERVER;
  const admin = await openPgDb(serverUrl);
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).length > 0;
  if (!args.has('reuse') || !exists) {
    await admin.exec(`DROP DATABASE IF EXISTS "${name}"`);
    await admin.exec(`CREATE DATABASE "${name}"`);
  }
  await admin.close();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openPgDb(url.toString());
  await migrate(db, path.join(PROJECT_ROOT, 'migrations'));
  const [have] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM households');
  if (have!.n === 0) {
    const t = Date.now();
    await loadDistrict(db, generateDistrict('gridline', 'county'));
    console.log(`county district loaded in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  const [size] = await db.query<{ households: number; residents: number; members: number; grids: number }>(
    `SELECT (SELECT count(*) FROM households)::int AS households, (SELECT count(*) FROM residents)::int AS residents,
       (SELECT count(*) FROM key_group_members WHERE until IS NULL)::int AS members,
       (SELECT count(*) FROM grids WHERE level = 'grid')::int AS grids`,
  );
  console.log(
    `database: ${size!.households} households, ${size!.residents} residents, ${size!.members} current key-group members, ${size!.grids} grids`,
  );
  const [root] = await db.query<{ code: string; path: string }>('SELECT code, path::text AS path FROM grids WHERE parent_code IS NULL');
  const [category] = await db.query<{ code: string }>(
    'SELECT category AS code FROM key_group_members GROUP BY category ORDER BY count(*) DESC LIMIT 1',
  );

  const server = await startServer({ ...loadConfig({}), port: 0, databaseUrl: url.toString(), seedScale: 'none' }, () => undefined);
  try {
    await server.db.query(
      `INSERT INTO users (username, display_name, password_hash, role, area_code) VALUES ('bench', 'bench', $1, 'commander', $2)
       ON CONFLICT (username) DO UPDATE SET password_hash = EXCLUDED.password_hash, area_code = EXCLUDED.area_code`,
      [await hashPassword(BENCH_PASSWORD), root!.code],
    );
    const session = await signIn(server.url, 'bench', BENCH_PASSWORD);
    const get = async (p: string) => {
      const res = await fetch(`${server.url}${p}`, { headers: { Cookie: session.cookie } });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`${p} answered ${res.status}: ${text}`);
      return text;
    };
    /** The service runs the SQL inside a read transaction with the stats settings; so does the bare run. */
    const bare = (sql: string, params: unknown[]) =>
      db.transaction(async (tx) => {
        await tx.exec(STATS_SETTINGS);
        return tx.query(sql, params);
      });

    const health = await timed(n, () => get('/api/health'));
    console.log(`registers-aggregate baseline /api/health: ${ms(health)}`);
    const members = await timed(n, () => bare(BARE_MEMBERS_BY_GRID, [root!.path]));
    console.log(`registers-aggregate bare key-group count per grid (no roll-up):        ${ms(members)}`);
    for (const level of ['community', 'grid']) {
      for (const cat of [null, category!.code]) {
        const label = `level=${level}${cat ? `&category=${cat}` : ''}`;
        const first = await get(`/api/registers/cells?${label}`);
        const cells = (JSON.parse(first) as { cells: unknown[] }).cells.length;
        const api = await timed(n, () => get(`/api/registers/cells?${label}`));
        const sqlTime = await timed(n, () => bare(FIGURES_BY_CELL, [root!.path, level, cat]));
        console.log(
          `registers-aggregate ${label.padEnd(45)} ${String(cells).padStart(4)} cells: endpoint ${ms(api)}; same SQL bare ${ms(sqlTime)}; ratio ${(api.p50 / sqlTime.p50).toFixed(2)}× (p50), ${Buffer.byteLength(first)} bytes`,
        );
      }
    }
  } finally {
    await server.close();
    await db.close();
  }
}
