import { loadConfig } from '../config.ts';
import { describeStartupError, startServer } from '../main.ts';
import { ensureClientBuilt } from './client-build.ts';

/** `npm start`: build the client if needed, then run the server on the configured database. */
async function run(): Promise<void> {
  const config = loadConfig();
  await ensureClientBuilt(config.clientDir, console.log);
  console.log(
    config.databaseUrl
      ? '使用 PostGIS 服务器 / using the PostGIS server in DATABASE_URL'
      : `使用内置数据库 / using the embedded database in ${config.dataDir}`,
  );
  const server = await startServer(config);
  console.log(`\n  网格化指挥中心 gridline 已启动 / dashboard ready:  ${server.url}\n`);
  const stop = (): void => {
    void server.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

run().catch((err: unknown) => {
  console.error(`gridline 无法启动 / cannot start: ${describeStartupError(err)}`);
  process.exit(1);
});
