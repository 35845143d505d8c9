import { describe, expect, it } from 'vitest';
import { actionsFor, filterIncidents, needsNote, shortcutFor } from '../../../../../client/panels/incidents/incident-actions.ts';
import { TRANSITIONS } from '../../../../../server/incidents/lifecycle.ts';

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

describe('incident list filters and console keys', () => {
  const rows = [
    { id: '1', status: 'reported', colour: 'red', category: 'emergency', channel: 'hotline', overdue: true },
    { id: '2', status: 'closed', colour: 'blue', category: 'environment', channel: 'patrol', overdue: true },
    { id: '3', status: 'reported', colour: 'blue', category: 'environment', channel: 'hotline', overdue: false },
  ];
  const none = { status: '', colour: '', category: '', channel: '' };

  it('narrows by every chosen field together, keeping the order and every row', () => {
    expect(filterIncidents(rows, none).map((r) => r.id)).toEqual(['1', '2', '3']);
    expect(filterIncidents(rows, { ...none, status: 'reported', channel: 'hotline' }).map((r) => r.id)).toEqual(['1', '3']);
    expect(filterIncidents(rows, { ...none, colour: 'blue', category: 'environment', status: 'closed' }).map((r) => r.id)).toEqual(['2']);
    // Overdue: open cases past their limit, whatever their status; a closed case is no longer overdue.
    expect(filterIncidents(rows, { ...none, status: 'overdue' }).map((r) => r.id)).toEqual(['1']);
    const many = Array.from({ length: 7000 }, (_, i) => ({ ...rows[0]!, id: String(i) }));
    expect(filterIncidents(many, none)).toHaveLength(7000);
  });

  it('maps digits to the offered actions, Escape to close, and leaves typing in a field alone', () => {
    const actions = ['accepted', 'returned', 'escalated'];
    expect(shortcutFor('1', actions, false)).toEqual({ action: 'accepted' });
    expect(shortcutFor('3', actions, false)).toEqual({ action: 'escalated' });
    expect(shortcutFor('4', actions, false)).toBeNull();
    expect(shortcutFor('0', actions, false)).toBeNull();
    expect(shortcutFor('a', actions, false)).toBeNull();
    expect(shortcutFor('1', actions, true)).toBeNull();
    expect(shortcutFor('Escape', actions, true)).toBe('close');
  });
});
