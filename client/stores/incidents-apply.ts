import type { IncidentEvent } from '../../server/realtime/events.ts';
import type { IncidentRow } from '../api/incidents.ts';

/** Incidents by id and the highest event sequence applied. */
export interface IncidentState {
  byId: Map<string, IncidentRow>;
  lastSeq: number;
}

/**
 * Closed cases a wall keeps (those it loads at start: the newest 300 reported of the rest). A wall runs for a
 * month and a county closes some 1,300 cases a day: without a bound, every one would stay in memory.
 */
export const KEEP_CLOSED = 300;

/** Drops the closed cases beyond the `keep` most recently reported (in place), as the wall loads them. */
function pruneClosed(byId: Map<string, IncidentRow>, keep: number): void {
  const closed = [...byId.values()].filter((r) => r.status === 'closed');
  if (closed.length <= keep) return;
  closed.sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
  for (const r of closed.slice(keep)) byId.delete(r.id);
}

/**
 * Applies one event: a sequence already applied is ignored (replays can repeat), and an
 * older version never overwrites a newer one; a case closing may push the oldest closed one out
 * (KEEP_CLOSED). Returns a new state when something changed.
 */
export function applyIncidentEvent(state: IncidentState, event: IncidentEvent, keepClosed = KEEP_CLOSED): IncidentState {
  if (event.seq <= state.lastSeq) return state;
  const id = String(event.incident.id);
  const known = state.byId.get(id);
  const byId = new Map(state.byId);
  if (!known || known.version < event.incident.version) {
    byId.set(id, {
      description: known?.description ?? null,
      locatedBy: known?.locatedBy ?? '',
      updatedAt: event.incident.createdAt,
      ...known,
      ...event.incident,
      id,
    });
    if (event.incident.status === 'closed') pruneClosed(byId, keepClosed);
  }
  return { byId, lastSeq: event.seq };
}
