import { describe, expect, it } from 'vitest';
import { createRecentRows } from '../../../../server/realtime/recent-rows.ts';
import { rowInArea } from '../../../../server/realtime/rooms.ts';

const row = (seq: number, gridPath = 'a.b', basePath: string | null = null) => ({
  seq: String(seq),
  topic: 'incident.changed',
  gridPath,
  basePath,
  payload: {} as never,
});

describe('the rows the relay pushed last', () => {
  it('gives what came after a position, nothing when it is not ahead, and null once it has let some go', () => {
    const recent = createRecentRows(3);
    expect(recent.since(0)).toEqual([]);
    for (const seq of [10, 11, 12, 13]) recent.push(row(seq));
    expect(recent.since(13)).toEqual([]);
    expect(recent.since(11)!.map((r) => r.seq)).toEqual(['12', '13']);
    expect(recent.since(10)!.map((r) => r.seq)).toEqual(['11', '12', '13']);
    // 10 was let go: what came after 9 is no longer all here.
    expect(recent.since(9)).toBeNull();
  });
});

describe('an outbox row within an area', () => {
  it('follows the replay query: the responsible cell’s path or the base grid’s, at or below the area', () => {
    expect(rowInArea(row(1, '37.01.02'), '37.01')).toBe(true);
    expect(rowInArea(row(1, '37.01'), '37.01')).toBe(true);
    expect(rowInArea(row(1, '37.011'), '37.01')).toBe(false);
    expect(rowInArea(row(1, '37.02', '37.01.05'), '37.01')).toBe(true);
    expect(rowInArea(row(1, '37.02', null), '37.01')).toBe(false);
  });
});
