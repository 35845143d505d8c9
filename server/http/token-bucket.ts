import type { FloodGuard } from '../cluster/flood-guard.ts';
import { AppError } from './app-error.ts';

/**
 * Per-key token buckets in memory: each key earns `perSecond` tokens up to `burst` and spends one
 * per request. In memory on purpose: it protects this process from one flooding client without a
 * database write per request; several processes share theirs in Redis (cluster/flood-guard.ts).
 */
export function createTokenBuckets(perSecond: number, burst: number, clock: () => number = Date.now) {
  const buckets = new Map<string, { tokens: number; at: number }>();

  /** Drops full buckets now and then, so a thousand one-off callers do not stay in memory. */
  function sweep(now: number): void {
    if (buckets.size < 10_000) return;
    for (const [key, b] of buckets) if (b.tokens + ((now - b.at) / 1000) * perSecond >= burst) buckets.delete(key);
  }

  return {
    /** Takes a token for `key`: 0 when allowed, else the seconds until one is free. */
    take(key: string): number {
      const now = clock();
      const b = buckets.get(key) ?? { tokens: burst, at: now };
      b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond);
      b.at = now;
      buckets.set(key, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      sweep(now);
      return Math.max(1, Math.ceil((1 - b.tokens) / perSecond));
    },
  };
}

/** One account may not flood intake: a 429 with Retry-After, before anything is read or written. */
export async function refuseFlood(guard: FloodGuard, viewer: { userId: number | null; name: string }): Promise<void> {
  const wait = await guard.take(String(viewer.userId ?? viewer.name));
  if (wait > 0) throw new AppError(429, 'intake_rate_limited', { seconds: wait }, undefined, { 'Retry-After': String(wait) });
}
