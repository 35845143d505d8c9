import type { Queryable } from '../db/db.ts';
import { AppError } from '../http/app-error.ts';
import type { BreakdownRow, GridDetail, GridLevel } from './grids-contract.ts';
import { toleranceForZoom, type GridQuery } from './grids-params.ts';
import * as sql from './grids-sql.ts';

/*
 * The grids domain: every function takes the viewer's area path and filters by it in SQL, so rows
 * outside the area are never read, and a cell outside the area answers exactly like a missing one.
 */

/** Households per worker, one decimal; null when nobody works there. */
export function householdsPerWorker(households: number, workers: number): number | null {
  return workers > 0 ? Math.round((households / workers) * 10) / 10 : null;
}

/** Called when a viewer names a cell that exists outside their area (the answer is still 404). */
type OutOfAreaHook = (code: string) => Promise<void>;

/** The configured levels with how many cells of each lie in the area. */
export const listLevels = (db: Queryable, area: string): Promise<GridLevel[]> => db.query<GridLevel>(sql.SELECT_LEVELS, [area]);

async function requireLevel(db: Queryable, level: string, area: string): Promise<void> {
  const levels = await listLevels(db, area);
  if (!levels.some((l) => l.key === level)) {
    throw new AppError(400, 'unknown_level', { level, known: levels.map((l) => l.key).join(', ') }, 'level');
  }
}

// Outside the area a cell answers exactly like a missing one (404), so codes cannot be probed.
async function requireGrid(db: Queryable, code: string, area: string, outOfArea?: OutOfAreaHook): Promise<void> {
  if ((await db.query(sql.SELECT_GRID_EXISTS, [code, area])).length > 0) return;
  if (outOfArea && (await db.query(sql.SELECT_GRID_EXISTS_ANYWHERE, [code])).length > 0) await outOfArea(code);
  throw new AppError(404, 'grid_not_found', { code });
}

/** The cells a query asks for as GeoJSON text, built by PostGIS and passed through unparsed. */
export async function featureCollection(db: Queryable, q: GridQuery, area: string, outOfArea?: OutOfAreaHook): Promise<string> {
  if (q.level !== null) await requireLevel(db, q.level, area);
  if (q.parent !== null) await requireGrid(db, q.parent, area, outOfArea);
  const b = q.bbox ?? [null, null, null, null];
  const rows = await db.query<{ body: string }>(sql.SELECT_GRIDS_GEOJSON, [q.level, q.parent, ...b, toleranceForZoom(q.zoom), area]);
  return rows[0]!.body;
}

/** The cells of a level inside the area as they stood at a moment (the playback's map), as GeoJSON text. */
export async function cellsAsOf(db: Queryable, level: string, at: string, area: string): Promise<string> {
  await requireLevel(db, level, area);
  const [row] = await db.query<{ body: string }>(sql.CELLS_AS_OF, [area, level, at]);
  return row!.body;
}

/** One cell's figures over its subtree, with its leader, team and ancestors inside the area. */
export async function gridDetail(db: Queryable, code: string, area: string, outOfArea?: OutOfAreaHook): Promise<GridDetail> {
  const [d] = await db.query<Omit<GridDetail, 'householdsPerWorker'>>(sql.SELECT_GRID_DETAIL, [code, area]);
  if (!d) {
    await requireGrid(db, code, area, outOfArea);
    throw new AppError(404, 'grid_not_found', { code });
  }
  return { ...d, householdsPerWorker: householdsPerWorker(d.households, d.workers) };
}

/** The figures of a cell's descendants at a level. */
export async function breakdown(
  db: Queryable,
  code: string,
  level: string,
  area: string,
  outOfArea?: OutOfAreaHook,
): Promise<BreakdownRow[]> {
  await requireLevel(db, level, area);
  await requireGrid(db, code, area, outOfArea);
  const rows = await db.query<Omit<BreakdownRow, 'householdsPerWorker'>>(sql.SELECT_BREAKDOWN, [code, level, area]);
  return rows.map((r) => ({ ...r, householdsPerWorker: householdsPerWorker(r.households, r.workers) }));
}
