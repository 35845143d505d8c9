import type { Queryable } from '../db/db.ts';
import { AppError } from '../http/app-error.ts';
import { SUBAREA_PATH } from './auth-sql.ts';
import type { Viewer } from './scope.ts';

/**
 * The viewer narrowed to one cell of their area, for figures a wall drills into (a community's
 * KPIs, a grid's trend). Without a code the viewer stays as signed in; a cell outside the area is
 * answered as one that does not exist, so a probe learns nothing about other areas.
 */
export async function narrowedTo(db: Queryable, viewer: Viewer, code: string | undefined): Promise<Viewer> {
  if (!code || code === viewer.areaCode) return viewer;
  const [row] = await db.query<{ path: string }>(SUBAREA_PATH, [viewer.areaPath, code]);
  if (!row) throw new AppError(404, 'grid_not_found', { code });
  return { ...viewer, areaCode: code, areaPath: row.path };
}
