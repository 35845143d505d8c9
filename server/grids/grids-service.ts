import { AppError } from '../http/app-error.ts';
import type { GridQuery } from './grids-params.ts';
import { toleranceForZoom } from './grids-params.ts';
import type { BreakdownRow, GridDetail, GridsRepo } from './grids-repo.ts';

/** A breakdown row with the workload figure (households per grid worker). */
export interface BreakdownFigures extends BreakdownRow {
  householdsPerWorker: number | null;
}

/** Households per worker, one decimal; null when nobody works there. */
export function householdsPerWorker(households: number, workers: number): number | null {
  return workers > 0 ? Math.round((households / workers) * 10) / 10 : null;
}

/** Called when a viewer names a cell that exists outside their area (the answer is still 404). */
export type OutOfAreaHook = (code: string) => Promise<void>;

/** Rules of the grids domain above the SQL; `area` is always the viewer's area path. */
export function createGridsService(repo: GridsRepo) {
  const requireLevel = async (level: string, area: string): Promise<void> => {
    const levels = await repo.listLevels(area);
    if (!levels.some((l) => l.key === level)) {
      throw new AppError(400, 'unknown_level', { level, known: levels.map((l) => l.key).join(', ') }, 'level');
    }
  };
  // Outside the area a cell answers exactly like a missing one (404), so codes cannot be probed.
  const requireGrid = async (code: string, area: string, outOfArea?: OutOfAreaHook): Promise<void> => {
    if (await repo.exists(code, area)) return;
    if (outOfArea && (await repo.existsAnywhere(code))) await outOfArea(code);
    throw new AppError(404, 'grid_not_found', { code });
  };
  return {
    listLevels: (area: string) => repo.listLevels(area),
    async featureCollection(q: GridQuery, area: string, outOfArea?: OutOfAreaHook): Promise<string> {
      if (q.level !== null) await requireLevel(q.level, area);
      if (q.parent !== null) await requireGrid(q.parent, area, outOfArea);
      return repo.featureCollection(q, toleranceForZoom(q.zoom), area);
    },
    async detail(code: string, area: string, outOfArea?: OutOfAreaHook): Promise<GridDetail & { householdsPerWorker: number | null }> {
      const d = await repo.detail(code, area);
      if (!d) {
        await requireGrid(code, area, outOfArea);
        throw new AppError(404, 'grid_not_found', { code });
      }
      return { ...d, householdsPerWorker: householdsPerWorker(d.households, d.workers) };
    },
    async breakdown(code: string, level: string, area: string, outOfArea?: OutOfAreaHook): Promise<BreakdownFigures[]> {
      await requireLevel(level, area);
      await requireGrid(code, area, outOfArea);
      const rows = await repo.breakdown(code, level, area);
      return rows.map((r) => ({ ...r, householdsPerWorker: householdsPerWorker(r.households, r.workers) }));
    },
  };
}

/** The grids service's type. */
export type GridsService = ReturnType<typeof createGridsService>;
