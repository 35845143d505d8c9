import { HANDLER_STEPS, NOTE_REQUIRED, TRANSITIONS, isStatus, type Status } from '../../../server/incidents/incidents-contract.ts';

/** The actions a viewer may offer for an incident in `status`, from the server's own state machine. */
export function actionsFor(status: string, canDispatch: boolean, canHandle: boolean): Status[] {
  if (!isStatus(status)) return [];
  return TRANSITIONS[status].filter((to) => canDispatch || (canHandle && HANDLER_STEPS.has(to)));
}

/** Whether moving to `to` needs a reason. */
export const needsNote = (to: string): boolean => isStatus(to) && NOTE_REQUIRED.has(to);

/** What the incident list is narrowed to; an empty value means any. */
export interface IncidentFilter {
  status: string;
  colour: string;
  category: string;
  channel: string;
}

/** Rows matching every chosen filter, in their order (newest first), at most `limit`. */
export function filterIncidents<T extends { status: string; colour: string; category: string; channel: string }>(
  rows: readonly T[],
  f: IncidentFilter,
  limit = 200,
): T[] {
  return rows
    .filter(
      (r) =>
        (!f.status || r.status === f.status) &&
        (!f.colour || r.colour === f.colour) &&
        (!f.category || r.category === f.category) &&
        (!f.channel || r.channel === f.channel),
    )
    .slice(0, limit);
}

/**
 * The console's keyboard: digits take the action at that position, Escape closes; keys typed
 * into a text field are the field's (except Escape). Returns what to do, or null.
 */
export function shortcutFor<A extends string>(key: string, actions: readonly A[], inField: boolean): { action: A } | 'close' | null {
  if (key === 'Escape') return 'close';
  if (inField) return null;
  const n = Number(key);
  return Number.isInteger(n) && n >= 1 && n <= actions.length ? { action: actions[n - 1]! } : null;
}
