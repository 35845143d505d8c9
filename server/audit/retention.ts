import type { Db } from '../db/db.ts';
import { recordAudit } from './audit.ts';
import { DELETE_BEFORE_CUTOFF, SELECT_RETENTION_DAYS, SET_PRUNE_CUTOFF } from './audit-sql.ts';

/** Default retention of the audit trail: 180 days, the MLPS (等保) baseline of six months. */
export const DEFAULT_RETENTION_DAYS = 180;

/**
 * Deletes audit entries older than the retention setting, in one transaction
 * whose cut-off the append-only trigger checks, and audits the run itself.
 */
export async function pruneAudit(db: Db, by: { userId: number | null; name: string } | null): Promise<number> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ days: number }>(SELECT_RETENTION_DAYS);
    const days = row?.days ?? DEFAULT_RETENTION_DAYS;
    await tx.query(SET_PRUNE_CUTOFF, [days]);
    const deleted = await tx.query<{ id: string }>(`${DELETE_BEFORE_CUTOFF} RETURNING id`);
    await recordAudit(tx, {
      action: 'audit.prune',
      outcome: 'success',
      viewer: by ?? { userId: null, name: 'system' },
      detail: { retentionDays: days, deleted: deleted.length },
    });
    return deleted.length;
  });
}

/** Runs the pruning job every `everyMs`; returns a stop function. */
export function schedulePruning(db: Db, everyMs: number, log: (line: string) => void): () => void {
  const timer = setInterval(() => {
    pruneAudit(db, null).catch((err: Error) => log(`[audit] pruning failed: ${err.message}`));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
