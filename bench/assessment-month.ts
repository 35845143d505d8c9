import os from 'node:os';
import { signIn } from '../server/cli/api-session.ts';
import { monthRange } from '../server/assessment/assessment-service.ts';
import * as sql from '../server/assessment/assessment-sql.ts';
import { lastWholeMonth, currentMonth } from '../client/review/review-table.ts';
import { benchArgs, percentile } from './bench-db.ts';
import { BENCH_PASSWORD, countyServer } from './bench-server.ts';

const line = (label: string, times: number[]) => {
  const s = [...times].sort((a, b) => a - b);
  return `${label.padEnd(34)} p50 ${percentile(s, 50).toFixed(0).padStart(6)} ms, p99 ${percentile(s, 99).toFixed(0).padStart(6)} ms (${s.length} runs)`;
};

/**
 * `npm run bench -- assessment-month [--days 45] [--runs 20]` (PostGIS server; the county, 2,425
 * grids, with `days` of history at its rate, so the last whole month is complete): the first
 * reading of last month, which freezes every level and worker; frozen readings of it at each
 * level; the running month computed live; and the grid level's figures statement alone.
 */
export async function run(argv: string[]): Promise<void> {
  const args = benchArgs(argv);
  const days = Number(args.get('days') ?? 45);
  const runs = Number(args.get('runs') ?? 20);
  const started = performance.now();
  const { server, written } = await countyServer('assessment-month', days);
  try {
    console.log(`${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${new Date().toISOString().slice(0, 10)}`);
    console.log(`county with ${written} incidents over ${days} days loaded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    const commander = await signIn(server.url, 'bench', BENCH_PASSWORD);
    const last = lastWholeMonth(new Date());
    const now = currentMonth(new Date());
    const [inMonth] = await server.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM incidents WHERE created_at >= $1 AND created_at < $2',
      [monthRange(last).from, monthRange(last).to],
    );
    console.log(`${last}: ${inMonth!.n} incidents`);
    const get = async (month: string, level: string) => {
      const t = performance.now();
      const res = await commander.request('GET', `/api/assessment?month=${month}&level=${level}`);
      if (res.status !== 200) throw new Error(`${month} ${level}: ${res.status} ${JSON.stringify(res.body)}`);
      return { ms: performance.now() - t, cells: (res.body as { cells: unknown[] }).cells.length };
    };
    const first = await get(last, 'grid');
    console.log(`first reading of ${last} (freezes 3 levels and the workers): ${first.ms.toFixed(0)} ms, ${first.cells} grids`);
    for (const level of ['grid', 'community', 'township']) {
      const times: number[] = [];
      for (let i = 0; i < runs; i++) times.push((await get(last, level)).ms);
      console.log(line(`${last} frozen, ${level}`, times));
    }
    const live: number[] = [];
    for (let i = 0; i < Math.max(3, Math.round(runs / 4)); i++) live.push((await get(now, 'grid')).ms);
    console.log(line(`${now} live, grid`, live));
    const range = monthRange(last);
    const [root] = await server.db.query<{ path: string }>('SELECT path FROM grids WHERE parent_code IS NULL');
    const bare: number[] = [];
    for (let i = 0; i < Math.max(3, Math.round(runs / 4)); i++) {
      const t = performance.now();
      await server.db.query(sql.CELL_FIGURES, ['grid', root!.path, range.from, range.to, range.to, 'grid', 'community']);
      bare.push(performance.now() - t);
    }
    console.log(line(`${last} figures statement alone, grid`, bare));
  } finally {
    await server.close();
  }
}
