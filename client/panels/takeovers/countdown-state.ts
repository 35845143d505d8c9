import type { Countdown } from '../../api/takeovers.ts';

/** Where a countdown stands at a moment: running (with time left), late (time over), or met (on time or late). */
export type CountdownState =
  { kind: 'running'; leftMs: number; urgent: boolean } | { kind: 'late'; overMs: number } | { kind: 'met'; late: boolean; at: string };

/** The last quarter of an hour is shown as urgent: the officer has to act now, not soon. */
const URGENT_MS = 15 * 60_000;

/** A countdown's state at `now` (ms since epoch). */
export function countdownState(c: Countdown, now: number): CountdownState {
  const due = Date.parse(c.due);
  if (c.doneAt) return { kind: 'met', late: Date.parse(c.doneAt) > due, at: c.doneAt };
  const left = due - now;
  return left >= 0 ? { kind: 'running', leftMs: left, urgent: left < URGENT_MS } : { kind: 'late', overMs: -left };
}

/** A span as a clock, hours only when there are any: "42:07", "1:05:00". Rounded down to the second. */
export function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Time since a moment as a clock ("since 12:04 ago" reads as 12:04). */
export const elapsed = (since: string, now: number): string => clock(now - Date.parse(since));
