import type { Position } from 'geojson';

/** What a pointer snapped to, for the indicator and the shape. */
export interface Snap {
  kind: 'vertex' | 'edge' | 'road';
  position: Position;
}

/** Things to snap to near the pointer: neighbours' vertices and edges, and road centre lines. */
export interface SnapCandidates {
  vertices: Position[];
  edges: [Position, Position][];
  roads: [Position, Position][];
}

type Project = (p: Position) => { x: number; y: number };

/** The nearest point of segment ab to p in screen space, as the fraction along ab and the distance. */
function nearestOnSegment(p: { x: number; y: number }, a: { x: number; y: number }, b: { x: number; y: number }) {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2));
  return { t, d: Math.hypot(a.x + t * dx - p.x, a.y + t * dy - p.y) };
}

/**
 * Snaps a pointer (screen position) within `tolerancePx`: a neighbour's vertex first (so shared
 * borders keep shared vertices), then a neighbour's edge, then a road's centre line. Distances are
 * measured on screen so snapping feels the same at every zoom.
 */
export function snapPointer(pointer: { x: number; y: number }, c: SnapCandidates, project: Project, tolerancePx = 10): Snap | null {
  let best: { d: number; position: Position } | null = null;
  for (const v of c.vertices) {
    const s = project(v);
    const d = Math.hypot(s.x - pointer.x, s.y - pointer.y);
    if (d <= tolerancePx && (!best || d < best.d)) best = { d, position: v };
  }
  if (best) return { kind: 'vertex', position: best.position };
  for (const [kind, segments] of [
    ['edge', c.edges],
    ['road', c.roads],
  ] as const) {
    let near: { d: number; position: Position } | null = null;
    for (const [a, b] of segments) {
      const { t, d } = nearestOnSegment(pointer, project(a), project(b));
      // Linear along the segment: segments are metres long, where the map projection is straight.
      if (d <= tolerancePx && (!near || d < near.d)) near = { d, position: [a[0]! + t * (b[0]! - a[0]!), a[1]! + t * (b[1]! - a[1]!)] };
    }
    if (near) return { kind, position: near.position };
  }
  return null;
}

/** The vertices and edges of shapes, for snapping (each ring's closing position left out). */
export function candidatesOf(shapes: { coordinates: Position[][][] }[], roads: Position[][] = []): SnapCandidates {
  const vertices: Position[] = [];
  const edges: [Position, Position][] = [];
  for (const shape of shapes)
    for (const poly of shape.coordinates)
      for (const ring of poly)
        for (let i = 0; i < ring.length - 1; i++) {
          vertices.push(ring[i]!);
          edges.push([ring[i]!, ring[i + 1]!]);
        }
  const roadSegments: [Position, Position][] = [];
  for (const line of roads) for (let i = 0; i < line.length - 1; i++) roadSegments.push([line[i]!, line[i + 1]!]);
  return { vertices, edges, roads: roadSegments };
}
