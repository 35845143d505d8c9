/** The closed loop (闭环) of an incident, in one place. */
export const STATUSES = [
  'reported',
  'accepted',
  'dispatched',
  'on_site',
  'resolved',
  'verified',
  'closed',
  'returned',
  'escalated',
] as const;
/** A status. */
export type Status = (typeof STATUSES)[number];

/** Severity colours (分色), most urgent first. */
export const COLOURS = ['red', 'orange', 'yellow', 'blue'] as const;
/** A colour. */
export type Colour = (typeof COLOURS)[number];

/** The timed steps of the loop, in order. */
export const STEPS = ['accept', 'dispatch', 'arrive', 'resolve', 'verify', 'close'] as const;
/** The step whose time limit runs while an incident sits in a status. */
export type Step = (typeof STEPS)[number];

/**
 * Allowed transitions. `returned` sends the case back to the dispatcher with a reason
 * (re-dispatch or escalate); `escalated` hands it to the next level up, which must accept it.
 * Anything not listed — skipping a step, reopening a closed case — is refused.
 */
export const TRANSITIONS: Record<Status, readonly Status[]> = {
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

/** Statuses whose entry needs a note saying why. */
export const NOTE_REQUIRED: ReadonlySet<Status> = new Set(['returned', 'escalated']);

/** The step that is pending (and timed) in each status; none once closed. */
export const PENDING_STEP: Record<Status, Step | null> = {
  reported: 'accept',
  accepted: 'dispatch',
  dispatched: 'arrive',
  on_site: 'resolve',
  resolved: 'verify',
  verified: 'close',
  returned: 'dispatch',
  escalated: 'accept',
  closed: null,
};

/** Why a transition is refused, or null when it is allowed. */
export function refuseTransition(from: Status, to: Status, note: string | null | undefined): 'illegal' | 'note_required' | null {
  if (!TRANSITIONS[from].includes(to)) return 'illegal';
  if (NOTE_REQUIRED.has(to) && !note?.trim()) return 'note_required';
  return null;
}

/** Type guard for statuses from outside. */
export function isStatus(value: unknown): value is Status {
  return typeof value === 'string' && (STATUSES as readonly string[]).includes(value);
}
