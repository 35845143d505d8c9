/**
 * Flat-topped hexagon bins on spherical Web Mercator, in axial coordinates (q, r). The SQL of the
 * heat map bins points with the same formulas (see stats-sql.ts); this side turns a bin back into
 * the polygon the map draws, so server and client never disagree about where a hexagon is.
 */
const R = 6378137;
const SQRT3 = Math.sqrt(3);

/** Mercator metres of a hexagon whose true size is `metres` at latitude `lat` (Mercator stretches by 1/cos φ). */
export function mercatorSize(metres: number, lat: number): number {
  return metres / Math.cos((lat * Math.PI) / 180);
}

function toLonLat(x: number, y: number): [number, number] {
  const lon = (x / R) * (180 / Math.PI);
  const lat = (2 * Math.atan(Math.exp(y / R)) - Math.PI / 2) * (180 / Math.PI);
  return [Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6];
}

/** Centre of bin (q, r) for Mercator size `size` (centre to corner). */
export function hexCentre(q: number, r: number, size: number): [number, number] {
  return toLonLat(size * 1.5 * q, size * SQRT3 * (r + q / 2));
}

/** The closed ring of bin (q, r): six corners and the first again, counter-clockwise. */
export function hexRing(q: number, r: number, size: number): [number, number][] {
  const cx = size * 1.5 * q;
  const cy = size * SQRT3 * (r + q / 2);
  const ring: [number, number][] = [];
  for (let k = 0; k < 6; k++) {
    const a = (Math.PI / 3) * k;
    ring.push(toLonLat(cx + size * Math.cos(a), cy + size * Math.sin(a)));
  }
  ring.push(ring[0]!);
  return ring;
}

/** The bin of a point, as the SQL computes it (cube rounding); used to test that the two agree. */
export function hexBin(lon: number, lat: number, size: number): [number, number] {
  const x = (R * lon * Math.PI) / 180;
  const y = R * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
  const fq = ((2 / 3) * x) / size;
  const fr = ((-1 / 3) * x + (SQRT3 / 3) * y) / size;
  const fs = -fq - fr;
  let q = Math.round(fq);
  let r = Math.round(fr);
  const s = Math.round(fs);
  const dq = Math.abs(q - fq);
  const dr = Math.abs(r - fr);
  const ds = Math.abs(s - fs);
  if (dq > dr && dq > ds) q = -r - s;
  else if (dr > ds) r = -q - s;
  return [q, r];
}
