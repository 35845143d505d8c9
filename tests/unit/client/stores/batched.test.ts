import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { batched } from '../../../../client/stores/batched.ts';

describe('batching a burst of events', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('hands over each item once, after the burst has been quiet for the interval', () => {
    const flushed: string[][] = [];
    const b = batched<string>(100, (items) => flushed.push(items));
    b.push('p1');
    vi.advanceTimersByTime(60);
    b.push('p2');
    b.push('p1');
    vi.advanceTimersByTime(99);
    expect(flushed).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(flushed).toEqual([['p1', 'p2']]);
    b.push('p3');
    vi.advanceTimersByTime(100);
    expect(flushed).toEqual([['p1', 'p2'], ['p3']]);
  });

  it('hands over nothing once cancelled', () => {
    const flushed: string[][] = [];
    const b = batched<string>(100, (items) => flushed.push(items));
    b.push('p1');
    b.cancel();
    vi.advanceTimersByTime(500);
    expect(flushed).toEqual([]);
  });
});
