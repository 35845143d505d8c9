import { createTokenBuckets } from '../http/token-bucket.ts';
import type { SharedRedis } from './shared-redis.ts';

/** Takes a token for a key: 0 when allowed, else the seconds until one is free. */
export interface FloodGuard {
  take(key: string): Promise<number>;
}

/** One process: the buckets in memory. */
export function localFloodGuard(perSecond: number, burst: number): FloodGuard {
  const buckets = createTokenBuckets(perSecond, burst);
  return { take: async (key) => buckets.take(key) };
}

/**
 * The same token bucket kept in Redis, so an account floods no more through three processes than
 * through one: refilled and spent in one script, on Redis's clock, atomically. The bucket expires
 * once it would be full again.
 */
const TAKE = `
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1]) or burst
local at = tonumber(b[2]) or now
tokens = math.min(burst, tokens + (now - at) / 1000 * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = math.max(1, math.ceil((1 - tokens) / rate)) end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return wait`;

/** How long a report waits for Redis's answer before its own process's bucket decides. */
const SHARED_WAIT_MS = 250;

/**
 * Several processes: the buckets in Redis. While Redis is unreachable each process falls back to
 * its own buckets (the limit is then per process, as with one), rather than refusing reports.
 */
export function sharedFloodGuard(redis: SharedRedis, name: string, perSecond: number, burst: number): FloodGuard {
  const local = localFloodGuard(perSecond, burst);
  return {
    async take(key) {
      if (!redis.reachable()) return local.take(key);
      const shared = redis.client.eval(TAKE, {
        keys: [`gridline:${name}:flood:${key}`],
        arguments: [String(perSecond), String(burst)],
      });
      let timer: NodeJS.Timeout | undefined;
      // A Redis that hangs (not refusing, just slow) must not hold a report: past the wait, the local bucket decides.
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), SHARED_WAIT_MS)));
      try {
        const wait = await Promise.race([shared, late]);
        if (wait === 'late') {
          shared.catch(() => undefined);
          return local.take(key);
        }
        return Number(wait);
      } catch {
        return local.take(key);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
