/** Next statuses the console offers from each status (the server's state machine decides). */
export const NEXT_STEPS: Record<string, readonly string[]> = {
  reported: ['accepted', 'returned', 'escalated'],
  accepted: ['dispatched', 'returned', 'escalated'],
  dispatched: ['on_site', 'returned', 'escalated'],
  on_site: ['resolved', 'escalated'],
  resolved: ['verified', 'returned'],
  verified: ['closed'],
  returned: ['dispatched', 'escalated'],
  escalated: ['accepted'],
  closed: [],
};

/** Steps a handler may take without dispatch rights. */
const HANDLER_STEPS = new Set(['on_site', 'resolved']);

/** The actions a viewer may offer for an incident in `status`. */
export function actionsFor(status: string, canDispatch: boolean, canHandle: boolean): string[] {
  return (NEXT_STEPS[status] ?? []).filter((to) => canDispatch || (canHandle && HANDLER_STEPS.has(to)));
}

/** Whether moving to `to` needs a reason. */
export const needsNote = (to: string): boolean => to === 'returned' || to === 'escalated';
