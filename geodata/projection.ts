import type { Vec } from './geometry.ts';

/** A lon/lat position in WGS-84 (EPSG:4326), rounded to 1e-7 degrees (about 1 cm). */
export type LonLat = [number, number];

/** Local tangent-plane projection around an origin; good to well under a metre across a county. */
export interface Projection {
  toLonLat(p: Vec): LonLat;
  toLocal(p: LonLat): Vec;
}

const METRES_PER_DEGREE_LAT = 110_574;
const METRES_PER_DEGREE_LON_EQUATOR = 111_320;

/** Rounds a degree value to 7 decimals so shared vertices serialise identically. */
function roundDegree(value: number): number {
  return Math.round(value * 1e7) / 1e7;
}

/** Creates the equirectangular projection used by the generator. */
export function createProjection(origin: LonLat): Projection {
  const kx = METRES_PER_DEGREE_LON_EQUATOR * Math.cos((origin[1] * Math.PI) / 180);
  return {
    toLonLat: ([x, y]) => [roundDegree(origin[0] + x / kx), roundDegree(origin[1] + y / METRES_PER_DEGREE_LAT)],
    toLocal: ([lon, lat]) => [(lon - origin[0]) * kx, (lat - origin[1]) * METRES_PER_DEGREE_LAT],
  };
}
