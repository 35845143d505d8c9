import type { MultiPolygon, Position } from 'geojson';

/**
 * Fast predicates for the editor's checks on every drag frame: whether two shapes' interiors meet,
 * whether a shape leaves its parent, where a ring crosses itself. A shape's segments are bucketed
 * on a grid (and by latitude band for point-in-shape), so a 1,000-vertex cell is tested against
 * its neighbours in well under a frame. Shared borders (identical vertices, collinear edges) are
 * touching, not crossing; Turf then measures only where these predicates find something.
 */

/** Below this (degrees, about a millimetre) a point is on a boundary. */
const EPS = 1e-8;
const GRID = 48;

export interface ShapeIndex {
  /** Segment endpoints: x1, y1, x2, y2 per segment. */
  segs: Float64Array;
  /** Ring of each segment and its position in the ring, to tell neighbouring segments apart. */
  ring: Int32Array;
  pos: Int32Array;
  ringLength: Int32Array;
  box: [number, number, number, number];
  vertices: Position[];
  buckets: Map<number, number[]>;
  cell: number;
  /** Per-segment marks for visiting each candidate once per query, without allocating a set. */
  stamp: Int32Array;
  tick: number;
  /** Exact vertices and edges (either direction), to skip what a neighbour shares without measuring. */
  vertexKeys: Set<string>;
  edgeKeys: Set<string>;
  /** Per segment: its start vertex's key and its edge key. */
  startKey: string[];
  edgeKey: string[];
}

const vkey = (x: number, y: number) => `${x},${y}`;

function bucketKeys(ix: ShapeIndex, x1: number, y1: number, x2: number, y2: number): number[] {
  const [bx, by] = ix.box;
  const i0 = Math.floor((Math.min(x1, x2) - bx) / ix.cell);
  const i1 = Math.floor((Math.max(x1, x2) - bx) / ix.cell);
  const j0 = Math.floor((Math.min(y1, y2) - by) / ix.cell);
  const j1 = Math.floor((Math.max(y1, y2) - by) / ix.cell);
  const keys: number[] = [];
  for (let i = i0; i <= i1; i++) for (let j = j0; j <= j1; j++) keys.push(i * 100_003 + j);
  return keys;
}

export function indexShape(shape: MultiPolygon): ShapeIndex {
  const rings = shape.coordinates.flat();
  const n = rings.reduce((s, r) => s + r.length - 1, 0);
  const segs = new Float64Array(n * 4);
  const ring = new Int32Array(n);
  const pos = new Int32Array(n);
  const ringLength = new Int32Array(rings.length);
  const vertices: Position[] = [];
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  let k = 0;
  rings.forEach((r, ri) => {
    ringLength[ri] = r.length - 1;
    for (let i = 0; i < r.length - 1; i++, k++) {
      const [x1, y1] = r[i]!;
      const [x2, y2] = r[i + 1]!;
      segs.set([x1!, y1!, x2!, y2!], k * 4);
      ring[k] = ri;
      pos[k] = i;
      vertices.push(r[i]!);
      minX = Math.min(minX, x1!);
      maxX = Math.max(maxX, x1!);
      minY = Math.min(minY, y1!);
      maxY = Math.max(maxY, y1!);
    }
  });
  const cell = Math.max(maxX - minX, maxY - minY, 1e-9) / GRID;
  const ix: ShapeIndex = {
    segs,
    ring,
    pos,
    ringLength,
    box: [minX, minY, maxX, maxY],
    vertices,
    buckets: new Map(),
    cell,
    stamp: new Int32Array(n),
    tick: 0,
    vertexKeys: new Set(),
    edgeKeys: new Set(),
    startKey: [],
    edgeKey: [],
  };
  for (let i = 0; i < n; i++) {
    const a = vkey(segs[i * 4]!, segs[i * 4 + 1]!);
    const b = vkey(segs[i * 4 + 2]!, segs[i * 4 + 3]!);
    ix.vertexKeys.add(a);
    ix.startKey.push(a);
    ix.edgeKey.push(`${a}|${b}`);
    ix.edgeKeys.add(`${a}|${b}`);
    ix.edgeKeys.add(`${b}|${a}`);
  }
  for (let s = 0; s < n; s++)
    for (const key of bucketKeys(ix, segs[s * 4]!, segs[s * 4 + 1]!, segs[s * 4 + 2]!, segs[s * 4 + 3]!)) {
      const list = ix.buckets.get(key);
      if (list) list.push(s);
      else ix.buckets.set(key, [s]);
    }
  return ix;
}

const orient = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) => (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);

/** The point where two segments properly cross (interiors, not at an endpoint or along a shared line), or null. */
function crossing(a: Float64Array, i: number, b: Float64Array, j: number): Position | null {
  const [ax, ay, bx, by] = [a[i * 4]!, a[i * 4 + 1]!, a[i * 4 + 2]!, a[i * 4 + 3]!];
  const [cx, cy, dx, dy] = [b[j * 4]!, b[j * 4 + 1]!, b[j * 4 + 2]!, b[j * 4 + 3]!];
  // Orientations relative to the segment lengths, so "zero" means within EPS of the line.
  const lab = Math.hypot(bx - ax, by - ay);
  const lcd = Math.hypot(dx - cx, dy - cy);
  if (lab === 0 || lcd === 0) return null;
  const o1 = orient(ax, ay, bx, by, cx, cy) / lab;
  const o2 = orient(ax, ay, bx, by, dx, dy) / lab;
  const o3 = orient(cx, cy, dx, dy, ax, ay) / lcd;
  const o4 = orient(cx, cy, dx, dy, bx, by) / lcd;
  if (!((o1 > EPS && o2 < -EPS) || (o1 < -EPS && o2 > EPS))) return null;
  if (!((o3 > EPS && o4 < -EPS) || (o3 < -EPS && o4 > EPS))) return null;
  const t = o3 / (o3 - o4);
  return [ax + t * (bx - ax), ay + t * (by - ay)];
}

/** Segments of ix whose buckets meet the box x1..x2 × y1..y2, each once. */
function candidates(ix: ShapeIndex, x1: number, y1: number, x2: number, y2: number): number[] {
  const out: number[] = [];
  const tick = ++ix.tick;
  for (const key of bucketKeys(ix, x1, y1, x2, y2))
    for (const s of ix.buckets.get(key) ?? [])
      if (ix.stamp[s] !== tick) {
        ix.stamp[s] = tick;
        out.push(s);
      }
  return out;
}

/** Points where a's boundary properly crosses b's. */
export function crossings(a: ShapeIndex, b: ShapeIndex, limit = 50): Position[] {
  const out: Position[] = [];
  if (!boxesMeet(a.box, b.box)) return out;
  const n = a.segs.length / 4;
  const s = a.segs;
  const [bx0, by0, bx1, by1] = b.box;
  for (let i = 0; i < n && out.length < limit; i++) {
    const [x1, y1, x2, y2] = [s[i * 4]!, s[i * 4 + 1]!, s[i * 4 + 2]!, s[i * 4 + 3]!];
    if (Math.max(x1, x2) < bx0 || Math.min(x1, x2) > bx1 || Math.max(y1, y2) < by0 || Math.min(y1, y2) > by1) continue;
    for (const j of candidates(b, x1, y1, x2, y2)) {
      const p = crossing(s, i, b.segs, j);
      if (p) out.push(p);
    }
  }
  return out;
}

/** Points where a shape's boundary crosses itself (non-adjacent segments of any of its rings). */
export function selfCrossings(a: ShapeIndex, limit = 50): Position[] {
  const out: Position[] = [];
  const n = a.segs.length / 4;
  const s = a.segs;
  for (let i = 0; i < n && out.length < limit; i++)
    for (const j of candidates(a, s[i * 4]!, s[i * 4 + 1]!, s[i * 4 + 2]!, s[i * 4 + 3]!)) {
      if (j <= i) continue;
      if (a.ring[i] === a.ring[j]) {
        const len = a.ringLength[a.ring[i]!]!;
        const d = Math.abs(a.pos[i]! - a.pos[j]!);
        if (d <= 1 || d === len - 1) continue;
      }
      const p = crossing(s, i, s, j);
      if (p) out.push(p);
    }
  return out;
}

/** Where p stands against a shape: inside, outside, or on its boundary (within EPS). */
export function locate(p: Position, ix: ShapeIndex): 'inside' | 'outside' | 'boundary' {
  const [px, py] = [p[0]!, p[1]!];
  if (px < ix.box[0] - EPS || px > ix.box[2] + EPS || py < ix.box[1] - EPS || py > ix.box[3] + EPS) return 'outside';
  let inside = false;
  // A ray to the east: only segments in the buckets of its row can cross it.
  for (const j of candidates(ix, px - EPS, py, ix.box[2] + ix.cell, py)) {
    const [x1, y1, x2, y2] = [ix.segs[j * 4]!, ix.segs[j * 4 + 1]!, ix.segs[j * 4 + 2]!, ix.segs[j * 4 + 3]!];
    const len = Math.hypot(x2 - x1, y2 - y1);
    if (len > 0) {
      const t = Math.max(0, Math.min(1, ((px - x1) * (x2 - x1) + (py - y1) * (y2 - y1)) / (len * len)));
      if (Math.hypot(x1 + t * (x2 - x1) - px, y1 + t * (y2 - y1) - py) < EPS) return 'boundary';
    }
    if (y1 > py !== y2 > py && px < ((x2 - x1) * (py - y1)) / (y2 - y1) + x1) inside = !inside;
  }
  return inside ? 'inside' : 'outside';
}

type Box = [number, number, number, number];
const boxesMeet = (a: Box, b: Box) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

/**
 * Points of ix to locate in `other`: vertices and segment midpoints inside other's box (a shape that
 * overlaps another along collinear edges has a midpoint inside it), leaving out vertices and edges
 * the two share exactly, which lie on other's boundary by construction.
 */
function probes(ix: ShapeIndex, other: Pick<ShapeIndex, 'box' | 'vertexKeys' | 'edgeKeys'>): Position[] {
  const out: Position[] = [];
  const box = other.box;
  const n = ix.segs.length / 4;
  for (let i = 0; i < n; i++) {
    const x = ix.segs[i * 4]!;
    const y = ix.segs[i * 4 + 1]!;
    const x2 = ix.segs[i * 4 + 2]!;
    const y2 = ix.segs[i * 4 + 3]!;
    if (Math.max(x, x2) < box[0] || Math.min(x, x2) > box[2] || Math.max(y, y2) < box[1] || Math.min(y, y2) > box[3]) continue;
    if (other.edgeKeys.has(ix.edgeKey[i]!)) continue;
    const mx = (x + x2) / 2;
    const my = (y + y2) / 2;
    if (x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3] && !other.vertexKeys.has(ix.startKey[i]!)) out.push([x, y]);
    if (mx >= box[0] && mx <= box[2] && my >= box[1] && my <= box[3]) out.push([mx, my]);
  }
  return out;
}

/**
 * Whether the interiors of two shapes meet: a proper crossing, or a vertex or segment midpoint of
 * one strictly inside the other (which also catches overlaps along collinear edges).
 */
export function interiorsMeet(a: ShapeIndex, b: ShapeIndex): boolean {
  if (!boxesMeet(a.box, b.box)) return false;
  if (crossings(a, b, 1).length > 0) return true;
  return probes(a, b).some((v) => locate(v, b) === 'inside') || probes(b, a).some((v) => locate(v, a) === 'inside');
}

/**
 * Whether a shape reaches outside its parent: a proper crossing, or a point strictly outside. With
 * no crossing, only points near the parent's boundary can differ from the rest, so those are
 * located, and one point of each ring away from the boundary stands for all the others.
 */
export function leaves(a: ShapeIndex, parent: ShapeIndex): boolean {
  if (!boxesMeet(a.box, parent.box)) return true;
  if (crossings(a, parent, 1).length > 0) return true;
  const points: Position[] = [];
  const farRing = new Set<number>();
  const n = a.segs.length / 4;
  for (let i = 0; i < n; i++) {
    const [x1, y1, x2, y2] = [a.segs[i * 4]!, a.segs[i * 4 + 1]!, a.segs[i * 4 + 2]!, a.segs[i * 4 + 3]!];
    const near = bucketKeys(parent, x1, y1, x2, y2).some((k) => parent.buckets.has(k));
    if (near) {
      if (parent.edgeKeys.has(a.edgeKey[i]!)) continue;
      if (!parent.vertexKeys.has(a.startKey[i]!)) points.push([x1, y1]);
      points.push([(x1 + x2) / 2, (y1 + y2) / 2]);
    } else if (!farRing.has(a.ring[i]!)) {
      farRing.add(a.ring[i]!);
      points.push([x1, y1]);
    }
  }
  return points.some((v) => locate(v, parent) === 'outside');
}
