import type { Geometry } from 'geojson';
import { type z } from 'zod';
import type { Viewer } from '../auth/scope.ts';
import type { Db, Queryable } from '../db/db.ts';
import { AppError } from '../http/app-error.ts';
import { readCellGeometry, type GeometryProblem } from './geometry-input.ts';
import * as sql from './validate-sql.ts';
import { AREA_TOLERANCE_M2, type ProposedCell, SLIVER_M2, type ValidationReport, type validateBody } from './boundaries-contract.ts';

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
export async function validateChange(db: Db, viewer: Viewer, body: z.infer<typeof validateBody>): Promise<ValidationReport> {
  return db.transaction(async (tx) => {
    const [parent] = await tx.query<{ code: string; level: string; childLevel: string | null }>(sql.PARENT_IN_AREA, [
      body.parentCode,
      viewer.areaPath,
    ]);
    if (!parent) throw new AppError(404, 'grid_not_found', { code: body.parentCode });
    if (!parent.childLevel) throw new AppError(422, 'no_child_level', { code: parent.code });
    const codes = body.cells.map((c) => c.code);
    if (new Set(codes).size !== codes.length)
      throw new AppError(422, 'duplicate_cell', { code: codes.find((c, i) => codes.indexOf(c) !== i)! });
    const existing = new Map(
      (await tx.query<{ code: string; parentCode: string | null }>(sql.CELLS_IN_AREA, [codes, viewer.areaPath])).map((c) => [c.code, c]),
    );
    const records: ProposedRecord[] = [];
    const cells: ValidationReport['cells'] = [];
    for (const cell of body.cells) {
      const read = readProposedCell(cell, existing.get(cell.code), parent.code);
      records.push(read.record);
      cells.push(read.summary);
    }
    await assertValidShapes(tx, records);
    return { parentCode: parent.code, cells, ...(await checkRelations(tx, parent.code, records)) };
  });
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
