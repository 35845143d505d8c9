import type { IncidentEvent } from '../../server/realtime/events.ts';
import type { IncidentRow } from '../api/incidents.ts';

/** Incidents by id and the highest event sequence applied. */
export interface IncidentState {
  byId: Map<string, IncidentRow>;
  lastSeq: number;
}

/**
 * Applies one event: a sequence already applied is ignored (replays can repeat), and an
 * older version never overwrites a newer one. Returns a new state when something changed.
 */
export function applyIncidentEvent(state: IncidentState, event: IncidentEvent): IncidentState {
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
  }
  return { byId, lastSeq: event.seq };
}
