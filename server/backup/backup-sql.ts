/** The statements of backup and restore. */

/** Rows of the tables a restore must bring back, to print and to compare. */
export const COUNTS = `
  SELECT (SELECT count(*) FROM grids)::int AS grids, (SELECT count(*) FROM households)::int AS households,
    (SELECT count(*) FROM residents)::int AS residents, (SELECT count(*) FROM incidents)::int AS incidents,
    (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM audit_log)::int AS "auditLog"`;

/** Connections of running gridline servers to this database (not this one). */
export const SERVERS_CONNECTED = `
  SELECT count(*)::int AS n FROM pg_stat_activity
  WHERE datname = current_database() AND application_name = $1 AND pid <> pg_backend_pid()`;

/** pg_dump reads the very snapshot the header's counts were read in. */
export const SNAPSHOT = 'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY';
export const EXPORT_SNAPSHOT = 'SELECT pg_export_snapshot() AS snapshot';

/** Before the dump's own statements: the schema is replaced whole, in the restore's one transaction. */
export const REPLACE_SCHEMA = 'DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n';

/**
 * After them: the content must be what the header says (else the whole restore rolls back), and
 * a new epoch tells clients that sequence numbers went back. Sessions stay as they were at the
 * backup, with the accounts they belong to (see docs/decisions.md). The dump leaves search_path
 * empty, hence `public.`.
 */
export const FINISH_RESTORE = (level: number) => `
DO $$ BEGIN
  IF (SELECT coalesce(max(version), 0) FROM public.schema_migrations) <> ${Number(level)} THEN
    RAISE EXCEPTION 'the backup''s content is not at the migration level its header states (${Number(level)})';
  END IF;
END $$;
DO $$ BEGIN
  IF to_regclass('public.database_epoch') IS NOT NULL THEN UPDATE public.database_epoch SET epoch = gen_random_uuid(); END IF;
END $$;
`;
