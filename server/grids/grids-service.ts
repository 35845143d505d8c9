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

/** Rules of the grids domain above the SQL. */
export function createGridsService(repo: GridsRepo) {
  const requireLevel = async (level: string): Promise<void> => {
    const levels = await repo.listLevels();
    if (!levels.some((l) => l.key === level)) {
      throw new AppError(400, 'unknown_level', { level, known: levels.map((l) => l.key).join(', ') }, 'level');
    }
  };
  const requireGrid = async (code: string): Promise<void> => {
    if (!(await repo.exists(code))) throw new AppError(404, 'grid_not_found', { code });
  };
  return {
    listLevels: () => repo.listLevels(),
    async featureCollection(q: GridQuery): Promise<string> {
      if (q.level !== null) await requireLevel(q.level);
      if (q.parent !== null) await requireGrid(q.parent);
      return repo.featureCollection(q, toleranceForZoom(q.zoom));
    },
    async detail(code: string): Promise<GridDetail & { householdsPerWorker: number | null }> {
      const d = await repo.detail(code);
      if (!d) throw new AppError(404, 'grid_not_found', { code });
      return { ...d, householdsPerWorker: householdsPerWorker(d.households, d.workers) };
    },
    async breakdown(code: string, level: string): Promise<BreakdownFigures[]> {
      await requireLevel(level);
      await requireGrid(code);
      const rows = await repo.breakdown(code, level);
      return rows.map((r) => ({ ...r, householdsPerWorker: householdsPerWorker(r.households, r.workers) }));
    },
  };
}

/** The grids service's type. */
export type GridsService = ReturnType<typeof createGridsService>;
