import type { GridCollection } from '../../../api/grids.ts';

/** One grid-name label. */
export interface GridLabel {
  code: string;
  text: string;
  position: [number, number];
  /** The cell's area: a larger cell has the better claim to its name when labels collide. */
  areaKm2: number;
}

/** Label anchors (inside each cell, from PostGIS) for the cells of a collection. */
export function gridLabelsFrom(collection: GridCollection | undefined): GridLabel[] {
  if (!collection) return [];
  return collection.features
    .filter((f) => Number.isFinite(f.properties.labelLon) && Number.isFinite(f.properties.labelLat))
    .map((f) => ({
      code: f.properties.code,
      text: f.properties.name,
      position: [f.properties.labelLon, f.properties.labelLat],
      areaKm2: f.properties.areaKm2 ?? 0,
    }));
}

/** Labels most important first: the selected cell's, then larger cells before smaller, then by code (stable). */
export function labelOrder(labels: readonly GridLabel[], selectedCode: string | null): GridLabel[] {
  return [...labels].sort(
    (a, b) =>
      Number(b.code === selectedCode) - Number(a.code === selectedCode) ||
      b.areaKm2 - a.areaKm2 ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}
