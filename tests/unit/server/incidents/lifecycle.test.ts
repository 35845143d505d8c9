import { describe, expect, it } from 'vitest';
import { PENDING_STEP, refuseTransition, STATUSES, TRANSITIONS, type Status } from '../../../../server/incidents/lifecycle.ts';

const LEGAL: [Status, Status][] = STATUSES.flatMap((from) => TRANSITIONS[from].map((to) => [from, to] as [Status, Status]));
const ILLEGAL: [Status, Status][] = STATUSES.flatMap((from) =>
  STATUSES.filter((to) => !TRANSITIONS[from].includes(to)).map((to) => [from, to] as [Status, Status]),
);

describe('the incident state machine', () => {
  it('walks the closed loop reported → accepted → dispatched → on_site → resolved → verified → closed', () => {
    const path: Status[] = ['reported', 'accepted', 'dispatched', 'on_site', 'resolved', 'verified', 'closed'];
    for (let i = 1; i < path.length; i++) expect(refuseTransition(path[i - 1]!, path[i]!, null)).toBeNull();
  });

  it.each(LEGAL)('allows %s → %s (with a note where one is needed)', (from, to) => {
    expect(refuseTransition(from, to, 'because')).toBeNull();
  });

  it.each(ILLEGAL)('refuses %s → %s', (from, to) => {
    expect(refuseTransition(from, to, 'because')).toBe('illegal');
  });

  it('needs a reason to return or escalate', () => {
    expect(refuseTransition('dispatched', 'returned', '  ')).toBe('note_required');
    expect(refuseTransition('reported', 'escalated', undefined)).toBe('note_required');
  });

  it('times every open status and none once closed', () => {
    for (const s of STATUSES) expect(PENDING_STEP[s] === null).toBe(s === 'closed');
    expect(TRANSITIONS.closed).toEqual([]);
  });
});
