import os from 'node:os';
import pg from 'pg';
import * as sql from '../server/boundaries/validate-sql.ts';
import { AREA_TOLERANCE_M2, SLIVER_M2 } from '../server/boundaries/boundaries-contract.ts';
import { benchArgs, percentile } from './bench-db.ts';
import { addFixtureArea } from './boundary-area.ts';
import { nudged } from './boundary-fixture.ts';
import { benchServer } from './bench-server.ts';

/**
 * `npm run bench -- boundary-validate [--n 200]`: the authoritative checks of a 1,000-vertex cell
 * among 12 neighbours (POST /api/boundaries/validate: structural read, ST_IsValid, outside, overlaps,
 * gaps with households, slivers) on the PostGIS server, p50/p99 over sequential requests, against
 * the same two PostGIS statements (validity, then the four relations in one) run bare on a pg
 * connection in the same run.
 */
export async function run(argv: string[]): Promise<void> {
  const args = benchArgs(argv);
  const n = Number(args.get('n') ?? 200);
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);
  const { server, url } = await benchServer('postgres', 'gridline_bench_boundaries');
  // Like the server's own pool (server/db/pg-db.ts): no JIT.
  const pool = new pg.Pool({ connectionString: url, max: 1, options: '-c jit=off' });
  try {
    const area = await addFixtureArea(server);
    const edits = Array.from({ length: n + 20 }, (_, i) => nudged(area.fixture.centre, i * 37, i));
    const api: number[] = [];
    const bare: number[] = [];
    let invalid = 0;
    for (const [i, geometry] of edits.entries()) {
      const t0 = performance.now();
      const res = await area.operator.request('POST', '/api/boundaries/validate', {
        parentCode: area.parent,
        cells: [{ code: area.centre, geometry }],
      });
      const t1 = performance.now();
      if (res.status !== 200) throw new Error(`validate answered ${res.status}: ${JSON.stringify(res.body)}`);
      if (!(res.body as { valid: boolean }).valid) invalid++;
      const records = JSON.stringify([{ code: area.centre, action: 'update', geometry: JSON.stringify(geometry) }]);
      const t2 = performance.now();
      await pool.query(sql.VALIDITY, [records]);
      await pool.query(sql.RELATIONS, [records, area.parent, AREA_TOLERANCE_M2, SLIVER_M2]);
      const t3 = performance.now();
      // The first requests warm connections and plans on both paths.
      if (i >= 20) {
        api.push(t1 - t0);
        bare.push(t3 - t2);
      }
    }
    api.sort((a, b) => a - b);
    bare.sort((a, b) => a - b);
    const [a50, a99, b50, b99] = [percentile(api, 50), percentile(api, 99), percentile(bare, 50), percentile(bare, 99)];
    console.log(
      `boundary-validate postgres 1,000-vertex cell among 12 neighbours, ${n} requests (${invalid} reported invalid): ` +
        `API p50 ${a50.toFixed(1)} ms, p99 ${a99.toFixed(1)} ms; bare PostGIS p50 ${b50.toFixed(1)} ms, p99 ${b99.toFixed(1)} ms; ratio p50 ${(a50 / b50).toFixed(2)}`,
    );
  } finally {
    await pool.end();
    await server.close();
  }
}
