import { createServer, type Server } from 'node:http';
import type { Express } from 'express';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { generateDistrict } from '../geodata/generate.ts';
import { loadConfig, PROJECT_ROOT, type Config } from './config.ts';
import { DbUnavailableError, type Db } from './db/db.ts';
import { migrate, MigrationError } from './db/migrate.ts';
import { DataDirBusyError } from './db/data-dir-lock.ts';
import { openDb } from './db/open-db.ts';
import { openCluster, type Cluster } from './cluster/cluster.ts';
import { outboxEpoch } from './realtime/outbox.ts';
import { createRecentRows } from './realtime/recent-rows.ts';
import { RedisUnavailableError, WorkersRefusedError } from './cluster/shared-redis.ts';
import { createDemoUsers, ensureAdmin } from './auth/bootstrap.ts';
import { schedulePruning } from './audit/retention.ts';
import { pruneLoginFailures } from './auth/sign-in.ts';
import { pruneStaleUploads } from './boundaries/files-service.ts';
import { pruneStaleImports } from './people/import/import-service.ts';
import { createApp } from './create-app.ts';
import { scheduleEscalation } from './dispatch/escalation.ts';
import { startOutboxRelay } from './realtime/outbox-relay.ts';
import { createSessionHub } from './realtime/session-hub.ts';
import type { RouteSpec } from './http/route-registry.ts';
import type { RealtimeServer } from './realtime/realtime-server.ts';
import { createRealtime } from './realtime/socket-server.ts';
import { loadDistrict, loadedDistrict } from './seed/load-district.ts';
import { loadIncidentHistory } from './seed/load-history.ts';
import { fillMissingPlaces } from './basemap/basemap-service.ts';

/** A running gridline server. */
export interface RunningServer {
  url: string;
  db: Db;
  http: Server;
  io: RealtimeServer;
  /** Every API route with its access rule (the cross-area test walks them). */
  routes: RouteSpec[];
  /** The Express app (tests count its routes against `routes`). */
  app: Express;
  close(): Promise<void>;
}

/** Seeds an empty database with the configured demo district; a seeded one is left alone. */
async function ensureSeeded(
  db: Db,
  config: Pick<Config, 'seed' | 'seedScale' | 'seedHistoryDays'>,
  log: (line: string) => void,
): Promise<void> {
  if (config.seedScale === 'none' || (await loadedDistrict(db))) return;
  const started = Date.now();
  log(`正在生成示范区数据 / generating the ${config.seedScale} district (seed "${config.seed}")…`);
  await loadDistrict(db, generateDistrict(config.seed, config.seedScale));
  if (config.seedScale === 'demo') await createDemoUsers(db);
  if (config.seedScale === 'demo' && config.seedHistoryDays > 0) {
    const written = await loadIncidentHistory(db, { seed: config.seed, days: config.seedHistoryDays });
    log(
      `已写入近 ${config.seedHistoryDays} 天的历史事件 ${written} 件 / wrote ${written} past incidents over ${config.seedHistoryDays} days`,
    );
  }
  log(`示范区数据已载入 / district loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Migrations, the demo district when empty, the first administrator: once per database, before serving. */
export async function prepareDatabase(db: Db, config: Config, log: (line: string) => void): Promise<void> {
  await migrate(db, path.join(PROJECT_ROOT, 'migrations'));
  await ensureSeeded(db, config, log);
  await fillMissingPlaces(db);
  const adminPassword = await ensureAdmin(db);
  if (adminPassword) {
    log(`已创建管理员 admin，一次性密码 / created user "admin" with one-time password:  ${adminPassword}`);
    log('首次登录后须修改 / it must be changed at first sign-in; it is not shown again');
  }
}

/**
 * Starts everything: config → db → migrations → seed → app → listen. A worker of several
 * (`prepared`) skips the database's preparation, which the primary process did once for all.
 */
export async function startServer(
  config: Config,
  log: (line: string) => void = console.log,
  { prepared = false }: { prepared?: boolean } = {},
): Promise<RunningServer> {
  const db = await openDb(config);
  let cluster: Cluster;
  try {
    if (!prepared) await prepareDatabase(db, config, log);
    cluster = await openCluster(config, await outboxEpoch(db), log);
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
  const hub = createSessionHub();
  const { app, routes } = createApp(db, config, hub, cluster);
  const http = createServer(app);
  const recent = createRecentRows();
  const io = createRealtime(http, db, config, cluster, recent);
  hub.attach(io);
  const relay = await startOutboxRelay(db, io, config.outboxPollMs, log, { listen: config.outboxListen, recent });
  const stopEscalation = scheduleEscalation(db, config.escalationSeconds * 1000, log);
  const stopPruning = schedulePruning(db, config.auditPruneMinutes * 60_000, log, [
    { name: 'failed sign-ins', run: pruneLoginFailures },
    { name: 'abandoned boundary uploads', run: pruneStaleUploads },
    { name: 'abandoned register uploads', run: pruneStaleImports },
  ]);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, resolve);
  });
  const { port } = http.address() as AddressInfo;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  return {
    url,
    db,
    http,
    io,
    routes,
    app,
    async close() {
      stopPruning();
      await relay.stop();
      stopEscalation();
      await io.close();
      await cluster.close();
      await db.close();
    },
  };
}

/** Prints one clear line for the failures an operator can fix, a stack trace for the rest. */
export function describeStartupError(err: unknown): string {
  if (
    err instanceof DbUnavailableError ||
    err instanceof MigrationError ||
    err instanceof DataDirBusyError ||
    err instanceof RedisUnavailableError ||
    err instanceof WorkersRefusedError
  )
    return err.message;
  if (err instanceof Error && 'code' in err && err.code === 'EADDRINUSE')
    return `the port is already in use (${err.message}); set PORT to another one`;
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  startServer(loadConfig()).then(
    (s) => console.log(`gridline 已启动 / running at ${s.url}`),
    (err) => {
      console.error(`gridline 无法启动 / cannot start: ${describeStartupError(err)}`);
      process.exit(1);
    },
  );
}
