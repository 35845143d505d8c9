import path from 'node:path';
import { PROJECT_ROOT, type Config } from '../config.ts';
import { knownMigrationLevel } from '../db/migrate.ts';
import { BackupError, readHeader, refusal, type BackupHeader } from './backup-file.ts';
import { backupPglite, restorePglite } from './backup-pglite.ts';
import { backupPostgres, restorePostgres } from './backup-postgres.ts';

type Target = Pick<Config, 'databaseUrl' | 'dataDir'>;

const embedded = (target: Target) => {
  if (target.dataDir.startsWith('memory://'))
    throw new BackupError('内存中的数据库无法备份或恢复 / a database in memory cannot be backed up or restored');
  return target.dataDir;
};

/** Backs up the configured database (PostGIS when DATABASE_URL is set, else the embedded one) into `file`. */
export function backupDatabase(target: Target, file: string): Promise<BackupHeader> {
  return target.databaseUrl ? backupPostgres(target.databaseUrl, file) : backupPglite(embedded(target), file);
}

/**
 * Restores `file` into the configured database after checking, before anything changes, that it is
 * a gridline backup of the same backend at a migration level this code knows. A backup from an
 * older level is restored as it is; the server's start brings it up to date.
 */
export async function restoreDatabase(target: Target, file: string): Promise<{ header: BackupHeader; aside: string | null }> {
  const { header, offset } = await readHeader(file);
  const why = refusal(header, target.databaseUrl ? 'postgres' : 'pglite', await knownMigrationLevel(path.join(PROJECT_ROOT, 'migrations')));
  if (why) throw new BackupError(why);
  if (target.databaseUrl) {
    await restorePostgres(target.databaseUrl, file, header, offset);
    return { header, aside: null };
  }
  return { header, aside: await restorePglite(embedded(target), file, header, offset) };
}
