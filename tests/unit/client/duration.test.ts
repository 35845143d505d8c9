import { describe, expect, it } from 'vitest';
import { durationParts, formatDuration } from '../../../client/duration.ts';

const zh = (u: string) => ({ day: '天', hour: '小时', minute: '分' })[u]!;

describe('durations', () => {
  it('reads minutes as hours and minutes, or days and hours', () => {
    expect(formatDuration(1038.7, zh)).toBe('17 小时 19 分');
    expect(formatDuration(45.2, zh)).toBe('45 分');
    expect(formatDuration(0.3, zh)).toBe('0 分');
    expect(formatDuration(120, zh)).toBe('2 小时');
    expect(formatDuration(3042.6, zh)).toBe('2 天 3 小时');
    expect(formatDuration(2880, zh)).toBe('2 天');
  });

  it('rounds at the edges without showing 60 minutes or 24 hours', () => {
    expect(durationParts(59.6)).toEqual([{ value: 1, unit: 'hour' }]);
    expect(durationParts(1439.7)).toEqual([{ value: 1, unit: 'day' }]);
    // 1 day 23 h 45 min rounds to 2 days, not "1 天 24 小时".
    expect(durationParts(1440 + 23 * 60 + 45)).toEqual([{ value: 2, unit: 'day' }]);
  });

  it('shows a dash when the figure is unknown or impossible', () => {
    expect(formatDuration(null, zh)).toBe('—');
    expect(formatDuration(undefined, zh)).toBe('—');
    expect(formatDuration(NaN, zh)).toBe('—');
    expect(formatDuration(-5, zh)).toBe('—');
  });
});
