import type { MultiPolygon } from 'geojson';
import { z } from 'zod';
import type { Queryable } from '../db/db.ts';
import { AppError } from '../http/app-error.ts';
import { parseWith } from '../http/parse-body.ts';
import { readCellGeometry } from './geometry-input.ts';
import * as sql from './geometry-ops-sql.ts';
import { assertValidShapes, invalidGeometry } from './validate-service.ts';

const lonLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
export const splitBody = z.object({ geometry: z.unknown(), line: z.array(lonLat).min(2).max(1000) }).strict();
export const overlayBody = z.object({ op: z.enum(['difference', 'intersection']), a: z.unknown(), b: z.unknown() }).strict();
export const mergeBody = z.object({ geometries: z.array(z.unknown()).min(2).max(12) }).strict();

/** A shape from the editor, read strictly and checked valid, as GeoJSON text. */
async function readValid(db: Queryable, input: unknown, label: string): Promise<string> {
  const read = readCellGeometry(input);
  if (!read.ok) throw invalidGeometry(label, read.problem);
  const geometry = JSON.stringify({ type: 'MultiPolygon', coordinates: read.coordinates });
  await assertValidShapes(db, [{ code: label, action: 'update', geometry }]);
  return geometry;
}

/** Cuts a cell along a drawn line: two or more parts, largest first; 422 when the line does not cross it. */
export async function splitCell(db: Queryable, input: unknown): Promise<{ parts: { geometry: MultiPolygon; areaM2: number }[] }> {
  const body = parseWith(splitBody, input);
  const cell = await readValid(db, body.geometry, 'geometry');
  const parts = await db.query<{ geometry: MultiPolygon; areaM2: number }>(sql.SPLIT, [
    cell,
    JSON.stringify({ type: 'LineString', coordinates: body.line }),
  ]);
  if (parts.length < 2) throw new AppError(422, 'split_failed');
  return { parts };
}

/** Joins neighbouring cells into one; 422 when they do not touch (the result would be in pieces). */
export async function mergeCells(db: Queryable, input: unknown): Promise<{ geometry: MultiPolygon }> {
  const body = parseWith(mergeBody, input);
  const shapes: string[] = [];
  for (const [i, g] of body.geometries.entries()) shapes.push(await readValid(db, g, `geometries.${i}`));
  const [merged] = await db.query<{ geometry: MultiPolygon; parts: number }>(sql.MERGE, [JSON.stringify(shapes)]);
  if (merged!.parts > 1) throw new AppError(422, 'not_adjacent', { parts: merged!.parts });
  return { geometry: merged!.geometry };
}

/** One shape minus, or within, another: carving a new cell out of its siblings, clipping it to its parent. */
export async function overlayShapes(db: Queryable, input: unknown): Promise<{ geometry: MultiPolygon | null }> {
  const body = parseWith(overlayBody, input);
  const a = await readValid(db, body.a, 'a');
  const b = await readValid(db, body.b, 'b');
  const [row] = await db.query<{ geometry: MultiPolygon | null }>(sql.OVERLAY, [a, b, body.op]);
  return { geometry: row!.geometry };
}
