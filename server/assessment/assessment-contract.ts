import { z } from 'zod';
import { gridCodeSchema } from '../grids/grids-contract.ts';

/** The monthly assessment (月考核) part of the API: a month's figures per cell and per worker, and the weights. */

/** The indicators a score is made of, in the order the weights are shown. */
export const WEIGHT_KEYS = ['closure', 'onTime', 'arrival', 'settledLow', 'visits', 'workload', 'repeats'] as const;
export type WeightKey = (typeof WEIGHT_KEYS)[number];
export type Weights = Record<WeightKey, number>;

/** Query of GET /api/assessment. */
export const assessmentQuery = z
  .object({
    month: z.string().regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM'),
    level: z.string().regex(/^[a-z_]{1,40}$/),
    /** A cell of the viewer's area to narrow to (its cells of the level). */
    area: gridCodeSchema.optional(),
  })
  .strict();

/** Body of PUT /api/assessment/weights: every indicator's weight, 0–1, summing to 1. */
export const weightsBody = z
  .object(Object.fromEntries(WEIGHT_KEYS.map((k) => [k, z.number().min(0).max(1)])) as Record<WeightKey, z.ZodNumber>)
  .strict()
  .refine((w) => Math.abs(WEIGHT_KEYS.reduce((s, k) => s + w[k], 0) - 1) < 1e-6, {
    message: 'weights must sum to 1 / 权重之和须为 1',
  });

/** A cell's raw figures for the month. */
export interface CellIndicators {
  reports: number;
  closed: number;
  closedOnTime: number;
  /** Reported in the month, still open and late when the figures were taken. */
  overdueOpen: number;
  arriveP50: number | null;
  arriveP90: number | null;
  closeP50: number | null;
  closeP90: number | null;
  settledLow: number;
  escalations: number;
  repeats: number;
  households: number;
  workers: number;
  members: number;
  visited: number;
}

/** Each indicator as 0–100 (higher better), null when there is nothing to measure. */
export type SubScores = Record<WeightKey, number | null>;

/** 红黄绿. */
export type Band = 'green' | 'yellow' | 'red';

/** One cell's month. */
export interface AssessmentCell {
  code: string;
  name: string;
  parentCode: string | null;
  /** The cell's versions in force during the month (more than one: split, merged or redrawn mid-month; validFrom null: as loaded). */
  versions: { version: number; validFrom: string | null; validTo: string | null }[];
  indicators: CellIndicators;
  sub: SubScores;
  score: number | null;
  band: Band | null;
  rank: number | null;
  /**
   * Risk-adjusted (docs/assessment-model.md): the median minutes to close the area's model expects
   * for this cell's own cases, observed against expected (1: as expected, 2: twice as slow), and the
   * rank by that ratio (1 the best); null with too few closed cases.
   */
  expected: { closeP50: number; ratio: number; cases: number } | null;
  riskRank: number | null;
  /** 先进 / 后进. */
  standing: 'best' | 'worst' | null;
}

/** One worker's month (网格员). */
export interface AssessmentWorker {
  staffId: number;
  name: string;
  role: string;
  gridCode: string | null;
  handled: number;
  closed: number;
  closedOnTime: number;
  closeP50: number | null;
  visits: number;
}

/** GET /api/assessment. */
export interface AssessmentMonth {
  month: string;
  level: string;
  /** The area the figures are for (the viewer's, or the cell named by `area`). */
  areaName: string;
  /** When the month's figures were written (null while the month runs and they are live). */
  frozenAt: string | null;
  /** The moment the figures describe: the month's end, or now. */
  asOf: string;
  weights: Weights;
  cells: AssessmentCell[];
  workers: AssessmentWorker[];
}
