import type { Queryable } from '../db/db.ts';
import type { GridQuery } from './grids-params.ts';
import * as sql from './grids-sql.ts';

/** A configured level of the hierarchy, with how many cells it has. */
export interface GridLevelRow {
  key: string;
  rank: number;
  nameZh: string;
  nameEn: string;
  tilesParent: boolean;
  cellCount: number;
}

/** A cell's figures over its whole subtree. */
export interface GridDetail {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
  version: number;
  areaKm2: number;
  bboxGeometry: { type: 'Polygon'; coordinates: number[][][] };
  leader: { id: number; name: string } | null;
  /** Staff assigned to this cell itself (not its descendants). */
  team: { id: number; name: string; duty: 'grid_leader' | 'full_time' | 'part_time' }[];
  ancestors: { code: string; name: string; level: string }[];
  households: number;
  residents: number;
  staff: number;
  workers: number;
  buildings: number;
  descendantsByLevel: Record<string, number>;
}

/** One row of a breakdown by level. */
export interface BreakdownRow {
  code: string;
  name: string;
  households: number;
  residents: number;
  workers: number;
}

/**
 * Data access of the grids domain. Every method takes the viewer's area path
 * and filters by it in SQL, so rows outside the area are never read.
 */
export function createGridsRepo(db: Queryable) {
  return {
    listLevels: (area: string) => db.query<GridLevelRow>(sql.SELECT_LEVELS, [area]),
    /** The FeatureCollection as JSON text. */
    async featureCollection(q: GridQuery, tolerance: number | null, area: string): Promise<string> {
      const b = q.bbox ?? [null, null, null, null];
      const rows = await db.query<{ body: string }>(sql.SELECT_GRIDS_GEOJSON, [q.level, q.parent, ...b, tolerance, area]);
      return rows[0]!.body;
    },
    async exists(code: string, area: string): Promise<boolean> {
      return (await db.query(sql.SELECT_GRID_EXISTS, [code, area])).length > 0;
    },
    async existsAnywhere(code: string): Promise<boolean> {
      return (await db.query(sql.SELECT_GRID_EXISTS_ANYWHERE, [code])).length > 0;
    },
    async detail(code: string, area: string): Promise<GridDetail | null> {
      return (await db.query<GridDetail>(sql.SELECT_GRID_DETAIL, [code, area]))[0] ?? null;
    },
    breakdown: (code: string, level: string, area: string) => db.query<BreakdownRow>(sql.SELECT_BREAKDOWN, [code, level, area]),
  };
}

/** The grids repository's type. */
export type GridsRepo = ReturnType<typeof createGridsRepo>;
