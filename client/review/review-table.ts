import type { AssessmentCell } from '../../server/assessment/assessment-contract.ts';

/** The ranking table's sortable columns, in the order shown. */
export const REVIEW_COLUMNS = [
  'rank',
  'score',
  'reports',
  'closure',
  'onTime',
  'arriveP50',
  'closeP50',
  'overdueOpen',
  'settledLow',
  'visits',
  'perWorker',
  'repeats',
  'riskRatio',
] as const;
export type ReviewColumn = (typeof REVIEW_COLUMNS)[number];

/** Columns where a smaller value is the better one: they sort ascending first. */
const LOWER_IS_BETTER = new Set<ReviewColumn>(['rank', 'arriveP50', 'closeP50', 'overdueOpen', 'repeats', 'perWorker', 'riskRatio']);

/** A share as a percentage with one decimal, or null when there is nothing to divide. */
const pct = (part: number, whole: number) => (whole > 0 ? Math.round((1000 * part) / whole) / 10 : null);

/** The value a column shows and sorts by for a cell (null: nothing to measure, shown as —). */
export function columnValue(c: AssessmentCell, col: ReviewColumn): number | null {
  const f = c.indicators;
  switch (col) {
    case 'rank':
      return c.rank;
    case 'score':
      return c.score;
    case 'reports':
      return f.reports;
    case 'closure':
      return pct(f.closed, f.reports);
    case 'onTime':
      return pct(f.closedOnTime, f.closed);
    case 'arriveP50':
      return f.arriveP50;
    case 'closeP50':
      return f.closeP50;
    case 'overdueOpen':
      return f.overdueOpen;
    case 'settledLow':
      return pct(f.settledLow, f.closed);
    case 'visits':
      return pct(f.visited, f.members);
    case 'perWorker':
      return f.workers > 0 ? Math.round(f.households / f.workers) : null;
    case 'repeats':
      return f.repeats;
    case 'riskRatio':
      return c.expected?.ratio ?? null;
  }
}

/** A sort: a column and a direction. */
export interface ReviewSort {
  column: ReviewColumn;
  descending: boolean;
}

/** The sort a click on a column gives: the same column flips, another starts from its better end. */
export function nextSort(current: ReviewSort, column: ReviewColumn): ReviewSort {
  if (current.column === column) return { column, descending: !current.descending };
  return { column, descending: !LOWER_IS_BETTER.has(column) };
}

/** Cells sorted by a column; cells without a value always last, ties by rank then code (stable). */
export function sortCells(cells: readonly AssessmentCell[], sort: ReviewSort): AssessmentCell[] {
  const sign = sort.descending ? -1 : 1;
  return [...cells].sort((a, b) => {
    const x = columnValue(a, sort.column);
    const y = columnValue(b, sort.column);
    if (x === null || y === null) return x === y ? tie(a, b) : x === null ? 1 : -1;
    return sign * (x - y) || tie(a, b);
  });
}

const tie = (a: AssessmentCell, b: AssessmentCell) =>
  (a.rank ?? Infinity) - (b.rank ?? Infinity) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/** The month before the one `now` falls in, as YYYY-MM in Beijing time: the last a leader can review whole. */
export function lastWholeMonth(now: Date): string {
  const beijing = new Date(now.getTime() + 8 * 3_600_000);
  const y = beijing.getUTCFullYear();
  const m = beijing.getUTCMonth();
  return m === 0 ? `${y - 1}-12` : `${y}-${String(m).padStart(2, '0')}`;
}

/** The current month in Beijing time (YYYY-MM): the latest a picker offers. */
export const currentMonth = (now: Date): string => new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
