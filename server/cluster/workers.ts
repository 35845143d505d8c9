import cluster, { type Worker } from 'node:cluster';
import type { Config } from '../config.ts';
import { openDb } from '../db/open-db.ts';
import { prepareDatabase, startServer } from '../main.ts';
import { connectRedis, WorkersRefusedError } from './shared-redis.ts';

/** Where Redis is looked for when `--workers` is given without GRIDLINE_REDIS_URL: the local server. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

type Message = { type: 'listening'; url: string };

/**
 * `npm start -- --workers N`: N server processes behind one port (node:cluster hands each new
 * connection to the next worker). The primary checks Redis, prepares the database once
 * (migrations, seed, first administrator), forks the workers and forks again any that dies; it
 * serves nothing itself. Each worker is a whole server (relay, escalation loop, pruning) joined to
 * the others through Redis. Called by the entry script in both roles; in the primary it resolves
 * with the URL once every worker listens.
 */
export async function runWorkers(
  config: Config,
  n: number,
  log: (line: string) => void,
): Promise<{ url: string; stop(): Promise<void> } | null> {
  if (cluster.isWorker) {
    const server = await startServer(config, log, { prepared: true });
    process.send!({ type: 'listening', url: server.url } satisfies Message);
    const stop = () => void server.close().finally(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', () => undefined); // the primary decides when workers stop
    return null;
  }
  if (!config.databaseUrl)
    throw new WorkersRefusedError(
      '多进程运行需要 PostGIS 服务器（DATABASE_URL）：内置数据库只属于一个进程 / several workers need a PostGIS server (DATABASE_URL): the embedded database belongs to one process',
    );
  const redisUrl = config.redisUrl || DEFAULT_REDIS_URL;
  await (await connectRedis(redisUrl, log)).close();
  const db = await openDb(config);
  try {
    await prepareDatabase(db, config, log);
  } finally {
    await db.close();
  }

  let stopping = false;
  const env = (i: number) => ({
    GRIDLINE_WORKERS: String(n),
    GRIDLINE_WORKER: String(i),
    GRIDLINE_REDIS_URL: redisUrl,
    PORT: String(config.port),
  });
  const fork = (i: number): Worker => {
    const worker = cluster.fork(env(i));
    worker.once('exit', (code, signal) => {
      if (stopping) return;
      log(`[workers] worker ${i} exited (${signal ?? code}); starting it again / 工作进程 ${i} 退出，正在重启`);
      fork(i);
    });
    return worker;
  };
  const listening = new Promise<string>((resolve, reject) => {
    let count = 0;
    const onMessage = (_w: Worker, message: Message) => {
      if (message?.type !== 'listening') return;
      if (++count === n) {
        cluster.off('message', onMessage);
        resolve(message.url);
      }
    };
    cluster.on('message', onMessage);
    // A worker that cannot start (a bad setting) would be forked forever: give up on the first start.
    cluster.once('exit', (_w, code) => {
      if (count < n) {
        stopping = true;
        reject(new Error(`a worker exited with code ${code} before the others were listening`));
      }
    });
  });
  for (let i = 1; i <= n; i++) fork(i);
  const url = await listening;
  return {
    url,
    stop: async () => {
      stopping = true;
      const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
      await Promise.all(workers.map((w) => new Promise<void>((resolve) => (w.once('exit', () => resolve()), w.process.kill('SIGTERM')))));
    },
  };
}
