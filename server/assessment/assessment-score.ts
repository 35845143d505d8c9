import type { AssessmentCell, Band, CellIndicators, SubScores, Weights } from './assessment-contract.ts';
import { WEIGHT_KEYS } from './assessment-contract.ts';

/** What the indicators are measured against. */
export interface ScoreStandards {
  /** Households one full-time worker or leader should serve (the system's standard). */
  householdsPerWorker: number;
  /** Minutes within which a case should have someone on site (the median is held to it). */
  arriveTargetMinutes: number;
}

const clamp = (x: number) => Math.max(0, Math.min(1, x));
const share = (part: number, whole: number) => (whole > 0 ? Math.round(1000 * (part / whole)) / 10 : null);

/**
 * Each indicator as 0–100, higher better, or null where the cell has nothing to measure (no
 * reports, no closed case, no key-group member): closure and on-time rates; the median arrival,
 * full marks within the target and none at three times it; the share settled at the grid or
 * community; visits made in time; workload, full marks up to the standard and none at twice it;
 * reports that are not repeats of another within 50 m.
 */
export function subScores(f: CellIndicators, s: ScoreStandards): SubScores {
  const perWorker = f.workers > 0 ? f.households / f.workers : null;
  return {
    closure: share(f.closed, f.reports),
    onTime: share(f.closedOnTime, f.closed),
    arrival:
      f.arriveP50 === null ? null : Math.round(1000 * clamp((3 * s.arriveTargetMinutes - f.arriveP50) / (2 * s.arriveTargetMinutes))) / 10,
    settledLow: share(f.settledLow, f.closed),
    visits: share(f.visited, f.members),
    workload:
      perWorker === null
        ? f.households > 0
          ? 0
          : null
        : Math.round(1000 * clamp((2 * s.householdsPerWorker - perWorker) / s.householdsPerWorker)) / 10,
    repeats: f.reports > 0 ? Math.round(1000 * (1 - f.repeats / f.reports)) / 10 : null,
  };
}

/** The weighted mean of the sub-scores a cell has (weights of missing ones shared out), or null. */
export function scoreOf(sub: SubScores, weights: Weights): number | null {
  let sum = 0;
  let weight = 0;
  for (const k of WEIGHT_KEYS) {
    const v = sub[k];
    if (v === null) continue;
    sum += v * weights[k];
    weight += weights[k];
  }
  return weight > 0 ? Math.round((10 * sum) / weight) / 10 : null;
}

/** Green from 85, yellow from 70, red below (红黄绿). */
export function bandOf(score: number | null): Band | null {
  if (score === null) return null;
  return score >= 85 ? 'green' : score >= 70 ? 'yellow' : 'red';
}

/**
 * Ranks cells by score (highest first, ties by code; cells without a score last and unranked) and
 * names the best and the worst (先进网格 / 后进网格): the top and bottom tenth, at least one each,
 * never the same cell, and only among cells that have a score.
 */
export function rankCells<T extends Pick<AssessmentCell, 'code' | 'score'> & { expected?: AssessmentCell['expected'] }>(
  cells: readonly T[],
): (T & { rank: number | null; standing: 'best' | 'worst' | null; riskRank: number | null })[] {
  const scored = cells.filter((c) => c.score !== null).sort((a, b) => b.score! - a.score! || (a.code < b.code ? -1 : 1));
  const n = scored.length;
  const k = n >= 2 ? Math.max(1, Math.floor(n / 10)) : 0;
  const rank = new Map(scored.map((c, i) => [c.code, i + 1]));
  // By observed against expected, lowest first (ties by code).
  const risk = new Map(
    cells
      .filter((c) => c.expected)
      .sort((a, b) => a.expected!.ratio - b.expected!.ratio || (a.code < b.code ? -1 : 1))
      .map((c, i) => [c.code, i + 1]),
  );
  return [...scored, ...cells.filter((c) => c.score === null).sort((a, b) => (a.code < b.code ? -1 : 1))].map((c) => {
    const r = rank.get(c.code) ?? null;
    return {
      ...c,
      rank: r,
      standing: r === null ? null : r <= k ? 'best' : r > n - k ? 'worst' : null,
      riskRank: risk.get(c.code) ?? null,
    };
  });
}
