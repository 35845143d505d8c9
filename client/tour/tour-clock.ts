import type { TourStep } from '../../server/tours/tours-contract.ts';

/**
 * Where a running tour is: which step shows, when it ends, and whether someone touching the wall
 * has paused it (until `resumeAt`). Pure, so the rotation is tested without timers.
 */
export interface TourClock {
  index: number;
  endsAt: number;
  /** When a pause ends; null while running. */
  resumeAt: number | null;
}

/** A tour starting at its first step now. */
export const startClock = (steps: TourStep[], now: number): TourClock => ({
  index: 0,
  endsAt: now + steps[0]!.seconds * 1000,
  resumeAt: null,
});

/**
 * The clock a moment later: a finished step gives way to the next (the last to the first), a pause
 * that has run out resumes the step it interrupted from its beginning. `changed` says whether the
 * scene on screen must be applied again (a one-step tour puts its scene back each time round).
 */
export function tick(clock: TourClock, steps: TourStep[], now: number): { clock: TourClock; changed: boolean } {
  if (steps.length === 0) return { clock, changed: false };
  const index = clock.index % steps.length;
  if (clock.resumeAt !== null) {
    if (now < clock.resumeAt) return { clock, changed: false };
    return { clock: { index, endsAt: now + steps[index]!.seconds * 1000, resumeAt: null }, changed: true };
  }
  if (now < clock.endsAt) return { clock, changed: false };
  const next = (index + 1) % steps.length;
  return { clock: { index: next, endsAt: now + steps[next]!.seconds * 1000, resumeAt: null }, changed: true };
}

/** Someone touched the wall: the tour holds where it is for `pauseMs` from now (each touch extends it). */
export const pause = (clock: TourClock, now: number, pauseMs: number): TourClock => ({ ...clock, resumeAt: now + pauseMs });

/** Seconds left on screen for the current step (or until the pause ends). */
export const secondsLeft = (clock: TourClock, now: number): number =>
  Math.max(0, Math.ceil(((clock.resumeAt ?? clock.endsAt) - now) / 1000));
