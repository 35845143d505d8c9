import { createAdapter } from '@socket.io/redis-adapter';
import type { Config } from '../config.ts';
import type { RealtimeServer } from '../realtime/realtime-server.ts';
import { localFloodGuard, sharedFloodGuard, type FloodGuard } from './flood-guard.ts';
import { connectRedis, WorkersRefusedError, type SharedRedis } from './shared-redis.ts';

/** What this process knows of the others serving beside it. */
export interface Cluster {
  /** Processes serving the port (1 alone). */
  workers: number;
  /** This process's number among them, 1-based. */
  worker: number;
  /** The intake flood limit for `name`, shared by every process when Redis is configured. */
  floodGuard(name: string, perSecond: number, burst: number): FloodGuard;
  /** Binds socket.io to the others: sign-outs and revocations then reach sockets on every process. */
  attach(io: RealtimeServer): void;
  /** For /api/health: `degraded` while Redis is configured but unreachable. */
  health(): { workers: number; redis: 'off' | 'ok' | 'unreachable' };
  close(): Promise<void>;
}

/**
 * One process without Redis (the embedded default), or one of several joined through Redis. The
 * outbox needs no Redis: every process's relay reads the shared outbox for its own sockets. Redis
 * carries what crosses processes: socket.io's adapter (disconnecting a session's sockets wherever
 * they are) and the flood limit. Both are kept under `namespace` (the database's epoch), so servers
 * of two databases sharing one Redis (two counties, a test run beside production) never mix: user
 * 5 of one is not user 5 of the other.
 */
export async function openCluster(
  config: Pick<Config, 'redisUrl' | 'workers' | 'worker'>,
  namespace: string,
  log: (line: string) => void,
): Promise<Cluster> {
  if (config.workers > 1 && !config.redisUrl)
    throw new WorkersRefusedError('several workers need Redis (GRIDLINE_REDIS_URL) / 多进程运行需要 Redis');
  const redis: SharedRedis | null = config.redisUrl ? await connectRedis(config.redisUrl, log) : null;
  return {
    workers: config.workers,
    worker: config.worker,
    floodGuard: (name, perSecond, burst) =>
      redis ? sharedFloodGuard(redis, `${namespace}:${name}`, perSecond, burst) : localFloodGuard(perSecond, burst),
    attach(io) {
      if (redis) io.adapter(createAdapter(redis.pub, redis.sub, { key: `gridline:${namespace}` }));
    },
    health: () => ({ workers: config.workers, redis: redis ? (redis.reachable() ? 'ok' : 'unreachable') : 'off' }),
    close: async () => {
      await redis?.close();
    },
  };
}
