import type { GridCollection } from '../../../api/grids.ts';

/** One grid-name label. */
export interface GridLabel {
  code: string;
  text: string;
  position: [number, number];
}

/** Label anchors (inside each cell, from PostGIS) for the cells of a collection. */
export function gridLabelsFrom(collection: GridCollection | undefined): GridLabel[] {
  if (!collection) return [];
  return collection.features
    .filter((f) => Number.isFinite(f.properties.labelLon) && Number.isFinite(f.properties.labelLat))
    .map((f) => ({ code: f.properties.code, text: f.properties.name, position: [f.properties.labelLon, f.properties.labelLat] }));
}
