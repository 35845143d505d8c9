import type { Db } from '../db/db.ts';
import type { BoundaryChange, BoundaryEvent, IncidentEvent, ServerToClientEvents } from './events.ts';
import { gridRoom, type RealtimeServer } from './socket-server.ts';

/** Outbox rows after a sequence number, oldest first. */
export const SELECT_OUTBOX_AFTER = `
  SELECT seq::text AS seq, topic, grid_path AS "gridPath", base_path AS "basePath", payload
  FROM outbox WHERE seq > $1::bigint ORDER BY seq LIMIT $2`;

/** Outbox rows after a sequence number that concern a viewer's area ($2 area path), for replay. */
export const SELECT_OUTBOX_FOR_AREA = `
  SELECT seq::text AS seq, topic, grid_path AS "gridPath", base_path AS "basePath", payload
  FROM outbox
  WHERE seq > $1::bigint
    AND ((grid_path = $2 OR grid_path LIKE $2 || '.%') OR (base_path = $2 OR base_path LIKE $2 || '.%'))
  ORDER BY seq LIMIT $3`;

const SELECT_MAX_SEQ = 'SELECT coalesce(max(seq), 0)::text AS seq FROM outbox';

const HAS_PENDING = 'SELECT EXISTS (SELECT 1 FROM outbox WHERE seq IS NULL) AS pending';
/** One lock for stamping across every server process, so stamps commit in the order they number. */
const LOCK_STAMPING = 'SELECT pg_advisory_xact_lock(727401)';
/**
 * Numbers the visible unnumbered rows after the highest number given, in write order. A row still
 * in an open transaction is not visible here and gets a higher number once it commits, so no
 * number is ever handed out below one a relay has already passed.
 */
export const STAMP_PENDING = `
  WITH pending AS (
    SELECT id, row_number() OVER (ORDER BY id) AS n FROM outbox WHERE seq IS NULL ORDER BY id LIMIT 1000
  ),
  base AS (SELECT coalesce(max(seq), 0) AS b FROM outbox)
  UPDATE outbox o SET seq = base.b + pending.n FROM pending, base WHERE o.id = pending.id`;

/** Stamps what is pending (a no-op read when nothing is). */
export async function stampOutbox(db: Db): Promise<void> {
  const [row] = await db.query<{ pending: boolean }>(HAS_PENDING);
  if (!row!.pending) return;
  await db.transaction(async (tx) => {
    await tx.query(LOCK_STAMPING);
    await tx.query(STAMP_PENDING);
  });
}

/** One outbox row as read. */
export interface OutboxRow {
  seq: string;
  topic: string;
  gridPath: string;
  basePath: string | null;
  payload: IncidentEvent['incident'] | BoundaryChange;
}

/** The rooms an outbox row goes to: every cell on the paths of its responsible cell and base grid. */
export function roomsFor(row: Pick<OutboxRow, 'gridPath' | 'basePath'>): string[] {
  const codes = new Set([...row.gridPath.split('.'), ...(row.basePath ? row.basePath.split('.') : [])]);
  return [...codes].map(gridRoom);
}

/** Anything that emits the server's typed events: a socket, or a broadcast to rooms. */
interface Emitter {
  emit<E extends keyof ServerToClientEvents>(event: E, ...args: Parameters<ServerToClientEvents[E]>): boolean;
}

/** Sends an outbox row as the event its topic names. */
export function emitRow(target: Emitter, row: OutboxRow): void {
  const seq = Number(row.seq);
  if (row.topic.startsWith('boundary.'))
    target.emit('boundary:event', { seq, topic: row.topic as BoundaryEvent['topic'], change: row.payload as BoundaryChange });
  else
    target.emit('incident:event', {
      seq,
      topic: row.topic as IncidentEvent['topic'],
      incident: row.payload as IncidentEvent['incident'],
    });
}

/**
 * Stamps and pushes outbox rows to the rooms of the cells they concern. Every server process runs
 * its own relay for its own sockets, reading the shared outbox by sequence, so nothing
 * depends on timers or memory surviving a restart: a client that reconnects replays
 * what it missed from its last sequence number. Polling (not LISTEN) keeps one code path
 * on both backends; the interval bounds the push latency.
 */
export async function startOutboxRelay(
  db: Db,
  io: RealtimeServer,
  intervalMs: number,
  log: (line: string) => void,
): Promise<{ stop(): void; poll(): Promise<void> }> {
  // The position is taken before the server listens, so no row written after start-up is skipped
  // (reading it at the first tick would silently pass over rows written in between).
  let last: string = (await db.query<{ seq: string }>(SELECT_MAX_SEQ))[0]!.seq;
  let running = false;
  const poll = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      await stampOutbox(db);
      for (;;) {
        const rows: OutboxRow[] = await db.query<OutboxRow>(SELECT_OUTBOX_AFTER, [last, 500]);
        for (const row of rows) {
          emitRow(io.to(roomsFor(row)), row);
          last = row.seq;
        }
        if (rows.length < 500) break;
      }
    } catch (err) {
      log(`[outbox] relay failed, retrying: ${(err as Error).message}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void poll(), intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer), poll };
}
