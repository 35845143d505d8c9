/**
 * Risk-adjusted closing times (docs/assessment-model.md): a rural grid with long distances or a
 * grid with a heavy case mix should not rank last for it. One log-linear model is fitted over all
 * the month's closed cases of the area,
 *
 *   ln(minutes to close) = b0 + b[category] + b[colour] + b_d · ln(1 + km from the cell's centre) + b_w · cases per worker + e,
 *
 * by least squares with a light ridge (so a category seen a few times cannot swing its
 * coefficient); each cell's observed-against-expected ratio is then exp(mean residual) over its
 * own cases: 1 is as expected for what it handled, 2 twice as slow.
 */

/** One closed case as the model reads it. */
export interface CaseRow {
  code: string;
  category: string;
  colour: string;
  minutes: number;
  /** Kilometres from the cell's inner point to the report. */
  km: number;
  /** The cell's cases per full-time worker in the month. */
  load: number;
}

/** What the model says of one cell. */
export interface CellExpectation {
  cases: number;
  /** Median minutes to close the model expects for the cell's own cases. */
  expectedP50: number;
  /** Observed against expected (geometric mean of each case's observed / expected). */
  ratio: number;
}

/** Fewer closed cases than this in the area, and no model is fitted; fewer in a cell, and it gets no ratio. */
export const MIN_AREA_CASES = 20;
export const MIN_CELL_CASES = 3;
const RIDGE = 1;

/** The model's features for a case: intercept, one-hot category and colour (first seen is the baseline), distance, load. */
function design(rows: readonly CaseRow[]) {
  const categories = [...new Set(rows.map((r) => r.category))].sort().slice(1);
  const colours = [...new Set(rows.map((r) => r.colour))].sort().slice(1);
  const width = 1 + categories.length + colours.length + 2;
  const features = (r: CaseRow): number[] => {
    const x = new Array<number>(width).fill(0);
    x[0] = 1;
    const c = categories.indexOf(r.category);
    if (c >= 0) x[1 + c] = 1;
    const k = colours.indexOf(r.colour);
    if (k >= 0) x[1 + categories.length + k] = 1;
    x[width - 2] = Math.log1p(r.km);
    x[width - 1] = r.load;
    return x;
  };
  return { width, features };
}

/** Solves A x = b (A symmetric positive definite after the ridge) by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const p = m[col]![col]!;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / p;
      if (f !== 0) for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

/** Fits the model over the area's closed cases; null when there are too few to say anything. */
export function fitRiskModel(rows: readonly CaseRow[]): ((r: CaseRow) => number) | null {
  const usable = rows.filter((r) => r.minutes > 0 && Number.isFinite(r.km) && Number.isFinite(r.load));
  if (usable.length < MIN_AREA_CASES) return null;
  const { width, features } = design(usable);
  const xtx = Array.from({ length: width }, () => new Array<number>(width).fill(0));
  const xty = new Array<number>(width).fill(0);
  for (const r of usable) {
    const x = features(r);
    const y = Math.log(r.minutes);
    for (let i = 0; i < width; i++) {
      xty[i]! += x[i]! * y;
      for (let j = 0; j < width; j++) xtx[i]![j]! += x[i]! * x[j]!;
    }
  }
  for (let i = 1; i < width; i++) xtx[i]![i]! += RIDGE;
  const beta = solve(xtx, xty);
  return (r) => Math.exp(features(r).reduce((s, x, i) => s + x * beta[i]!, 0));
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Each cell's expected median and observed-against-expected ratio, for cells with enough closed cases. */
export function expectations(rows: readonly CaseRow[]): Map<string, CellExpectation> {
  const predict = fitRiskModel(rows);
  const out = new Map<string, CellExpectation>();
  if (!predict) return out;
  const byCell = new Map<string, CaseRow[]>();
  for (const r of rows) if (r.minutes > 0) byCell.set(r.code, [...(byCell.get(r.code) ?? []), r]);
  for (const [code, cases] of byCell) {
    if (cases.length < MIN_CELL_CASES) continue;
    const expected = cases.map(predict);
    const logRatio = cases.reduce((s, c, i) => s + Math.log(c.minutes / expected[i]!), 0) / cases.length;
    out.set(code, {
      cases: cases.length,
      expectedP50: Math.round(10 * median(expected)) / 10,
      ratio: Math.round(100 * Math.exp(logRatio)) / 100,
    });
  }
  return out;
}
