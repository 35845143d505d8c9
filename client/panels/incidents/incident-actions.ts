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
  /** A status, or OVERDUE_ONLY for every case past its step's limit. */
  status: string;
  colour: string;
  category: string;
  channel: string;
}

/** The status filter's value for overdue cases of any status. */
export const OVERDUE_ONLY = 'overdue';

/** Rows matching every chosen filter, in their order (newest first): all of them, the list renders them page by page. */
export function filterIncidents<T extends { status: string; colour: string; category: string; channel: string; overdue?: boolean }>(
  rows: readonly T[],
  f: IncidentFilter,
): T[] {
  return rows.filter(
    (r) =>
      (!f.status || (f.status === OVERDUE_ONLY ? r.overdue === true && r.status !== 'closed' : r.status === f.status)) &&
      (!f.colour || r.colour === f.colour) &&
      (!f.category || r.category === f.category) &&
      (!f.channel || r.channel === f.channel),
  );
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
