import { describe, expect, it } from 'vitest';
import type { AssessmentCell } from '../../../../server/assessment/assessment-contract.ts';
import { columnValue, currentMonth, lastWholeMonth, nextSort, sortCells } from '../../../../client/review/review-table.ts';

const cell = (
  code: string,
  rank: number | null,
  over: Partial<AssessmentCell['indicators']> = {},
  ratio: number | null = null,
): AssessmentCell => ({
  code,
  name: code,
  parentCode: null,
  versions: [],
  indicators: {
    reports: 10,
    closed: 8,
    closedOnTime: 6,
    overdueOpen: 0,
    arriveP50: 30,
    arriveP90: 60,
    closeP50: 120,
    closeP90: 300,
    settledLow: 4,
    escalations: 0,
    repeats: 1,
    households: 600,
    workers: 2,
    members: 4,
    visited: 3,
    ...over,
  },
  sub: { closure: null, onTime: null, arrival: null, settledLow: null, visits: null, workload: null, repeats: null },
  score: rank === null ? null : 100 - rank,
  band: null,
  rank,
  standing: null,
  expected: ratio === null ? null : { closeP50: 100, ratio, cases: 8 },
  riskRank: null,
});

describe('the review table', () => {
  it('shows shares, the workload and the ratio from the indicators', () => {
    const c = cell('a', 1, {}, 1.4);
    expect(columnValue(c, 'closure')).toBe(80);
    expect(columnValue(c, 'onTime')).toBe(75);
    expect(columnValue(c, 'settledLow')).toBe(50);
    expect(columnValue(c, 'visits')).toBe(75);
    expect(columnValue(c, 'perWorker')).toBe(300);
    expect(columnValue(c, 'riskRatio')).toBe(1.4);
    expect(columnValue(cell('b', null, { reports: 0, closed: 0, workers: 0, members: 0 }), 'closure')).toBeNull();
    expect(columnValue(cell('b', null, { workers: 0 }), 'perWorker')).toBeNull();
  });

  it('sorts by a column with empty values last, and starts each column from its better end', () => {
    const cells = [
      cell('a', 2, { closeP50: 300 }),
      cell('b', 1, { closeP50: 60 }),
      cell('c', null, { closeP50: null }),
      cell('d', 3, { closeP50: 60 }),
    ];
    expect(sortCells(cells, { column: 'rank', descending: false }).map((c) => c.code)).toEqual(['b', 'a', 'd', 'c']);
    expect(sortCells(cells, { column: 'closeP50', descending: false }).map((c) => c.code)).toEqual(['b', 'd', 'a', 'c']);
    expect(sortCells(cells, { column: 'closeP50', descending: true }).map((c) => c.code)).toEqual(['a', 'b', 'd', 'c']);
    expect(nextSort({ column: 'rank', descending: false }, 'score')).toEqual({ column: 'score', descending: true });
    expect(nextSort({ column: 'rank', descending: false }, 'closeP50')).toEqual({ column: 'closeP50', descending: false });
    expect(nextSort({ column: 'score', descending: true }, 'score')).toEqual({ column: 'score', descending: false });
  });

  it('offers the last whole month in Beijing time', () => {
    expect(lastWholeMonth(new Date('2026-12-07T10:00:00Z'))).toBe('2026-11');
    // 1 January 00:30 in Beijing is still 31 December in UTC.
    expect(lastWholeMonth(new Date('2025-12-31T16:30:00Z'))).toBe('2025-12');
    expect(lastWholeMonth(new Date('2026-01-15T00:00:00Z'))).toBe('2025-12');
    expect(currentMonth(new Date('2025-12-31T16:30:00Z'))).toBe('2026-01');
  });
});
