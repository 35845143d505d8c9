import { describe, expect, it } from 'vitest';
import { clock, countdownState, elapsed } from '../../../../../client/panels/takeovers/countdown-state.ts';

const at = (iso: string) => Date.parse(iso);

describe('takeover countdowns', () => {
  const c = { key: 'arrive' as const, due: '2026-12-03T08:00:00Z', doneAt: null };

  it('runs down to the due time, urgent in its last quarter hour', () => {
    expect(countdownState(c, at('2026-12-03T07:00:00Z'))).toEqual({ kind: 'running', leftMs: 3_600_000, urgent: false });
    expect(countdownState(c, at('2026-12-03T07:50:00Z'))).toMatchObject({ kind: 'running', urgent: true });
    expect(countdownState(c, at('2026-12-03T08:00:00Z'))).toMatchObject({ kind: 'running', leftMs: 0 });
  });

  it('counts the time over once missed', () => {
    expect(countdownState(c, at('2026-12-03T08:12:30Z'))).toEqual({ kind: 'late', overMs: 750_000 });
  });

  it('says when it was met and whether that was late, whatever the time now', () => {
    expect(countdownState({ ...c, doneAt: '2026-12-03T07:40:00Z' }, at('2026-12-03T09:00:00Z'))).toEqual({
      kind: 'met',
      late: false,
      at: '2026-12-03T07:40:00Z',
    });
    expect(countdownState({ ...c, doneAt: '2026-12-03T08:05:00Z' }, 0)).toMatchObject({ kind: 'met', late: true });
  });

  it('reads as a clock, with hours only when there are any', () => {
    expect(clock(0)).toBe('0:00');
    expect(clock(59_999)).toBe('0:59');
    expect(clock(42 * 60_000 + 7_000)).toBe('42:07');
    expect(clock(3_900_000)).toBe('1:05:00');
    expect(clock(-5)).toBe('0:00');
    expect(elapsed('2026-12-03T07:00:00Z', at('2026-12-03T07:12:04Z'))).toBe('12:04');
  });
});
