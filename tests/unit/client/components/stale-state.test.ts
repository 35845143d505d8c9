import { describe, expect, it } from 'vitest';
import { staleSince } from '../../../../client/components/stale-state.ts';

describe('a wall that may be showing old data', () => {
  it('is live while heartbeats arrive, and stale from the last one after 15 s without', () => {
    expect(staleSince(10_000, 0, 24_000)).toBeNull();
    expect(staleSince(10_000, 0, 25_000)).toBeNull();
    expect(staleSince(10_000, 0, 25_001)).toBe(10_000);
  });

  it('counts from its opening when it never heard one', () => {
    expect(staleSince(null, 1_000, 10_000)).toBeNull();
    expect(staleSince(null, 1_000, 17_000)).toBe(1_000);
  });
});
