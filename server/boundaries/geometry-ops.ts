import type { z } from 'zod';
import type { MultiPolygon } from 'geojson';
import type { Queryable } from '../db/db.ts';
import { AppError } from '../http/app-error.ts';
import { readCellGeometry } from './geometry-input.ts';
import * as sql from './geometry-ops-sql.ts';
import { assertValidShapes, invalidGeometry } from './validate-service.ts';
import { type mergeBody, type overlayBody, type splitBody } from './boundaries-contract.ts';

/** A shape from the editor, read strictly and checked valid, as GeoJSON text. */
async function readValid(db: Queryable, input: unknown, label: string): Promise<string> {
  const read = readCellGeometry(input);
  if (!read.ok) throw invalidGeometry(label, read.problem);
  const geometry = JSON.stringify({ type: 'MultiPolygon', coordinates: read.coordinates });
  await assertValidShapes(db, [{ code: label, action: 'update', geometry }]);
  return geometry;
}

/** Cuts a cell along a drawn line: two or more parts, largest first; 422 when the line does not cross it. */
export async function splitCell(
  db: Queryable,
  body: z.infer<typeof splitBody>,
): Promise<{ parts: { geometry: MultiPolygon; areaM2: number }[] }> {
  const cell = await readValid(db, body.geometry, 'geometry');
  const parts = await db.query<{ geometry: MultiPolygon; areaM2: number }>(sql.SPLIT, [
    cell,
    JSON.stringify({ type: 'LineString', coordinates: body.line }),
  ]);
  if (parts.length < 2) throw new AppError(422, 'split_failed');
  return { parts };
}

/** Joins neighbouring cells into one; 422 when they do not touch (the result would be in pieces). */
export async function mergeCells(db: Queryable, body: z.infer<typeof mergeBody>): Promise<{ geometry: MultiPolygon }> {
  const shapes: string[] = [];
  for (const [i, g] of body.geometries.entries()) shapes.push(await readValid(db, g, `geometries.${i}`));
  const [merged] = await db.query<{ geometry: MultiPolygon; parts: number }>(sql.MERGE, [JSON.stringify(shapes)]);
  if (merged!.parts > 1) throw new AppError(422, 'not_adjacent', { parts: merged!.parts });
  return { geometry: merged!.geometry };
}

/** One shape minus, or within, another: carving a new cell out of its siblings, clipping it to its parent. */
export async function overlayShapes(db: Queryable, body: z.infer<typeof overlayBody>): Promise<{ geometry: MultiPolygon | null }> {
  const a = await readValid(db, body.a, 'a');
  const b = await readValid(db, body.b, 'b');
  const [row] = await db.query<{ geometry: MultiPolygon | null }>(sql.OVERLAY, [a, b, body.op]);
  return { geometry: row!.geometry };
}
