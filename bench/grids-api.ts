import os from 'node:os';
import path from 'node:path';
import { generateDistrict } from '../geodata/generate.ts';
import type { ScaleName } from '../geodata/scales.ts';
import { loadConfig, PROJECT_ROOT } from '../server/config.ts';
import { migrate } from '../server/db/migrate.ts';
import { startServer } from '../server/main.ts';
import { loadDistrict } from '../server/seed/load-district.ts';
import { benchArgs, freshBenchDatabaseUrl, percentile } from './bench-db.ts';
import { openPgDb } from '../server/db/pg-db.ts';
import { hashPassword } from '../server/auth/passwords.ts';

const REQUESTS = 200;
const BENCH_PASSWORD = 'bench password 2026';

async function timeRequests(url: string, n: number, cookie = ''): Promise<{ p50: number; p99: number; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const res = await fetch(url, { headers: cookie ? { Cookie: cookie } : {} });
    const body = await res.arrayBuffer();
    times.push(performance.now() - t);
    if (!res.ok) throw new Error(`${url} answered ${res.status}`);
    bytes = body.byteLength;
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), bytes };
}

/**
 * `npm run bench -- grids-api [--scale demo|county] [--requests 200]`: GET /api/grids for each
 * level on a PostGIS server, p50/p99 over sequential requests and the response size, with the
 * health endpoint timed in the same run as the baseline the ratios refer to.
 */
export async function run(argv: string[]): Promise<void> {
  const args = benchArgs(argv);
  const scales = (args.get('scale') ?? 'demo,county').split(',') as ScaleName[];
  const n = Number(args.get('requests') ?? REQUESTS);
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);
  for (const scale of scales) {
    const url = await freshBenchDatabaseUrl(`gridline_bench_api_${scale}`);
    const db = await openPgDb(url);
    await migrate(db, path.join(PROJECT_ROOT, 'migrations'));
    await loadDistrict(db, generateDistrict('gridline', scale));
    await db.close();
    const server = await startServer({ ...loadConfig({}), port: 0, databaseUrl: url, seedScale: 'none' }, () => undefined);
    try {
      // A commander over the whole district, so every request passes the same scope check as in production.
      await server.db.query(
        `INSERT INTO users (username, display_name, password_hash, role, area_code)
         SELECT 'bench', 'bench', $1, 'commander', code FROM grids WHERE parent_code IS NULL`,
        [await hashPassword(BENCH_PASSWORD)],
      );
      const login = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'gridline' },
        body: JSON.stringify({ username: 'bench', password: BENCH_PASSWORD }),
      });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const base = await timeRequests(`${server.url}/api/health`, n);
      console.log(`grids-api ${scale} baseline /api/health: p50 ${base.p50.toFixed(1)} ms, p99 ${base.p99.toFixed(1)} ms`);
      const levels = await server.db.query<{ key: string; n: number }>(
        'SELECT l.key, count(g.*)::int AS n FROM grid_levels l JOIN grids g ON g.level = l.key GROUP BY l.key, l.rank ORDER BY l.rank',
      );
      for (const level of levels) {
        for (const zoom of [null, 12]) {
          const q = `level=${level.key}${zoom === null ? '' : `&zoom=${zoom}`}`;
          const r = await timeRequests(`${server.url}/api/grids?${q}`, n, cookie);
          console.log(
            `grids-api ${scale} ${q.padEnd(24)} ${String(level.n).padStart(5)} cells: p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms ` +
              `(${(r.p50 / base.p50).toFixed(1)}× baseline), ${r.bytes} bytes`,
          );
        }
      }
    } finally {
      await server.close();
    }
  }
}
