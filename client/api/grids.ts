import type { FeatureCollection, MultiPolygon } from 'geojson';
import { getJson } from './http.ts';

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
  team: { id: number; name: string; duty: 'grid_leader' | 'full_time' | 'part_time' }[];
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

/** GET /api/levels */
export const fetchLevels = (): Promise<GridLevel[]> => getJson('/api/levels');

/** GET /api/grids for one level, simplified for a zoom when one is given. */
export const fetchGrids = (level: string, zoom?: number): Promise<GridCollection> =>
  getJson(`/api/grids?level=${encodeURIComponent(level)}${zoom === undefined ? '' : `&zoom=${Math.round(zoom)}`}`);

/** GET /api/grids for the children of one cell at a level (after a boundary change under it). */
export const fetchGridsUnder = (level: string, parent: string): Promise<GridCollection> =>
  getJson(`/api/grids?level=${encodeURIComponent(level)}&parent=${encodeURIComponent(parent)}`);

/** GET /api/grids/:code */
export const fetchGridDetail = (code: string): Promise<GridDetail> => getJson(`/api/grids/${encodeURIComponent(code)}`);

/** GET /api/grids/:code/breakdown?level= */
export const fetchBreakdown = (code: string, level: string): Promise<BreakdownRow[]> =>
  getJson(`/api/grids/${encodeURIComponent(code)}/breakdown?level=${encodeURIComponent(level)}`);
