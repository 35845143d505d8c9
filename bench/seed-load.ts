import os from 'node:os';
import path from 'node:path';
import { generateDistrict } from '../geodata/generate.ts';
import type { ScaleName } from '../geodata/scales.ts';
import { PROJECT_ROOT } from '../server/config.ts';
import { migrate } from '../server/db/migrate.ts';
import { loadDistrict } from '../server/seed/load-district.ts';
import { benchArgs, openBenchDb, type BenchBackend } from './bench-db.ts';

/**
 * `npm run bench -- seed-load [--scale demo|county] [--backend postgres|pglite]`:
 * time to generate a district and to load it (one transaction, then ANALYZE).
 */
export async function run(argv: string[]): Promise<void> {
  const args = benchArgs(argv);
  const scales = (args.get('scale') ?? 'demo,county').split(',') as ScaleName[];
  const backends = (args.get('backend') ?? 'postgres').split(',') as BenchBackend[];
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);
  for (const backend of backends) {
    for (const scale of scales) {
      const { db } = await openBenchDb(backend, `gridline_bench_load_${scale}`);
      try {
        await migrate(db, path.join(PROJECT_ROOT, 'migrations'));
        let t = performance.now();
        const district = generateDistrict('gridline', scale);
        const generateMs = performance.now() - t;
        t = performance.now();
        await loadDistrict(db, district);
        const loadMs = performance.now() - t;
        console.log(
          `seed-load ${backend} ${scale}: generate ${(generateMs / 1000).toFixed(1)} s, load ${(loadMs / 1000).toFixed(1)} s ` +
            `(${district.cells.length} cells, ${district.blocks.length} blocks, ${district.buildings.length} buildings, ` +
            `${district.households.length} households, ${district.residents.length} residents, ${district.staff.length} staff)`,
        );
      } finally {
        await db.close();
      }
    }
  }
}
