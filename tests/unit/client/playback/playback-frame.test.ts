import { describe, expect, it } from 'vitest';
import {
  advance,
  boundaryEpoch,
  countsAt,
  heatAt,
  heatDomain,
  prepare,
  rowsAt,
  statusAt,
} from '../../../../client/playback/playback-frame.ts';
import type { PlaybackIncident, PlaybackWindow } from '../../../../server/incidents/playback-contract.ts';

const H = 3_600_000;
const T0 = Date.parse('2026-12-02T00:00:00Z');
const at = (h: number) => new Date(T0 + h * H).toISOString();
const incident = (id: string, steps: [number, string][], colour: PlaybackIncident['colour'] = 'blue'): PlaybackIncident => ({
  id,
  lon: 117 + Number(id) / 100,
  lat: 36,
  colour,
  category: 'environment',
  gridCode: '370000001001001',
  responsibleCode: '370000001001001',
  createdAt: at(steps[0]![0]),
  steps: steps.map(([h, s]) => [at(h), s]),
});

const day: PlaybackWindow = {
  from: at(0),
  to: at(24),
  incidents: [
    // Open since the day before, closed at 10:00.
    incident('1', [
      [-5, 'reported'],
      [-4, 'on_site'],
      [10, 'closed'],
    ]),
    // Reported at 08:00, on site at 09:00, escalated at 12:00.
    incident(
      '2',
      [
        [8, 'reported'],
        [9, 'on_site'],
        [12, 'escalated'],
      ],
      'red',
    ),
    // Reported at 20:00, never reached.
    incident('3', [[20, 'reported']]),
  ],
  boundaryChanges: [at(6), at(18)],
};
const p = prepare(day);

describe('a moment of a playback', () => {
  it('knows each case’s status then, and none before its report', () => {
    expect(statusAt(p.incidents[1]!, T0 + 7 * H)).toBeNull();
    expect(statusAt(p.incidents[1]!, T0 + 8 * H)).toBe('reported');
    expect(statusAt(p.incidents[1]!, T0 + 11 * H)).toBe('on_site');
    expect(statusAt(p.incidents[1]!, T0 + 13 * H)).toBe('escalated');
  });

  it('draws the cases reported by then with their status, a closed one leaving the map as live', () => {
    const rows = (h: number) => rowsAt(p, T0 + h * H).map((r) => `${r.id}:${r.status}`);
    expect(rows(7)).toEqual(['1:on_site']);
    expect(rows(9)).toEqual(['1:on_site', '2:on_site']);
    expect(rows(11)).toEqual(['1:closed', '2:on_site']);
    expect(rows(21)).toEqual(['1:closed', '2:escalated', '3:reported']);
    expect(rowsAt(p, T0 + 13 * H).find((r) => r.id === '2')?.colour).toBe('red');
  });

  it('builds the response heat from the cases reached inside the window, on one scale for the day', () => {
    // Case 1 was reached the day before: not this window's.
    expect(heatAt(p, T0 + 8 * H)).toEqual([]);
    expect(heatAt(p, T0 + 9 * H)).toEqual([{ position: [117.02, 36], minutes: 60 }]);
    const [lo, hi] = heatDomain(p);
    expect(lo).toBe(0);
    expect(hi).toBeGreaterThanOrEqual(60);
  });

  it('counts open, reported and closed so far', () => {
    expect(countsAt(p, T0 + 9 * H)).toEqual({ open: 2, reported: 1, closed: 0 });
    expect(countsAt(p, T0 + 21 * H)).toEqual({ open: 2, reported: 2, closed: 1 });
  });
});

describe('the replay clock', () => {
  it('moves at its speed and stops at the window’s end', () => {
    expect(advance(T0, 3600, 1000, T0 + 24 * H)).toBe(T0 + H);
    expect(advance(T0 + 23.9 * H, 3600, 1000, T0 + 24 * H)).toBe(T0 + 24 * H);
    expect(advance(T0, 1, 250, T0 + H)).toBe(T0 + 250);
  });

  it('counts the boundary changes passed, so the map’s cells are fetched again at each', () => {
    expect(boundaryEpoch(day.boundaryChanges, T0 + 5 * H)).toBe(0);
    expect(boundaryEpoch(day.boundaryChanges, T0 + 6 * H)).toBe(1);
    expect(boundaryEpoch(day.boundaryChanges, T0 + 20 * H)).toBe(2);
  });
});
