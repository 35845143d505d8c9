import { NOTE_REQUIRED, TRANSITIONS, isStatus } from '../../server/incidents/lifecycle.ts';

/** Steps a handler may take without dispatch rights (the server checks the same rule). */
const HANDLER_STEPS = new Set(['on_site', 'resolved']);

/** The actions a viewer may offer for an incident in `status`, from the server's own state machine. */
export function actionsFor(status: string, canDispatch: boolean, canHandle: boolean): string[] {
  if (!isStatus(status)) return [];
  return TRANSITIONS[status].filter((to) => canDispatch || (canHandle && HANDLER_STEPS.has(to)));
}

/** Whether moving to `to` needs a reason. */
export const needsNote = (to: string): boolean => isStatus(to) && NOTE_REQUIRED.has(to);
