import { describe, expect, it } from 'vitest';
import { applyIncidentEvent, type IncidentState } from '../../../../client/stores/incidents-apply.ts';
import type { IncidentEvent } from '../../../../server/realtime/events.ts';
import { summary } from '../incident-fixtures.ts';

const event = (seq: number, id: number, version: number, status?: string): IncidentEvent => ({
  seq,
  topic: 'incident.changed',
  incident: summary(id, version, status),
});
const empty: IncidentState = { byId: new Map(), lastSeq: 0 };

describe('applying incident events', () => {
  it('adds new incidents and advances the sequence', () => {
    const s = applyIncidentEvent(empty, event(5, 1, 1));
    expect(s.byId.get('1')?.status).toBe('reported');
    expect(s.lastSeq).toBe(5);
  });

  it('ignores a sequence it has already applied (replays repeat)', () => {
    const s1 = applyIncidentEvent(empty, event(5, 1, 2, 'accepted'));
    expect(applyIncidentEvent(s1, event(5, 1, 2, 'accepted'))).toBe(s1);
    expect(applyIncidentEvent(s1, event(3, 1, 1))).toBe(s1);
  });

  it('never lets an older version overwrite a newer one', () => {
    const s1 = applyIncidentEvent(empty, event(5, 1, 3, 'dispatched'));
    const s2 = applyIncidentEvent(s1, event(6, 1, 2, 'accepted'));
    expect(s2.byId.get('1')?.status).toBe('dispatched');
    expect(s2.lastSeq).toBe(6);
  });

  it('keeps the open cases and only the newest closed ones, so a wall left for a month does not grow', () => {
    // Case n was reported n minutes after midnight.
    const at = (seq: number, id: number, version: number, status?: string): IncidentEvent => {
      const e = event(seq, id, version, status);
      return { ...e, incident: { ...e.incident, createdAt: new Date(Date.UTC(2026, 11, 1, 0, id)).toISOString() } };
    };
    let s = empty;
    for (let id = 1; id <= 10; id++) s = applyIncidentEvent(s, at(id, id, 1), 3);
    for (const [i, id] of [6, 2, 5, 1, 4, 3].entries()) s = applyIncidentEvent(s, at(100 + i, id, 2, 'closed'), 3);
    expect([...s.byId.values()].filter((r) => r.status !== 'closed')).toHaveLength(4);
    const kept = [...s.byId.values()].filter((r) => r.status === 'closed').map((r) => r.id);
    expect(kept.sort()).toEqual(['4', '5', '6']);
  });
});
