import { describe, expect, it } from 'vitest';
import { respawnWait } from '../../../../server/cluster/workers.ts';

describe('the wait before a dead worker is forked again', () => {
  it('is none for a worker that ran a while, and resets its count of quick deaths', () => {
    expect(respawnWait(60_000, 5)).toEqual({ wait: 0, quick: false });
  });

  it('doubles with each quick death in a row, from half a second up to 30 s', () => {
    expect([0, 1, 2, 3, 6, 20].map((f) => respawnWait(200, f).wait)).toEqual([500, 1000, 2000, 4000, 30_000, 30_000]);
    expect(respawnWait(200, 0).quick).toBe(true);
  });
});
