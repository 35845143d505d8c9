import { BackupError } from '../backup/backup-file.ts';
import { DataDirBusyError } from '../db/data-dir-lock.ts';
import { DbUnavailableError } from '../db/db.ts';

/** The operator's line for a failed backup or restore: our own errors as they are, anything else with its stack. */
export function describeBackupError(err: unknown): string {
  if (err instanceof BackupError || err instanceof DataDirBusyError || err instanceof DbUnavailableError) return err.message;
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

export const describeCounts = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
