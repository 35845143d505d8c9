import type { Db, Queryable } from '../db/db.ts';
import type {
  BoundaryChange,
  BoundaryEvent,
  IncidentEvent,
  ServerToClientEvents,
  TakeoverChange,
  TakeoverEvent,
  TourChange,
} from './events.ts';
import * as sql from './outbox-sql.ts';

/**
 * What a domain announces: incidents that were created or changed, or a published change set.
 * Takeovers and tours write their outbox rows in their own statements (`TAKEOVER_OUTBOX_FROM`, `INSERT_TOUR_OUTBOX`).
 */
type Announcement =
  { topic: IncidentEvent['topic']; incidentIds: readonly (string | number)[] } | { topic: BoundaryEvent['topic']; changeSetId: number };

/**
 * Writes the outbox rows of an announcement in the caller's transaction, so the event exists
 * exactly when the change it tells of commits. The relay numbers and pushes it later.
 */
export async function announce(tx: Queryable, what: Announcement): Promise<void> {
  if (what.topic === 'boundary.published') await tx.query(sql.INSERT_BOUNDARY_OUTBOX, [what.changeSetId]);
  else if (what.incidentIds.length > 0) await tx.query(sql.INSERT_INCIDENT_OUTBOX, [what.incidentIds, what.topic]);
}

/** One outbox row as read. */
export interface OutboxRow {
  seq: string;
  topic: string;
  gridPath: string;
  basePath: string | null;
  payload: IncidentEvent['incident'] | BoundaryChange | TakeoverChange | TourChange;
}

/** The highest sequence number handed out; a list read after it can be replayed from it without a gap. */
export async function outboxPosition(q: Queryable): Promise<string> {
  return (await q.query<{ seq: string }>(sql.SELECT_MAX_SEQ))[0]!.seq;
}

/** The epoch sequence numbers belong to: numbers of different epochs cannot be compared. */
export async function outboxEpoch(q: Queryable): Promise<string> {
  return (await q.query<{ epoch: string }>(sql.SELECT_EPOCH))[0]!.epoch;
}

/** Rows numbered in one transaction of the stamping lock, so the lock is never held for long. */
const STAMP_BATCH = 1000;

/**
 * Numbers everything pending (a no-op read when nothing is), a batch a transaction. All of it, not
 * one batch: with the relay woken by notifications instead of a steady poll, rows left unnumbered
 * would wait for the next wake-up, which a storm of thousands of rows in one transaction may not bring.
 */
export async function stampOutbox(db: Db): Promise<void> {
  const [row] = await db.query<{ pending: boolean }>(sql.HAS_PENDING);
  if (!row!.pending) return;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      await tx.query(sql.LOCK_STAMPING);
      return (await tx.query<{ n: number }>(sql.STAMP_PENDING, [STAMP_BATCH]))[0]!.n;
    });
    if (n < STAMP_BATCH) return;
  }
}

/** Numbered rows after `after`, oldest first, at most `limit`. */
export const readOutboxAfter = (q: Queryable, after: string, limit: number): Promise<OutboxRow[]> =>
  q.query<OutboxRow>(sql.SELECT_OUTBOX_AFTER, [after, limit]);

/** Numbered rows after `after` that concern an area (its path), oldest first, at most `limit`. */
export const readOutboxForArea = (q: Queryable, after: string, areaPath: string, limit: number): Promise<OutboxRow[]> =>
  q.query<OutboxRow>(sql.SELECT_OUTBOX_FOR_AREA, [after, areaPath, limit]);

/** Anything that emits the server's typed events: a socket, or a broadcast to rooms. */
interface Emitter {
  emit<E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>): boolean;
}

/** Sends an outbox row as the event its topic names. */
export function emitRow(target: Emitter, row: OutboxRow): void {
  const seq = Number(row.seq);
  if (row.topic.startsWith('boundary.'))
    target.emit('boundary:event', { seq, topic: row.topic as BoundaryEvent['topic'], change: row.payload as BoundaryChange });
  else if (row.topic.startsWith('takeover.'))
    target.emit('takeover:event', { seq, topic: row.topic as TakeoverEvent['topic'], takeover: row.payload as TakeoverChange });
  else if (row.topic === 'tour.changed') target.emit('tour:event', { seq, topic: 'tour.changed', tour: row.payload as TourChange });
  else
    target.emit('incident:event', {
      seq,
      topic: row.topic as IncidentEvent['topic'],
      incident: row.payload as IncidentEvent['incident'],
    });
}
