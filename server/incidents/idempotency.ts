import { createHash } from 'node:crypto';
import type { Db } from '../db/db.ts';
import { AppError, invalidParameter } from '../http/app-error.ts';
import * as sql from './incidents-sql.ts';

/** How long a key is remembered (Stripe's 24 h, documented in the README). */
const IDEMPOTENCY_HOURS = 24;

/** Keys must carry enough entropy to be unique per caller: 16–200 URL-safe characters. */
const KEY_PATTERN = /^[A-Za-z0-9_.:-]{16,200}$/;

/** A stored answer. */
interface StoredResponse {
  status: number;
  body: unknown;
}

/** SHA-256 of a JSON value with sorted keys, so key order does not change the fingerprint. */
export function fingerprint(value: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([k, x]) => [k, canonical(x)]),
          )
        : v;
  return createHash('sha256')
    .update(JSON.stringify(canonical(value)))
    .digest('hex');
}

/**
 * The key a request claims: the work writes it with its answer in the statement or transaction of
 * its change, and throws `KeyTaken` when the write found the key already held.
 */
export interface KeyClaim {
  userKey: string;
  fingerprint: string;
}

/** Thrown by the work when another request holds the key: nothing of this one was written. */
export class KeyTaken extends Error {}

/**
 * Runs `work` once per (caller, key): the same key and body replays the stored answer, the same
 * key with another body is a 422, and a missing or weak key is a 400. The key is written only with
 * its answer, in the change's own commit (`claim`), so a request that fails or a server that dies
 * mid-request leaves no key behind and the client's retry simply runs again; two concurrent
 * requests with one key make one change, and the second replays the first's answer.
 * The work runs first and the stored answer is read only when the work was refused or found the
 * key taken: a first request (nearly all of them) pays no extra round trip, and a replay whose
 * body would now be refused (the area changed since) still gets its stored answer.
 */
export async function withIdempotency(
  db: Db,
  caller: string,
  key: string | undefined,
  body: unknown,
  work: (claim: KeyClaim) => Promise<StoredResponse>,
): Promise<StoredResponse> {
  if (!key) throw invalidParameter('Idempotency-Key', '缺少 Idempotency-Key 请求头', 'the Idempotency-Key header is required');
  if (!KEY_PATTERN.test(key))
    throw invalidParameter('Idempotency-Key', '应为 16 到 200 个字母、数字或 _.:-', 'expected 16 to 200 letters, digits or _.:-');
  const claim = { userKey: `${caller}:${key}`, fingerprint: fingerprint(body) };
  // Twice at most: a key found expired is forgotten, and the work then runs once more.
  for (let attempt = 0; ; attempt++) {
    try {
      return await work(claim);
    } catch (err) {
      if (!(err instanceof KeyTaken) && !(err instanceof AppError)) throw err;
      const stored = await storedAnswer(db, claim.userKey, claim.fingerprint);
      if (stored) return stored;
      if (!(err instanceof KeyTaken)) throw err;
      // Held, yet gone when read: forgotten as expired (or by retention) in between.
      if (attempt === 0) continue;
      throw new AppError(409, 'idempotency_in_flight', {}, 'Idempotency-Key');
    }
  }
}

/** The answer stored for a key, a 422 when the key came with another body, or null when there is none (any more). */
async function storedAnswer(db: Db, userKey: string, print: string): Promise<StoredResponse | null> {
  const [row] = await db.query<{ fingerprint: string; statusCode: number | null; response: unknown; expired: boolean }>(
    sql.SELECT_IDEMPOTENCY_KEY,
    [userKey, IDEMPOTENCY_HOURS],
  );
  if (!row) return null;
  if (row.expired || row.statusCode === null) {
    await db.query(sql.DELETE_KEY, [userKey]);
    return null;
  }
  if (row.fingerprint !== print) throw new AppError(422, 'idempotency_mismatch', {}, 'Idempotency-Key');
  return { status: row.statusCode, body: row.response };
}
