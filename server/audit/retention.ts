import type { Db } from '../db/db.ts';
import { retentionDays } from '../settings/settings-service.ts';
import { recordAudit } from './audit.ts';
import { DELETE_BEFORE_CUTOFF, SET_PRUNE_CUTOFF } from './audit-sql.ts';

/**
 * Deletes audit entries older than the retention setting, in one transaction
 * whose cut-off the append-only trigger checks, and audits the run itself.
 */
export async function pruneAudit(db: Db, by: { userId: number | null; name: string } | null): Promise<number> {
  return db.transaction(async (tx) => {
    const days = await retentionDays(tx);
    await tx.query(SET_PRUNE_CUTOFF, [days]);
    const deleted = await tx.query<{ id: string }>(DELETE_BEFORE_CUTOFF);
    await recordAudit(tx, {
      action: 'audit.prune',
      outcome: 'success',
      viewer: by ?? { userId: null, name: 'system' },
      detail: { retentionDays: days, deleted: deleted.length },
    });
    return deleted.length;
  });
}

/** A pruning task of another domain the job runs beside the audit trail's. */
export interface PruneTask {
  name: string;
  run: (db: Db) => Promise<unknown>;
}

/**
 * Runs the pruning job every `everyMs`: the audit trail past its retention, then each task (old
 * failed sign-ins, abandoned uploads); one failing does not stop the others. Returns a stop function.
 */
export function schedulePruning(db: Db, everyMs: number, log: (line: string) => void, tasks: PruneTask[] = []): () => void {
  const timer = setInterval(() => {
    pruneAudit(db, null).catch((err: Error) => log(`[audit] pruning failed: ${err.message}`));
    for (const task of tasks) task.run(db).catch((err: Error) => log(`[prune] ${task.name} failed: ${err.message}`));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
