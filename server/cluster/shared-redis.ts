import { createClient } from 'redis';

/** Redis could not be reached when the server started: a one-line message for the operator. */
export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
}

/** Several workers asked for without what they need (a PostGIS server, Redis): a one-line message. */
export class WorkersRefusedError extends Error {
  override name = 'WorkersRefusedError';
}

export type RedisClient = ReturnType<typeof createClient>;

/** The Redis connections a server process shares with the others: commands, and the adapter's publish/subscribe pair. */
export interface SharedRedis {
  client: RedisClient;
  pub: RedisClient;
  sub: RedisClient;
  /** Whether the command connection is up now (node-redis reconnects by itself after a loss). */
  reachable(): boolean;
  close(): Promise<void>;
}

const safeUrl = (url: string) => url.replace(/\/\/[^@/]*@/, '//***@');

/**
 * Connects to Redis, refusing to start when it cannot be reached (a cluster silently without
 * fan-out would show walls only their own process's events); after the start, a lost connection
 * is retried every two seconds at most and the server keeps serving meanwhile.
 */
export async function connectRedis(url: string, log: (line: string) => void): Promise<SharedRedis> {
  const probe = createClient({ url, socket: { connectTimeout: 3000, reconnectStrategy: false } });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
  } catch (err) {
    throw new RedisUnavailableError(`cannot reach Redis at ${safeUrl(url)} (${(err as Error).message}) / 无法连接 Redis`);
  } finally {
    await probe.close().catch(() => undefined);
  }
  let lastError = '';
  const make = (role: string) => {
    const c = createClient({
      url,
      socket: { connectTimeout: 3000, reconnectStrategy: (retries: number) => Math.min(200 * (retries + 1), 2000) },
    });
    c.on('error', (err: Error) => {
      // Once per distinct failure, not once per retry.
      if (err.message !== lastError) log(`[redis] ${role} connection: ${err.message}`);
      lastError = err.message;
    });
    c.on('ready', () => (lastError = ''));
    return c;
  };
  const client = make('command');
  const pub = make('publish');
  const sub = make('subscribe');
  await Promise.all([client.connect(), pub.connect(), sub.connect()]);
  return {
    client,
    pub,
    sub,
    reachable: () => client.isReady,
    close: async () => {
      await Promise.all([client, pub, sub].map((c) => c.close().catch(() => undefined)));
    },
  };
}
