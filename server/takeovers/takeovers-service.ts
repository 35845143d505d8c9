import { auditParams, auditSuccess } from '../audit/audit.ts';
import { can } from '../auth/permissions.ts';
import type { Viewer } from '../auth/scope.ts';
import type { ClientInfo } from '../auth/sessions.ts';
import type { Db, Queryable } from '../db/db.ts';
import { AppError } from '../http/app-error.ts';
import { takeoverView, type TakeoverRow } from './takeover-view.ts';
import { DEFAULT_EMERGENCY_LIMITS, type EmergencyLimits, type MarkedMilestone, type TakeoverList } from './takeovers-contract.ts';
import * as sql from './takeovers-sql.ts';

/** The most takeovers a wall is sent at once; the list says how many there are in all. */
const SHOWN = 20;

/** The emergency targets in minutes (an audited setting). */
export async function readEmergencyLimits(q: Queryable): Promise<EmergencyLimits> {
  const [row] = await q.query<{ limits: EmergencyLimits }>(sql.SELECT_EMERGENCY_LIMITS);
  return { ...DEFAULT_EMERGENCY_LIMITS, ...row?.limits };
}

/**
 * Saves the emergency targets with their audit entry; running countdowns follow at once (they are
 * computed, not stored), and every wall with an open takeover is told to read it again.
 */
export async function saveEmergencyLimits(db: Db, viewer: Viewer, limits: EmergencyLimits, client: ClientInfo): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(sql.UPDATE_EMERGENCY_LIMITS, [JSON.stringify(limits)]);
    await tx.query(sql.ANNOUNCE_OPEN_TAKEOVERS);
    await auditSuccess(tx, viewer, client, 'settings.emergency_limits', ['settings', 'emergency_limits'], { ...limits });
  });
}

/**
 * Raises the takeover of the cell an incident was escalated to, in the escalation's transaction,
 * so the wall of that level is taken over exactly when the case becomes its own.
 */
export async function raiseOnEscalation(tx: Queryable, incidentId: string, areaCode: string): Promise<void> {
  await tx.query(sql.RAISE_ESCALATED, [incidentId, areaCode]);
}

/** The open takeovers of the viewer's own wall: its area's, not those of the cells below it (their walls show them). */
export async function listTakeovers(db: Db, viewer: Viewer): Promise<TakeoverList> {
  const [rows, [count], limits] = await Promise.all([
    db.query<TakeoverRow>(sql.SELECT_OPEN_FOR_AREA, [viewer.areaCode, SHOWN, viewer.areaPath]),
    db.query<{ n: number }>(sql.COUNT_OPEN_FOR_AREA, [viewer.areaCode]),
    readEmergencyLimits(db),
  ]);
  const showPeople = can(viewer.role, 'people:read');
  return { takeovers: rows.map((r) => takeoverView(r, limits, showPeople)), total: count!.n };
}

/** A takeover of the viewer's own wall, or 404 (one of another wall is not said to exist). */
async function findTakeover(q: Queryable, viewer: Viewer, id: string) {
  const [row] = await q.query<{ id: string; version: number; incidentId: string; acknowledgedAt: Date | null }>(sql.SELECT_TAKEOVER, [
    id,
    viewer.areaCode,
  ]);
  if (!row) throw new AppError(404, 'takeover_not_found', { id });
  return row;
}

/**
 * Acknowledges a takeover as seen at `version`: the wall gives the space back. One statement
 * writes the acknowledgement, the outbox row and the audit entry; acknowledged first by someone
 * else or changed since it was seen (re-raised by an escalation) is a 409 that changes nothing.
 */
export async function acknowledgeTakeover(db: Db, viewer: Viewer, id: string, version: number, client: ClientInfo): Promise<void> {
  const found = await findTakeover(db, viewer, id);
  const refuse = async () => {
    const [now] = await db.query<{ by: string | null }>(sql.SELECT_ACKNOWLEDGER, [id]);
    if (now?.by) throw new AppError(409, 'takeover_acknowledged', { by: now.by });
    throw new AppError(409, 'takeover_changed', {}, 'version');
  };
  if (found.acknowledgedAt || found.version !== version) return refuse();
  const params = [
    id,
    version,
    viewer.userId,
    viewer.displayName,
    ...auditParams({
      action: 'takeover.acknowledge',
      outcome: 'success',
      viewer,
      objectType: 'takeover',
      ip: client.ip,
      detail: { incidentId: found.incidentId },
    }),
  ];
  if ((await db.query(sql.ACKNOWLEDGE, params)).length === 0) return refuse();
}

/** Marks an emergency milestone of the takeover's incident done, audited, and tells every wall showing it. */
export async function markMilestone(db: Db, viewer: Viewer, id: string, milestone: MarkedMilestone, client: ClientInfo): Promise<void> {
  const found = await findTakeover(db, viewer, id);
  await db.transaction(async (tx) => {
    const marked = await tx.query(sql.MARK_MILESTONE, [found.incidentId, milestone, viewer.userId, viewer.displayName]);
    if (marked.length === 0) throw new AppError(409, 'milestone_done', { milestone }, 'milestone');
    await auditSuccess(tx, viewer, client, 'takeover.milestone', ['incident', found.incidentId], { milestone, takeoverId: id });
  });
}
