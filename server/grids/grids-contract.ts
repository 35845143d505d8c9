import type { FeatureCollection, MultiPolygon } from 'geojson';
import { z } from 'zod';

/**
 * The grids API as both sides see it: the grid-code pattern every domain checks codes with,
 * and the shapes GET /api/levels and /api/grids answer with.
 */

/** Grid codes: a 12-digit division code, extended by 3 digits per level below the community. */
export const GRID_CODE = /^[0-9]{12}(?:[0-9]{3})*$/;

/** The same pattern for an HTML input's `pattern` attribute (anchored by the browser). */
export const GRID_CODE_INPUT_PATTERN = GRID_CODE.source.slice(1, -1);

/** A grid code in a request body or query. */
export const gridCodeSchema = z.string().regex(GRID_CODE, 'a grid code');

/** Query of GET /api/grids/as-of: the cells of a level as they stood at a moment. */
export const asOfSchema = z.object({
  level: z.string().regex(/^[a-z_]{2,40}$/),
  at: z.iso.datetime({ offset: true }),
});

/** A configured level of the hierarchy. */
export interface GridLevel {
  key: string;
  rank: number;
  nameZh: string;
  nameEn: string;
  tilesParent: boolean;
  cellCount: number;
}

/** Properties of one cell in the FeatureCollection. */
export interface GridProperties {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
  version: number;
  areaKm2: number;
  labelLon: number;
  labelLat: number;
}

/** Cells of one level as GeoJSON. */
export type GridCollection = FeatureCollection<MultiPolygon, GridProperties>;

/** Duties a staff member holds on a cell. */
export type StaffDuty = 'grid_leader' | 'full_time' | 'part_time';

/** A cell's figures over its subtree. */
export interface GridDetail {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
  version: number;
  areaKm2: number;
  bboxGeometry: { type: 'Polygon'; coordinates: number[][][] };
  leader: { id: number; name: string } | null;
  team: { id: number; name: string; duty: StaffDuty }[];
  ancestors: { code: string; name: string; level: string }[];
  households: number;
  residents: number;
  staff: number;
  workers: number;
  buildings: number;
  householdsPerWorker: number | null;
  descendantsByLevel: Record<string, number>;
}

/** One row of a breakdown by level. */
export interface BreakdownRow {
  code: string;
  name: string;
  households: number;
  residents: number;
  workers: number;
  householdsPerWorker: number | null;
}
