import { describe, expect, it } from 'vitest';
import { actionsFor, needsNote } from '../../../client/panels/incident-actions.ts';
import { TRANSITIONS } from '../../../server/incidents/lifecycle.ts';

describe('the dispatch console', () => {
  it('offers the dispatcher exactly the server’s transitions', () => {
    for (const [from, to] of Object.entries(TRANSITIONS)) expect(actionsFor(from, true, true)).toEqual([...to]);
  });

  it('offers a handler only the handler’s steps, and a wall nothing', () => {
    expect(actionsFor('dispatched', false, true)).toEqual(['on_site']);
    expect(actionsFor('on_site', false, true)).toEqual(['resolved']);
    expect(actionsFor('reported', false, true)).toEqual([]);
    expect(actionsFor('on_site', false, false)).toEqual([]);
  });

  it('asks for a reason to return or escalate', () => {
    expect(needsNote('returned')).toBe(true);
    expect(needsNote('escalated')).toBe(true);
    expect(needsNote('accepted')).toBe(false);
  });
});
