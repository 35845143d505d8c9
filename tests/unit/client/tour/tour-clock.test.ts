import { describe, expect, it } from 'vitest';
import { pause, secondsLeft, startClock, tick } from '../../../../client/tour/tour-clock.ts';
import type { TourStep } from '../../../../server/tours/tours-contract.ts';

const steps: TourStep[] = [
  { scene: 'overview', seconds: 30 },
  { scene: 'response', seconds: 10 },
];
const T0 = 1_000_000;

describe('the tour clock', () => {
  it('starts at the first step and keeps it for its seconds', () => {
    const c = startClock(steps, T0);
    expect(c).toEqual({ index: 0, endsAt: T0 + 30_000, resumeAt: null });
    expect(tick(c, steps, T0 + 29_999)).toEqual({ clock: c, changed: false });
    expect(secondsLeft(c, T0 + 20_500)).toBe(10);
  });

  it('moves to the next step when one ends, and from the last back to the first', () => {
    let c = startClock(steps, T0);
    const a = tick(c, steps, T0 + 30_000);
    expect(a.changed).toBe(true);
    expect(a.clock).toEqual({ index: 1, endsAt: T0 + 40_000, resumeAt: null });
    c = tick(a.clock, steps, T0 + 40_000).clock;
    expect(c.index).toBe(0);
    expect(c.endsAt).toBe(T0 + 70_000);
  });

  it('holds where it is after a touch, each touch extending the pause, then starts the same step afresh', () => {
    let c = pause(startClock(steps, T0), T0 + 25_000, 60_000);
    // Long past the step's own end, it still shows it.
    expect(tick(c, steps, T0 + 80_000)).toEqual({ clock: c, changed: false });
    c = pause(c, T0 + 80_000, 60_000);
    expect(secondsLeft(c, T0 + 80_000)).toBe(60);
    const resumed = tick(c, steps, T0 + 140_000);
    expect(resumed.changed).toBe(true);
    expect(resumed.clock).toEqual({ index: 0, endsAt: T0 + 170_000, resumeAt: null });
  });

  it('survives a tour that became shorter than the step it was on', () => {
    const c = { index: 5, endsAt: T0, resumeAt: null };
    expect(tick(c, steps, T0).clock.index).toBe(0);
    expect(tick(c, [], T0)).toEqual({ clock: c, changed: false });
  });
});
