import cluster, { type Worker } from 'node:cluster';
import type { Config } from '../config.ts';
import { openDb } from '../db/open-db.ts';
import { prepareDatabase, startServer } from '../main.ts';
import { connectRedis, WorkersRefusedError } from './shared-redis.ts';

/** Where Redis is looked for when `--workers` is given without GRIDLINE_REDIS_URL: the local server. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

type Message = { type: 'listening'; url: string };

/** A worker that dies within this long of its fork counts as a quick death (a fault that comes back). */
const QUICK_DEATH_MS = 10_000;
/** The longest wait before a worker that keeps dying is forked again. */
const MAX_RESPAWN_WAIT_MS = 30_000;

/**
 * How long to wait before forking again a worker that lived `livedMs` after `failures` quick deaths
 * in a row: one that ran a while is forked at once; one that dies soon after it started (a fault
 * that comes back) after 0.5 s, 1 s, 2 s … up to 30 s, so a broken worker is not forked in a tight loop.
 */
export function respawnWait(livedMs: number, failures: number): { wait: number; quick: boolean } {
  const quick = livedMs < QUICK_DEATH_MS;
  return { wait: quick ? Math.min(MAX_RESPAWN_WAIT_MS, 500 * 2 ** failures) : 0, quick };
}

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
  // Until every worker has listened once, a worker's exit fails the start instead of being retried.
  let started = false;
  const pending = new Set<NodeJS.Timeout>();
  const env = (i: number) => ({
    GRIDLINE_WORKERS: String(n),
    GRIDLINE_WORKER: String(i),
    GRIDLINE_REDIS_URL: redisUrl,
    PORT: String(config.port),
  });
  /** Forks worker i; `failures` counts the quick deaths just before, which lengthen the wait for the next fork. */
  const fork = (i: number, failures = 0): Worker => {
    const born = Date.now();
    const worker = cluster.fork(env(i));
    worker.once('exit', (code, signal) => {
      if (stopping || !started) return;
      const { wait, quick } = respawnWait(Date.now() - born, failures);
      log(`[workers] worker ${i} exited (${signal ?? code}); starting it again in ${wait} ms / 工作进程 ${i} 退出，${wait} 毫秒后重启`);
      const timer = setTimeout(() => {
        pending.delete(timer);
        if (!stopping) fork(i, quick ? failures + 1 : 0);
      }, wait);
      pending.add(timer);
    });
    return worker;
  };
  const all = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());
  const stopAll = async () => {
    stopping = true;
    for (const timer of pending) clearTimeout(timer);
    await Promise.all(all().map((w) => new Promise<void>((resolve) => (w.once('exit', () => resolve()), w.process.kill('SIGTERM')))));
  };
  const listening = new Promise<string>((resolve, reject) => {
    let count = 0;
    const onMessage = (_w: Worker, message: Message) => {
      if (message?.type !== 'listening') return;
      if (++count === n) {
        cluster.off('message', onMessage);
        cluster.off('exit', onEarlyExit);
        started = true;
        resolve(message.url);
      }
    };
    // A worker that cannot start (a bad setting) would be forked forever: the start fails instead,
    // and the workers already up are stopped with it.
    const onEarlyExit = (_w: Worker, code: number) => {
      cluster.off('message', onMessage);
      cluster.off('exit', onEarlyExit);
      void stopAll().then(() => reject(new Error(`a worker exited with code ${code} before the others were listening`)));
    };
    cluster.on('message', onMessage);
    cluster.on('exit', onEarlyExit);
  });
  for (let i = 1; i <= n; i++) fork(i);
  const url = await listening;
  return { url, stop: stopAll };
}
