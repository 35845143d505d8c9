import { describe, expect, it } from 'vitest';
import { generateIncidentHistory, type Anchor, type HistoryInput } from '../../../../server/seed/incident-history.ts';
import { TRANSITIONS, type Status } from '../../../../server/incidents/lifecycle.ts';

const anchors: Anchor[] = Array.from({ length: 400 }, (_, i) => ({
  lon: 116.9 + (i % 20) * 0.001,
  lat: 34.7 + Math.floor(i / 20) * 0.001,
  gridCode: `32032100100100${i % 10}`,
  weight: 1 + (i % 7),
}));
const minutes = (accept: number) => ({
  accept,
  dispatch: accept * 2,
  arrive: accept * 6,
  resolve: accept * 18,
  verify: accept * 12,
  close: accept * 6,
});
const now = Date.parse('2026-11-22T04:00:00Z');
const input: HistoryInput = {
  seed: 'test',
  anchors,
  categories: [
    { code: 'emergency', defaultColour: 'red' },
    { code: 'environment', defaultColour: 'blue' },
    { code: 'dispute', defaultColour: 'yellow' },
  ],
  limits: { red: minutes(10), orange: minutes(30), yellow: minutes(120), blue: minutes(480) },
  from: now - 30 * 86_400_000,
  now,
  ratePer1000: 20,
};

describe('incident history', () => {
  const all = [...generateIncidentHistory(input)];

  it('is the same for the same seed and differs for another', () => {
    expect([...generateIncidentHistory(input)]).toEqual(all);
    expect([...generateIncidentHistory({ ...input, seed: 'other' })]).not.toEqual(all);
  });

  it('produces about the asked rate, all inside the period', () => {
    const weight = anchors.reduce((s, a) => s + a.weight, 0);
    const expected = ((input.ratePer1000 * weight) / 1000) * 30;
    expect(all.length).toBeGreaterThan(expected * 0.75);
    expect(all.length).toBeLessThan(expected * 1.15);
    for (const i of all) {
      expect(i.steps[0]!.at * 1000).toBeGreaterThanOrEqual(input.from - 1000);
      expect(i.steps.at(-1)!.at * 1000).toBeLessThan(now);
    }
  });

  it('moves every incident only through transitions the state machine allows, forward in time', () => {
    for (const i of all) {
      expect(i.steps[0]!.status).toBe('reported');
      for (let k = 1; k < i.steps.length; k++) {
        const from = i.steps[k - 1]!;
        const to = i.steps[k]!;
        expect(TRANSITIONS[from.status as Status]).toContain(to.status);
        expect(to.at).toBeGreaterThan(from.at);
      }
      expect(i.escalated).toBe(i.steps.some((s) => s.status === 'escalated'));
      if (i.escalated) expect(i.late).toBe(true);
      expect(i.deadline === null).toBe(i.steps.at(-1)!.status === 'closed');
      if (i.overdue) expect(i.deadline! * 1000).toBeLessThan(now);
    }
  });

  it('closes most old incidents, leaves recent slow ones open, and runs some late', () => {
    const old = all.filter((i) => i.steps[0]!.at * 1000 < now - 20 * 86_400_000);
    expect(old.filter((i) => i.steps.at(-1)!.status === 'closed').length / old.length).toBeGreaterThan(0.95);
    expect(all.some((i) => i.steps.at(-1)!.status !== 'closed')).toBe(true);
    const lateShare = all.filter((i) => i.late).length / all.length;
    expect(lateShare).toBeGreaterThan(0.03);
    expect(lateShare).toBeLessThan(0.4);
  });

  it('reports red emergencies in the evening more than at dawn', () => {
    const hourOf = (t: number) => new Date(t * 1000 + 8 * 3_600_000).getUTCHours();
    const red = all.filter((i) => i.category === 'emergency');
    const evening = red.filter((i) => hourOf(i.steps[0]!.at) >= 18 && hourOf(i.steps[0]!.at) < 22).length;
    const dawn = red.filter((i) => hourOf(i.steps[0]!.at) >= 3 && hourOf(i.steps[0]!.at) < 7).length;
    expect(evening).toBeGreaterThan(dawn * 3);
  });
});
