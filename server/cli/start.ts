import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { runWorkers } from '../cluster/workers.ts';
import { describeStartupError, startServer } from '../main.ts';
import { ensureClientBuilt } from './client-build.ts';

const USAGE = 'usage: npm start [-- --workers N]   (N > 1 needs DATABASE_URL and Redis: GRIDLINE_REDIS_URL, default the local one)';

/** `npm start [-- --workers N]`: build the client if needed, then serve on the configured database. */
async function run(): Promise<void> {
  const config = loadConfig();
  if (cluster.isWorker) {
    await runWorkers(config, config.workers, console.log);
    return;
  }
  const { values } = parseArgs({ options: { workers: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) return console.log(USAGE);
  const workers = values.workers === undefined ? config.workers : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new Error(`--workers must be a whole number from 1 to 64\n${USAGE}`);
  await ensureClientBuilt(config.clientDir, console.log);
  console.log(
    config.databaseUrl
      ? '使用 PostGIS 服务器 / using the PostGIS server in DATABASE_URL'
      : `使用内置数据库 / using the embedded database in ${config.dataDir}`,
  );
  const server = workers > 1 ? (await runWorkers(config, workers, console.log))! : await startServer(config);
  console.log(
    `\n  网格化指挥中心 gridline 已启动 / dashboard ready:  ${server.url}${workers > 1 ? `  (${workers} 个进程 / workers)` : ''}\n`,
  );
  const stop = (): void => {
    void ('stop' in server ? server.stop() : server.close()).finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

run().catch((err: unknown) => {
  console.error(`gridline 无法启动 / cannot start: ${describeStartupError(err)}`);
  process.exit(1);
});
