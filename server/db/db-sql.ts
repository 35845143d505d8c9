/** The statements of the database layer itself: the opening ping, transaction control and the migration ledger. */

/** Answers when the database is reachable. */
export const PING = 'SELECT 1';

export const BEGIN = 'BEGIN';
export const COMMIT = 'COMMIT';
export const ROLLBACK = 'ROLLBACK';

/** LISTEN takes no parameters: the channel is one of ours, checked to be a plain identifier. */
export const LISTEN = (channel: string) => {
  if (!/^[a-z_]+$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
  return `LISTEN ${channel}`;
};

/** The migrations applied so far, with the checksums they were applied with. */
export const SELECT_APPLIED = 'SELECT version, name, checksum FROM schema_migrations ORDER BY version';
/** The migration level of a database: the highest migration applied. */
export const SELECT_LEVEL = 'SELECT coalesce(max(version), 0)::int AS level FROM schema_migrations';
export const INSERT_APPLIED = 'INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)';

/** The ledger of applied migrations, created before the first one runs. */
export const CREATE_LEDGER = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`;
