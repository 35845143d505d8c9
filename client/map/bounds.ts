import type { Position } from 'geojson';

/** [minLon, minLat, maxLon, maxLat] */
export type Bbox = [number, number, number, number];

/** Bounding box of all positions under a GeoJSON coordinates array (any nesting); null when empty. */
export function bboxOfCoordinates(coordinates: unknown): Bbox | null {
  const box: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') {
      const [x, y] = c as Position;
      if (!Number.isFinite(x) || !Number.isFinite(y)) return;
      box[0] = Math.min(box[0], x!);
      box[1] = Math.min(box[1], y!);
      box[2] = Math.max(box[2], x!);
      box[3] = Math.max(box[3], y!);
      return;
    }
    c.forEach(visit);
  };
  visit(coordinates);
  return Number.isFinite(box[0]) ? box : null;
}

/** The box `halfSpan` degrees (lon, lat) either side of a point. */
export function bboxAround([lon, lat]: [number, number], [dx, dy]: [number, number]): Bbox {
  return [lon - dx, lat - dy, lon + dx, lat + dy];
}
