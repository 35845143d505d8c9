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

/**
 * Runs `work` once per (caller, key): the same key and body replays the stored answer, the same
 * key with another body is a 422, a key whose first request is still running is a 409, and a
 * missing or weak key is a 400. A failed request releases its key so the client may retry.
 * `work` may store its answer inside its own transaction (`remember`); otherwise it is stored after.
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
  for (let attempt = 0; attempt < 2; attempt++) {
    if ((await db.query(sql.RESERVE_IDEMPOTENCY_KEY, [userKey, print])).length > 0) {
      try {
        let remembered = false;
        const result = await work(async (tx, answer) => {
          await tx.query(sql.COMPLETE_IDEMPOTENCY_KEY, [userKey, answer.status, JSON.stringify(answer.body)]);
          remembered = true;
        });
        if (!remembered) await db.query(sql.COMPLETE_IDEMPOTENCY_KEY, [userKey, result.status, JSON.stringify(result.body)]);
        return result;
      } catch (err) {
        await db.query(sql.RELEASE_IDEMPOTENCY_KEY, [userKey]);
        throw err;
      }
    }
    const [row] = await db.query<{ fingerprint: string; statusCode: number | null; response: unknown; expired: boolean }>(
      sql.SELECT_IDEMPOTENCY_KEY,
      [userKey, IDEMPOTENCY_HOURS],
    );
    if (!row) continue;
    if (row.expired) {
      await db.query(sql.DELETE_EXPIRED_KEY, [userKey]);
      continue;
    }
    if (row.fingerprint !== print) throw new AppError(422, 'idempotency_mismatch', {}, 'Idempotency-Key');
    if (row.statusCode === null) throw new AppError(409, 'idempotency_in_flight', {}, 'Idempotency-Key');
    return { status: row.statusCode, body: row.response };
  }
  throw new AppError(409, 'idempotency_in_flight', {}, 'Idempotency-Key');
}
