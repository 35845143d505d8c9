import type { z } from 'zod';
import { auditSuccess } from '../audit/audit.ts';
import type { Viewer } from '../auth/scope.ts';
import type { ClientInfo } from '../auth/sessions.ts';
import type { Db, Queryable } from '../db/db.ts';
import { AppError } from '../http/app-error.ts';
import { readStandards } from '../settings/settings-service.ts';
import type {
  AssessmentCell,
  AssessmentMonth,
  AssessmentWorker,
  assessmentQuery,
  CellIndicators,
  Weights,
  weightsBody,
} from './assessment-contract.ts';
import { bandOf, rankCells, scoreOf, subScores, type ScoreStandards } from './assessment-score.ts';
import * as sql from './assessment-sql.ts';
import { expectations, type CaseRow } from './risk-model.ts';

/** Median minutes to be on site that earn full marks (the seeds' emergency limit is an hour). */
export const ARRIVE_TARGET_MINUTES = 60;

/** A month (YYYY-MM) as a half-open range of Beijing time (+08, no summer time). */
export function monthRange(month: string): { from: Date; to: Date } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { from: new Date(Date.UTC(y, m - 1, 1) - 8 * 3_600_000), to: new Date(Date.UTC(y, m, 1) - 8 * 3_600_000) };
}

export async function readWeights(q: Queryable): Promise<Weights> {
  const [row] = await q.query<{ value: Weights }>(sql.SELECT_WEIGHTS);
  return row!.value;
}

/** Sets the weights, audited with the ones they replace; frozen months keep the weights they were scored with. */
export async function saveWeights(db: Db, viewer: Viewer, body: z.infer<typeof weightsBody>, client: ClientInfo): Promise<Weights> {
  return db.transaction(async (tx) => {
    const before = await readWeights(tx);
    await tx.query(sql.UPDATE_WEIGHTS, [JSON.stringify(body)]);
    await auditSuccess(tx, viewer, client, 'assessment.weights', ['settings', 'assessment_weights'], { before, after: body });
    return body;
  });
}

type CellRow = CellIndicators & {
  code: string;
  name: string;
  parentCode: string | null;
  path: string;
  versions: AssessmentCell['versions'];
};

/** The areal levels, finest last; the finest and the one above it are where a case is "settled low". */
async function levels(q: Queryable): Promise<string[]> {
  return (await q.query<{ key: string }>(sql.AREAL_LEVELS)).map((r) => r.key);
}

/** The month's cells of a level in an area, with their figures scored. */
async function computeCells(
  q: Queryable,
  level: string,
  areaPath: string,
  range: { from: Date; to: Date; asOf: Date },
  keys: string[],
  weights: Weights,
  standards: ScoreStandards,
): Promise<(Omit<AssessmentCell, 'rank' | 'standing' | 'riskRank'> & { path: string })[]> {
  const finest = keys[keys.length - 1]!;
  const above = keys[keys.length - 2] ?? finest;
  const params = [level, areaPath, range.from, range.to, range.asOf];
  const rows = await q.query<CellRow>(sql.CELL_FIGURES, [...params, finest, above]);
  const load = new Map(rows.map((r) => [r.code, r.reports / Math.max(1, r.workers)]));
  const cases = await q.query<Omit<CaseRow, 'load'>>(sql.CASE_ROWS, params);
  const expected = expectations(cases.map((c) => ({ ...c, load: load.get(c.code) ?? 0 })));
  return rows.map(({ code, name, parentCode, path, versions, ...indicators }) => {
    const sub = subScores(indicators, standards);
    const score = scoreOf(sub, weights);
    const e = expected.get(code);
    return {
      code,
      name,
      parentCode,
      path,
      versions,
      indicators,
      sub,
      score,
      band: bandOf(score),
      expected: e ? { closeP50: e.expectedP50, ratio: e.ratio, cases: e.cases } : null,
    };
  });
}

/**
 * Writes a month that has ended, once, for every level and every worker of the district, on the
 * boundaries in force during the month and with the weights of now. Concurrent first readers race
 * for the month's row; the loser writes nothing. All in one transaction: a crash leaves no month
 * half-frozen.
 */
async function freeze(db: Db, month: string, range: { from: Date; to: Date }): Promise<void> {
  await db.transaction(async (tx) => {
    const [root] = await tx.query<{ path: string }>('SELECT path FROM grids WHERE parent_code IS NULL ORDER BY code LIMIT 1');
    const keys = await levels(tx);
    const weights = await readWeights(tx);
    const standards = { householdsPerWorker: (await readStandards(tx)).householdsPerWorker, arriveTargetMinutes: ARRIVE_TARGET_MINUTES };
    const claimed = await tx.query(sql.INSERT_MONTH, [`${month}-01`, JSON.stringify(weights)]);
    if (claimed.length === 0) return;
    const asOf = { ...range, asOf: range.to };
    for (const level of keys) {
      const cells = await computeCells(tx, level, root!.path, asOf, keys, weights, standards);
      const records = cells.map(({ code, name, parentCode, ...figures }) => ({ code, name, parentCode, figures }));
      await tx.query(sql.INSERT_CELLS, [`${month}-01`, level, JSON.stringify(records)]);
    }
    const workers = await tx.query<AssessmentWorker & { path: string }>(sql.WORKER_FIGURES, [range.from, range.to, range.to, root!.path]);
    await tx.query(sql.INSERT_WORKERS, [`${month}-01`, JSON.stringify(workers.map((w) => ({ staffId: w.staffId, figures: w })))]);
  });
}

/** The area the figures are for: the viewer's, or a cell of it they name (404 when it is not theirs). */
async function areaPathOf(q: Queryable, viewer: Viewer, area: string | undefined): Promise<string> {
  if (!area) return viewer.areaPath;
  const [row] = await q.query<{ path: string }>("SELECT path FROM grids WHERE code = $1 AND (path = $2 OR path LIKE $2 || '.%')", [
    area,
    viewer.areaPath,
  ]);
  if (!row) throw new AppError(404, 'grid_not_found', { code: area });
  return row.path;
}

/**
 * GET /api/assessment: a month's figures, score, band and rank for each cell of a level in the
 * viewer's area, and each worker's. A month that has ended is read from its frozen rows (written
 * by the first request after its end); the running month is computed live, as of now.
 */
export async function monthAssessment(
  db: Db,
  viewer: Viewer,
  q: z.infer<typeof assessmentQuery>,
  now = new Date(),
): Promise<AssessmentMonth> {
  const range = monthRange(q.month);
  if (range.from > now) throw new AppError(400, 'month_in_future', { month: q.month });
  const keys = await levels(db);
  if (!keys.includes(q.level)) throw new AppError(400, 'unknown_level', { level: q.level, known: keys.join(', ') });
  const areaPath = await areaPathOf(db, viewer, q.area);
  const [area] = await db.query<{ name: string }>('SELECT name FROM grids WHERE path = $1', [areaPath]);
  const areaName = area?.name ?? '';
  const ranked = (cells: Omit<AssessmentCell, 'rank' | 'standing' | 'riskRank'>[]) => rankCells(cells);
  if (range.to <= now) {
    if ((await db.query(sql.FROZEN_MONTH, [`${q.month}-01`])).length === 0) await freeze(db, q.month, range);
    const [month] = await db.query<{ frozenAt: Date; weights: Weights }>(sql.FROZEN_MONTH, [`${q.month}-01`]);
    const cells = await db.query<{
      code: string;
      name: string;
      parentCode: string | null;
      figures: Omit<AssessmentCell, 'code' | 'name' | 'parentCode' | 'rank' | 'standing' | 'riskRank'> & { path?: string };
    }>(sql.FROZEN_CELLS, [`${q.month}-01`, q.level, areaPath]);
    const workers = await db.query<{ figures: AssessmentWorker & { path?: string } }>(sql.FROZEN_WORKERS, [`${q.month}-01`, areaPath]);
    return {
      month: q.month,
      level: q.level,
      areaName,
      frozenAt: month!.frozenAt.toISOString(),
      asOf: range.to.toISOString(),
      weights: month!.weights,
      cells: ranked(cells.map(({ code, name, parentCode, figures: { path: _path, ...f } }) => ({ code, name, parentCode, ...f }))),
      workers: workers.map(({ figures: { path: _path, ...w } }) => w),
    };
  }
  const weights = await readWeights(db);
  const standards = { householdsPerWorker: (await readStandards(db)).householdsPerWorker, arriveTargetMinutes: ARRIVE_TARGET_MINUTES };
  const cells = await computeCells(db, q.level, areaPath, { ...range, asOf: now }, keys, weights, standards);
  const workers = await db.query<AssessmentWorker & { path?: string }>(sql.WORKER_FIGURES, [range.from, range.to, now, areaPath]);
  return {
    month: q.month,
    level: q.level,
    areaName,
    frozenAt: null,
    asOf: now.toISOString(),
    weights,
    cells: ranked(cells.map(({ path: _path, ...c }) => c)),
    workers: workers.map(({ path: _path, ...w }) => w),
  };
}
