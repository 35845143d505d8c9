import type { Db } from '../db/db.ts';
import { INSERT_EVENT } from '../incidents/incidents-sql.ts';
import { announce } from '../realtime/outbox.ts';
import { raiseOnEscalation } from '../takeovers/takeovers-service.ts';
import type { Status } from '../incidents/lifecycle.ts';
import * as sql from './escalation-sql.ts';

/** Statuses from which an overdue case climbs a level; resolved and verified cases are only flagged. */
const CLIMBS: ReadonlySet<Status> = new Set(['reported', 'accepted', 'dispatched', 'on_site', 'returned', 'escalated']);

/** What one run of the loop did. */
interface EscalationRun {
  escalated: string[];
  flagged: string[];
}

/**
 * One pass of the dispatcher loop at clock `now`: every open incident past its step deadline
 * is escalated one level (grid → community → township → county) with an event, an outbox row
 * and the takeover of the new level's walls, or flagged overdue when it cannot climb. All state
 * is in the database, so the loop survives restarts, and the version check means two processes never escalate one incident twice.
 */
export async function runEscalation(db: Db, now: Date, batch = 200): Promise<EscalationRun> {
  return db.transaction(async (tx) => {
    const due = await tx.query<{ id: string; status: Status; version: number; colour: string; parentCode: string | null }>(sql.SELECT_DUE, [
      now.toISOString(),
      batch,
    ]);
    const run: EscalationRun = { escalated: [], flagged: [] };
    for (const i of due) {
      if (CLIMBS.has(i.status) && i.parentCode) {
        const [limit] = await tx.query<{ minutes: number }>(sql.ACCEPT_MINUTES, [i.colour]);
        if ((await tx.query(sql.ESCALATE, [now.toISOString(), i.id, i.version, i.parentCode, limit!.minutes])).length === 0) continue;
        await tx.query(INSERT_EVENT, [
          i.id,
          null,
          '系统',
          i.status,
          'escalated',
          '超过时限，自动上报上一级 / overdue, escalated one level',
          null,
        ]);
        await announce(tx, { topic: 'incident.changed', incidentIds: [i.id] });
        await raiseOnEscalation(tx, i.id, i.parentCode);
        run.escalated.push(i.id);
      } else {
        if ((await tx.query(sql.MARK_OVERDUE, [now.toISOString(), i.id, i.version])).length === 0) continue;
        await announce(tx, { topic: 'incident.changed', incidentIds: [i.id] });
        run.flagged.push(i.id);
      }
    }
    return run;
  });
}

/** Runs the loop every `everyMs` on the real clock; returns a stop function. */
export function scheduleEscalation(db: Db, everyMs: number, log: (line: string) => void): () => void {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    runEscalation(db, new Date())
      .catch((err: Error) => log(`[dispatch] escalation failed, retrying: ${err.message}`))
      .finally(() => (busy = false));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
