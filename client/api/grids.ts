import type { BreakdownRow, GridCollection, GridDetail, GridLevel } from '../../server/grids/grids-contract.ts';
import { getJson } from './http.ts';

export type { BreakdownRow, GridCollection, GridDetail, GridLevel, GridProperties } from '../../server/grids/grids-contract.ts';

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

/** The cells of a level as they stood at a moment (the playback's map). */
export const fetchGridsAsOf = (level: string, at: Date): Promise<GridCollection> =>
  getJson(`/api/grids/as-of?level=${encodeURIComponent(level)}&at=${encodeURIComponent(at.toISOString())}`);
