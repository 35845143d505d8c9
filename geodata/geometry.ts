/** Planar geometry helpers in local metres; all pure. */
export type Vec = readonly [number, number];

/** Signed area of a ring (positive when counter-clockwise); the ring is not closed. */
export function signedArea(ring: readonly Vec[]): number {
  let sum = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[(i + 1) % ring.length]!;
    sum += x1 * y2 - x2 * y1;
  }
  return sum / 2;
}

/** Area-weighted centroid of a simple ring. */
export function centroid(ring: readonly Vec[]): Vec {
  let cx = 0;
  let cy = 0;
  let a = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[(i + 1) % ring.length]!;
    const f = x1 * y2 - x2 * y1;
    cx += (x1 + x2) * f;
    cy += (y1 + y2) * f;
    a += f;
  }
  if (Math.abs(a) < 1e-12) return ring[0]!;
  return [cx / (3 * a), cy / (3 * a)];
}

/** Euclidean distance. */
export function dist(a: Vec, b: Vec): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

/** Distance from p to the segment ab. */
function distToSegment(p: Vec, a: Vec, b: Vec): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
}

/** Distance from p to an open polyline. */
export function distToPolyline(p: Vec, line: readonly Vec[]): number {
  let best = Infinity;
  for (let i = 0; i + 1 < line.length; i++) best = Math.min(best, distToSegment(p, line[i]!, line[i + 1]!));
  return best;
}

/** Chaikin corner cutting: a smooth line that keeps its end points. */
export function smoothLine(line: readonly Vec[], iterations = 2): Vec[] {
  let pts: Vec[] = [...line];
  for (let k = 0; k < iterations; k++) {
    const out: Vec[] = [pts[0]!];
    for (let i = 0; i + 1 < pts.length; i++) {
      const [x1, y1] = pts[i]!;
      const [x2, y2] = pts[i + 1]!;
      out.push([0.75 * x1 + 0.25 * x2, 0.75 * y1 + 0.25 * y2], [0.25 * x1 + 0.75 * x2, 0.25 * y1 + 0.75 * y2]);
    }
    out.push(pts[pts.length - 1]!);
    pts = out;
  }
  return pts;
}

/**
 * A convex polygon whose every edge carries a setback in metres (the edge from
 * vertex i to vertex i+1 carries margins[i]). Used to keep buildings off roads,
 * the river and compound walls by different distances.
 */
export interface MarginPolygon {
  points: Vec[];
  margins: number[];
}

/** True when p lies inside the convex CCW polygon, at least each edge's margin from it. */
export function insideWithMargins(poly: MarginPolygon, p: Vec): boolean {
  const { points, margins } = poly;
  for (let i = 0; i < points.length; i++) {
    const a = points[i]!;
    const b = points[(i + 1) % points.length]!;
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (len === 0) continue;
    const cross = ((b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])) / len;
    if (cross < margins[i]!) return false;
  }
  return true;
}

/**
 * Clips a convex CCW polygon to the half-plane left of the directed line
 * (origin, direction); the new edge along the cut gets `cutMargin`.
 */
export function clipHalfPlane(poly: MarginPolygon, origin: Vec, direction: Vec, cutMargin: number): MarginPolygon {
  const side = (p: Vec): number => direction[0] * (p[1] - origin[1]) - direction[1] * (p[0] - origin[0]);
  const points: Vec[] = [];
  const margins: number[] = [];
  const n = poly.points.length;
  for (let i = 0; i < n; i++) {
    const a = poly.points[i]!;
    const b = poly.points[(i + 1) % n]!;
    const sa = side(a);
    const sb = side(b);
    if (sa >= 0) {
      points.push(a);
      margins.push(poly.margins[i]!);
    }
    if (sa >= 0 !== sb >= 0) {
      const t = sa / (sa - sb);
      points.push([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]);
      // Leaving the half-plane: the next edge runs along the cut.
      margins.push(sa >= 0 ? cutMargin : poly.margins[i]!);
    }
  }
  return { points, margins };
}

/** Rotates v by angle (radians) around the origin. */
export function rotate(v: Vec, angle: number): Vec {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return [v[0] * c - v[1] * s, v[0] * s + v[1] * c];
}

/** Shrinks a convex CCW polygon by `factor` times each edge's margin. */
export function insetPolygon(poly: MarginPolygon, factor: number): Vec[] {
  let out: MarginPolygon = poly;
  const n = poly.points.length;
  for (let i = 0; i < n; i++) {
    const a = poly.points[i]!;
    const b = poly.points[(i + 1) % n]!;
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (len === 0) continue;
    const d: Vec = [(b[0] - a[0]) / len, (b[1] - a[1]) / len];
    const m = poly.margins[i]! * factor;
    out = clipHalfPlane(out, [a[0] - d[1] * m, a[1] + d[0] * m], d, 0);
    if (out.points.length < 3) return [];
  }
  return out.points;
}
