import type { BasemapLabels } from '../../server/basemap/basemap-contract.ts';
import { getJson } from './http.ts';

export type { PlaceLabel, RoadLabel } from '../../server/basemap/basemap-contract.ts';
export { BASEMAP_STYLE_URL } from '../../server/basemap/basemap-contract.ts';

/** GET /api/basemap/labels for a bbox. */
export const fetchLabels = (bbox: [number, number, number, number]): Promise<BasemapLabels> =>
  getJson(`/api/basemap/labels?bbox=${bbox.map((n) => n.toFixed(6)).join(',')}`);
