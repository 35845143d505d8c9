import { createHash } from 'node:crypto';
import type { Db, Queryable } from '../db/db.ts';
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

/** Stores the answer for the key inside the caller's transaction, so the change and its answer commit together. */
type RememberAnswer = (tx: Queryable, answer: StoredResponse) => Promise<void>;

/** Thrown inside the work's transaction when a concurrent request with the key committed first: it rolls this one back. */
class KeyTaken extends Error {}

/**
 * Runs `work` once per (caller, key): the same key and body replays the stored answer, the same
 * key with another body is a 422, and a missing or weak key is a 400. The key is written only with
 * its answer, in the transaction of the change (`remember`), so a request that fails or a server
 * that dies mid-request leaves no key behind and the client's retry simply runs again; two
 * concurrent requests with one key make one change, and the second replays the first's answer.
 */
export async function withIdempotency(
  db: Db,
  caller: string,
  key: string | undefined,
  body: unknown,
  work: (remember: RememberAnswer) => Promise<StoredResponse>,
): Promise<StoredResponse> {
  if (!key) throw invalidParameter('Idempotency-Key', '缺少 Idempotency-Key 请求头', 'the Idempotency-Key header is required');
  if (!KEY_PATTERN.test(key))
    throw invalidParameter('Idempotency-Key', '应为 16 到 200 个字母、数字或 _.:-', 'expected 16 to 200 letters, digits or _.:-');
  const userKey = `${caller}:${key}`;
  const print = fingerprint(body);
  const stored = await storedAnswer(db, userKey, print);
  if (stored) return stored;
  try {
    return await work(async (tx, answer) => {
      const [row] = await tx.query(sql.STORE_IDEMPOTENT_ANSWER, [userKey, print, answer.status, JSON.stringify(answer.body)]);
      if (!row) throw new KeyTaken();
    });
  } catch (err) {
    if (!(err instanceof KeyTaken)) throw err;
    const answer = await storedAnswer(db, userKey, print);
    if (!answer) throw err;
    return answer;
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
