import { getJson } from './http.ts';

/** A road-name anchor. */
export interface RoadLabel {
  name: string;
  roadClass: string;
  lon: number;
  lat: number;
  bearing: number;
  lengthM: number;
}

/** A place-name anchor (compound). */
export interface PlaceLabel {
  name: string;
  kind: string;
  lon: number;
  lat: number;
}

/** GET /api/basemap/labels for a bbox. */
export const fetchLabels = (bbox: [number, number, number, number]): Promise<{ roads: RoadLabel[]; places: PlaceLabel[] }> =>
  getJson(`/api/basemap/labels?bbox=${bbox.map((n) => n.toFixed(6)).join(',')}`);

/** The style URL of the offline base map. */
export const BASEMAP_STYLE_URL = '/api/basemap/style.json';
