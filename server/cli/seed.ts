import { parseArgs } from 'node:util';
import path from 'node:path';
import { generateDistrict } from '../../geodata/generate.ts';
import type { ScaleName } from '../../geodata/scales.ts';
import { loadConfig, PROJECT_ROOT } from '../config.ts';
import { migrate } from '../db/migrate.ts';
import { openDb } from '../db/open-db.ts';
import { describeStartupError } from '../main.ts';
import { createDemoUsers } from '../auth/bootstrap.ts';
import { loadDistrict, loadedDistrict } from '../seed/load-district.ts';
import { DEFAULT_HISTORY_RATE, loadIncidentHistory, parseHistorySpan } from '../seed/load-history.ts';

const USAGE = `usage: npm run seed -- [--scale demo|county] [--seed TEXT] [--reset] [--history 90d [--rate N]]
  --history SPAN  also write a past of incidents (SPAN: 90d, 12w or 3m) over the loaded district
  --rate N        incidents per 1,000 households a day (default ${DEFAULT_HISTORY_RATE})
  --reset         replace the loaded district (or, with --history alone, the incidents)`;

/** `npm run seed`: generate a district and load it (replacing the loaded one with --reset). */
async function run(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: 'demo' },
      seed: { type: 'string' },
      reset: { type: 'boolean', default: false },
      history: { type: 'string' },
      rate: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return console.log(USAGE);
  if (values.scale !== 'demo' && values.scale !== 'county') throw new Error(`--scale must be demo or county\n${USAGE}`);
  const days = values.history === undefined ? null : parseHistorySpan(values.history);
  const rate = values.rate === undefined ? DEFAULT_HISTORY_RATE : Number(values.rate);
  if (!(rate > 0 && rate <= 1000)) throw new Error(`--rate must be a number above 0 and at most 1000\n${USAGE}`);
  const config = loadConfig();
  const seed = values.seed ?? config.seed;
  const db = await openDb(config);
  try {
    await migrate(db, path.join(PROJECT_ROOT, 'migrations'));
    const loaded = await loadedDistrict(db);
    if (loaded && !values.reset && days === null) {
      console.log(
        `已载入 ${loaded.scale}（seed "${loaded.seed}"）；用 --reset 替换 / a ${loaded.scale} district is loaded; add --reset to replace it`,
      );
      return;
    }
    if (!loaded || values.reset) {
      let t = Date.now();
      const district = generateDistrict(seed, values.scale as ScaleName);
      console.log(
        `generated ${values.scale}: ${district.cells.length} cells, ${district.households.length} households, ${district.residents.length} residents, ${district.staff.length} staff in ${Date.now() - t} ms`,
      );
      t = Date.now();
      await loadDistrict(db, district, { reset: Boolean(loaded) });
      if (values.scale === 'demo') await createDemoUsers(db);
      console.log(`loaded into ${db.backend} in ${Date.now() - t} ms`);
      if (loaded)
        console.log(
          '账户已随旧数据清除；下次启动会创建新的管理员 / accounts were cleared with the old district; the next start creates a new admin',
        );
    }
    if (days !== null) {
      const t = Date.now();
      const written = await loadIncidentHistory(db, {
        seed,
        days,
        ratePer1000: rate,
        reset: values.reset,
        onProgress: (n) => process.stdout.write(`\rwriting history: ${n} incidents`),
      });
      console.log(`\nwrote ${written} past incidents over ${days} days into ${db.backend} in ${Date.now() - t} ms`);
    }
  } finally {
    await db.close();
  }
}

run().catch((err: unknown) => {
  console.error(`seed failed: ${describeStartupError(err)}`);
  process.exit(1);
});
