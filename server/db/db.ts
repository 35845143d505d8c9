/** Something that runs SQL with `$n` parameters and returns rows. */
export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs a script of several statements without parameters (migrations, seeding). */
  exec(script: string): Promise<void>;
}

/**
 * The database port. Two adapters implement it (embedded PGlite and a PostGIS
 * server through pg); nothing above this interface knows which one runs.
 */
export interface Db extends Queryable {
  readonly backend: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Calls `onNotify` for every notification on `channel` (LISTEN), and once more whenever the
   * listening connection is (re)established, since notifications sent while it was down are lost.
   * Returns the function that stops listening.
   */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** A failure to open or reach the database, with a one-line message for the operator. */
export class DbUnavailableError extends Error {
  override name = 'DbUnavailableError';
}
