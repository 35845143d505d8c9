import { createHash } from 'node:crypto';
import pg from 'pg';
import { DbUnavailableError, type Db, type Queryable } from './db.ts';
import { BEGIN, COMMIT, PING, ROLLBACK } from './db-sql.ts';
import { pgListen } from './pg-listen.ts';

/** How gridline's connections appear in pg_stat_activity. */
export const SERVER_APPLICATION_NAME = 'gridline';

/** Opens a pooled connection to a PostGIS server and checks that it answers. */
export async function openPgDb(url: string): Promise<Db> {
  // No JIT: PostGIS functions carry high cost estimates, so PostgreSQL compiles even a one-row
  // geometry check (220 ms of JIT for a 3 ms query); none of our queries run long enough to repay it.
  // Named, so a restore can tell that a server still uses the database (a URL's own application_name wins).
  const pool = new pg.Pool({
    connectionString: url,
    application_name: SERVER_APPLICATION_NAME,
    max: 8,
    connectionTimeoutMillis: 5000,
    options: '-c jit=off',
  });
  // Without this a server restart would crash Node with an unhandled 'error' event.
  pool.on('error', (err) => console.error(`[db] idle client error: ${err.message}`));
  try {
    await pool.query(PING);
  } catch (err) {
    await pool.end().catch(() => undefined);
    const where = safeUrl(url);
    throw new DbUnavailableError(`cannot reach the database at ${where}: ${(err as Error).message}`);
  }
  const run = async <R>(client: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]): Promise<R[]> =>
    (await client.query({ name: statementName(sql), text: sql, values: params as unknown[] | undefined })).rows as R[];
  return {
    backend: 'postgres',
    query: (sql, params) => run(pool, sql, params),
    async transaction(fn) {
      const client = await pool.connect();
      // Removed again on release: pooled clients are reused, and a listener per transaction would pile up.
      const onError = (err: Error) => console.error(`[db] client error: ${err.message}`);
      client.on('error', onError);
      try {
        await client.query(BEGIN);
        const tx: Queryable = {
          query: (sql, params) => run(client, sql, params),
          exec: async (script) => void (await client.query(script)),
        };
        const result = await fn(tx);
        await client.query(COMMIT);
        return result;
      } catch (err) {
        await client.query(ROLLBACK).catch(() => undefined);
        throw err;
      } finally {
        client.off('error', onError);
        client.release();
      }
    },
    exec: async (script) => void (await pool.query(script)),
    listen: (channel, onNotify) => pgListen(url, SERVER_APPLICATION_NAME, channel, onNotify),
    close: () => pool.end(),
  };
}

const names = new Map<string, string>();

/**
 * A name per SQL text, so each connection prepares a statement once and reuses its plan: the
 * SQL lives in named constants, and for the routing and intake statements planning cost more
 * than running (1.05 ms against 0.38 ms for the routing statement).
 */
function statementName(sql: string): string {
  let name = names.get(sql);
  if (!name) {
    name = `s${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
    names.set(sql, name);
  }
  return name;
}

/** The URL without its password, for messages. */
function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}
