import { describe, expect, it } from 'vitest';
import type { IncidentRow } from '../../../client/api/incidents.ts';
import { incidentMarkers } from '../../../client/map/layers/incidents/incidents-data.ts';
import { applyIncidentEvent, type IncidentState } from '../../../client/stores/incidents-apply.ts';
import type { IncidentEvent } from '../../../server/realtime/events.ts';

const summary = (id: number, version: number, status = 'reported'): IncidentEvent['incident'] => ({
  id,
  status,
  colour: 'red',
  category: 'hazard',
  channel: 'patrol',
  lon: 116.9,
  lat: 34.7,
  gridCode: '379901001001001',
  responsibleCode: '379901001001001',
  overdue: false,
  stepDeadline: null,
  version,
  createdAt: '2026-11-22T10:00:00Z',
});
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
});

describe('incident markers', () => {
  const row = (over: Partial<IncidentRow>): IncidentRow => ({
    ...summary(1, 1),
    id: '1',
    description: null,
    locatedBy: 'contains',
    updatedAt: '',
    ...over,
  });

  it('colours by severity, rings overdue and escalated cases, and leaves closed ones off the map', () => {
    const now = Date.parse('2026-11-22T10:00:30Z');
    const markers = incidentMarkers(
      [
        row({ id: 'a', colour: 'red' }),
        row({ id: 'b', colour: 'blue', overdue: true }),
        row({ id: 'c', status: 'escalated' }),
        row({ id: 'd', status: 'closed' }),
      ],
      now,
    );
    expect(markers.map((m) => m.id)).toEqual(['a', 'b', 'c']);
    expect(markers[0]!.fill.slice(0, 3)).toEqual([255, 77, 79]);
    expect(markers.map((m) => m.ring)).toEqual([false, true, true]);
    expect(markers[0]!.fresh).toBe(true);
    expect(incidentMarkers([row({ id: 'x' })], now + 120_000)[0]!.fresh).toBe(false);
  });

  it('skips incidents without finite coordinates', () => {
    expect(incidentMarkers([row({ lon: Number.NaN })], 0)).toEqual([]);
  });
});
