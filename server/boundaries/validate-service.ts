import type { Geometry } from 'geojson';
import { z } from 'zod';
import type { Viewer } from '../auth/scope.ts';
import type { Queryable } from '../db/db.ts';
import { AppError } from '../http/app-error.ts';
import { parseWith } from '../http/parse-body.ts';
import { readCellGeometry, type GeometryProblem } from './geometry-input.ts';
import * as sql from './validate-sql.ts';

/** Overlaps, parts outside the parent and gaps smaller than this (m²) are drawing noise, not errors. */
export const AREA_TOLERANCE_M2 = 1;
/** A polygon of a cell smaller than this (m²) is a sliver: no grid is a few metres across. */
export const SLIVER_M2 = 100;
/** Cells one change of a parent may name. */
export const MAX_CELLS_PER_PARENT = 60;

const code = z.string().regex(/^[0-9]{12}([0-9]{3})*$/, 'a grid code');

/** One cell of a proposed change: a new shape, a new cell, or a deletion (its area given to siblings). */
export const proposedCell = z
  .object({
    code,
    action: z.enum(['create', 'update', 'delete']).default('update'),
    name: z.string().trim().min(1).max(100).optional(),
    geometry: z.unknown().optional(),
  })
  .strict();
export type ProposedCell = z.infer<typeof proposedCell>;

/** Body of POST /api/boundaries/validate: the children of one parent as a change would leave them. */
export const validateBody = z.object({ parentCode: code, cells: z.array(proposedCell).min(1).max(MAX_CELLS_PER_PARENT) }).strict();

/** What the checks found; `errors` block saving nothing but publishing everything. */
export interface ValidationReport {
  parentCode: string;
  tolerances: { areaM2: number; sliverM2: number };
  cells: { code: string; action: ProposedCell['action']; vertices: number; duplicatesDropped: number }[];
  outside: { code: string; areaM2: number; geometry: Geometry }[];
  overlaps: { code: string; sibling: string; areaM2: number; geometry: Geometry }[];
  slivers: { code: string; areaM2: number; geometry: Geometry }[];
  gaps: { areaM2: number; geometry: Geometry; households: number }[];
  /** No overlap, nothing outside the parent, no sliver. */
  valid: boolean;
  /** Valid and no gap; gaps without households may still be published when accepted with a reason. */
  complete: boolean;
  /** Households that would stand in no grid: never publishable. */
  householdsInGaps: number;
}

/** A shape refused outright (422): it cannot be stored even in a draft. */
export function invalidGeometry(cellCode: string, problem: Pick<GeometryProblem, 'zh' | 'en' | 'path'>, location?: Geometry | null) {
  const err = new AppError(422, 'invalid_geometry', { code: cellCode, reason: problem.zh, reasonEn: problem.en });
  err.extra = { cell: cellCode, path: problem.path, ...(location ? { location } : {}) };
  return err;
}

/** PostGIS's reasons (ST_IsValidDetail) in the user's first language. */
const REASONS_ZH: Record<string, string> = {
  'Self-intersection': '边界自相交',
  'Ring Self-intersection': '环自相交（含零面积尖刺）',
  'Hole lies outside shell': '内环（洞）位于外环之外',
  'Nested holes': '内环嵌套',
  'Interior is disconnected': '内部不连通',
  'Nested shells': '外环嵌套',
  'Duplicate Rings': '重复的环',
  'Too few distinct points in geometry component': '不同的顶点太少',
  'Invalid Coordinate': '无效坐标',
};

/**
 * The authoritative checks of one parent's children after a change, in PostGIS: each shape valid
 * (else 422 with PostGIS's reason and location), then every part outside the parent, every overlap
 * between cells, every sliver and every gap the change leaves, as GeoJSON where it is.
 */
export async function validateChange(db: Queryable, viewer: Viewer, input: unknown): Promise<ValidationReport> {
  // The parent first: a cell outside the area answers 404 whatever else the body holds.
  const { parentCode } = parseWith(z.object({ parentCode: code }).passthrough(), input);
  const [parent] = await db.query<{ code: string; level: string; childLevel: string | null }>(sql.PARENT_IN_AREA, [
    parentCode,
    viewer.areaPath,
  ]);
  if (!parent) throw new AppError(404, 'grid_not_found', { code: parentCode });
  const body = parseWith(validateBody, input);
  if (!parent.childLevel) throw new AppError(422, 'no_child_level', { code: parent.code });
  const codes = body.cells.map((c) => c.code);
  if (new Set(codes).size !== codes.length)
    throw new AppError(422, 'duplicate_cell', { code: codes.find((c, i) => codes.indexOf(c) !== i)! });
  const existing = new Map(
    (await db.query<{ code: string; parentCode: string | null }>(sql.CELLS_IN_AREA, [codes, viewer.areaPath])).map((c) => [c.code, c]),
  );
  const records: ProposedRecord[] = [];
  const cells: ValidationReport['cells'] = [];
  for (const cell of body.cells) {
    const read = readProposedCell(cell, existing.get(cell.code), parent.code);
    records.push(read.record);
    cells.push(read.summary);
  }
  await assertValidShapes(db, records);
  return { parentCode: parent.code, cells, ...(await checkRelations(db, parent.code, records)) };
}

/**
 * Checks one proposed cell against what exists (`found`, the cell by its code) under `parentCode`
 * and reads its shape strictly; throws the 4xx that says what is wrong.
 */
export function readProposedCell(
  cell: ProposedCell,
  found: { parentCode: string | null } | undefined,
  parentCode: string,
): { record: ProposedRecord; summary: ValidationReport['cells'][number] } {
  if (cell.action === 'create') {
    if (found) throw new AppError(409, 'grid_exists', { code: cell.code });
    if (!cell.code.startsWith(parentCode) || cell.code.length !== parentCode.length + 3)
      throw new AppError(422, 'code_not_under_parent', { code: cell.code, parent: parentCode });
  } else if (!found || found.parentCode !== parentCode) throw new AppError(404, 'grid_not_found', { code: cell.code });
  if (cell.action === 'delete')
    return {
      record: { code: cell.code, action: 'delete', geometry: null },
      summary: { code: cell.code, action: 'delete', vertices: 0, duplicatesDropped: 0 },
    };
  const read = readCellGeometry(cell.geometry);
  if (!read.ok) throw invalidGeometry(cell.code, read.problem);
  return {
    record: { code: cell.code, action: cell.action, geometry: JSON.stringify({ type: 'MultiPolygon', coordinates: read.coordinates }) },
    summary: { code: cell.code, action: cell.action, vertices: read.vertices, duplicatesDropped: read.duplicatesDropped },
  };
}

/** A proposed cell as the checks take it: the shape as GeoJSON text (null for a deletion). */
export interface ProposedRecord {
  code: string;
  action: ProposedCell['action'];
  geometry: string | null;
}

/** Refuses (422) the first shape PostGIS finds invalid, with its reason in both languages and where it is. */
export async function assertValidShapes(db: Queryable, records: ProposedRecord[]): Promise<void> {
  const rows = await db.query<{ code: string; valid: boolean; reason: string | null; location: Geometry | null }>(sql.VALIDITY, [
    JSON.stringify(records),
  ]);
  for (const v of rows) {
    if (v.valid) continue;
    const reason = v.reason ?? 'invalid';
    const known = Object.keys(REASONS_ZH).find((k) => reason.startsWith(k));
    throw invalidGeometry(
      v.code,
      { zh: `${known ? REASONS_ZH[known] : '几何图形无效'}（PostGIS：${reason}）`, en: `${reason} (PostGIS)`, path: 'geometry' },
      v.location,
    );
  }
}

/** The relation checks of one parent's children after a change: outside, overlaps, slivers, gaps. */
export async function checkRelations(
  db: Queryable,
  parentCode: string,
  records: ProposedRecord[],
): Promise<Omit<ValidationReport, 'parentCode' | 'cells'>> {
  const [row] = await db.query<Pick<ValidationReport, 'outside' | 'overlaps' | 'gaps' | 'slivers'>>(sql.RELATIONS, [
    JSON.stringify(records),
    parentCode,
    AREA_TOLERANCE_M2,
    SLIVER_M2,
  ]);
  const { outside, overlaps, gaps, slivers } = row!;
  const valid = outside.length === 0 && overlaps.length === 0 && slivers.length === 0;
  return {
    tolerances: { areaM2: AREA_TOLERANCE_M2, sliverM2: SLIVER_M2 },
    outside,
    overlaps,
    slivers,
    gaps,
    valid,
    complete: valid && gaps.length === 0,
    householdsInGaps: gaps.reduce((n, g) => n + g.households, 0),
  };
}
