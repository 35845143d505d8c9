import { describe, expect, it } from 'vitest';
import type { CellIndicators, Weights } from '../../../../server/assessment/assessment-contract.ts';
import { bandOf, rankCells, scoreOf, subScores } from '../../../../server/assessment/assessment-score.ts';
import { monthRange } from '../../../../server/assessment/assessment-service.ts';

const quiet: CellIndicators = {
  reports: 0,
  closed: 0,
  closedOnTime: 0,
  overdueOpen: 0,
  arriveP50: null,
  arriveP90: null,
  closeP50: null,
  closeP90: null,
  settledLow: 0,
  escalations: 0,
  repeats: 0,
  households: 0,
  workers: 0,
  members: 0,
  visited: 0,
};
const standards = { householdsPerWorker: 300, arriveTargetMinutes: 60 };
const even: Weights = { closure: 0.2, onTime: 0.2, arrival: 0.2, settledLow: 0.1, visits: 0.1, workload: 0.1, repeats: 0.1 };

describe('assessment scores', () => {
  it('turns each indicator into 0–100 against its target', () => {
    const sub = subScores(
      {
        ...quiet,
        reports: 10,
        closed: 8,
        closedOnTime: 6,
        arriveP50: 120,
        settledLow: 4,
        repeats: 1,
        households: 450,
        workers: 1,
        members: 4,
        visited: 3,
      },
      standards,
    );
    // 120 minutes is halfway from the 60-minute target to three times it; 450 households is halfway to twice the standard.
    expect(sub).toEqual({ closure: 80, onTime: 75, arrival: 50, settledLow: 50, visits: 75, workload: 50, repeats: 90 });
    expect(subScores({ ...quiet, arriveP50: 30, households: 200, workers: 1 }, standards)).toMatchObject({ arrival: 100, workload: 100 });
    expect(subScores({ ...quiet, arriveP50: 400, households: 900, workers: 1 }, standards)).toMatchObject({ arrival: 0, workload: 0 });
    // Households and nobody to serve them: no marks; nothing to measure: null.
    expect(subScores({ ...quiet, households: 10 }, standards).workload).toBe(0);
    expect(subScores(quiet, standards)).toEqual({
      closure: null,
      onTime: null,
      arrival: null,
      settledLow: null,
      visits: null,
      workload: null,
      repeats: null,
    });
  });

  it('weighs the sub-scores a cell has, sharing out the weight of missing ones', () => {
    expect(scoreOf({ closure: 80, onTime: 60, arrival: null, settledLow: null, visits: null, workload: null, repeats: null }, even)).toBe(
      70,
    );
    expect(scoreOf({ closure: 100, onTime: 0, arrival: 50, settledLow: 50, visits: 50, workload: 50, repeats: 50 }, even)).toBe(50);
    expect(
      scoreOf({ closure: null, onTime: null, arrival: null, settledLow: null, visits: null, workload: null, repeats: null }, even),
    ).toBeNull();
    expect([bandOf(85), bandOf(84.9), bandOf(70), bandOf(69.9), bandOf(null)]).toEqual(['green', 'yellow', 'yellow', 'red', null]);
  });

  it('ranks by score, ties by code, unscored last; names the best and worst tenth', () => {
    const cells = Array.from({ length: 20 }, (_, i) => ({
      code: `c${String(i).padStart(2, '0')}`,
      score: i === 19 ? null : 50 + (i % 10),
    }));
    const ranked = rankCells(cells);
    expect(ranked[0]).toMatchObject({ code: 'c09', rank: 1, standing: 'best' });
    expect(ranked[1]).toMatchObject({ code: 'c08', rank: 2, standing: null });
    expect(ranked[2]).toMatchObject({ code: 'c18', rank: 3 });
    expect(ranked[18]).toMatchObject({ code: 'c10', rank: 19, standing: 'worst' });
    expect(ranked[19]).toMatchObject({ code: 'c19', rank: null, standing: null });
    expect(rankCells([{ code: 'x', score: 90 }])[0]!.standing).toBeNull();
  });

  it('reads a month in Beijing time', () => {
    expect(monthRange('2025-03')).toEqual({ from: new Date('2025-02-28T16:00:00Z'), to: new Date('2025-03-31T16:00:00Z') });
    expect(monthRange('2025-12').to).toEqual(new Date('2025-12-31T16:00:00Z'));
  });
});
