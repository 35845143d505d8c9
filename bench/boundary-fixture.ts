import type { MultiPolygon, Position } from 'geojson';

/**
 * The boundary benchmarks' shapes: a cell of `vertices` vertices (a circle of 300 m) among 12
 * neighbours (sectors of the ring out to 700 m) that share its vertices exactly, all tiling a
 * parent (the 700 m disc). Built in metres around a centre, returned in longitude and latitude.
 */
export interface BoundaryFixture {
  parent: MultiPolygon;
  centre: MultiPolygon;
  neighbours: MultiPolygon[];
}

export function boundaryFixture(centreLonLat: [number, number], vertices = 1000, outerPerSector = 40): BoundaryFixture {
  const [lon0, lat0] = centreLonLat;
  const mx = 1 / (111_320 * Math.cos((lat0 * Math.PI) / 180));
  const my = 1 / 110_540;
  const at = (radius: number, angle: number): Position => [
    Number((lon0 + radius * Math.cos(angle) * mx).toFixed(9)),
    Number((lat0 + radius * Math.sin(angle) * my).toFixed(9)),
  ];
  const inner = Array.from({ length: vertices }, (_, i) => at(300, (2 * Math.PI * i) / vertices));
  const cuts = Array.from({ length: 13 }, (_, k) => Math.round((vertices * k) / 12));
  const outerAngle = (k: number, j: number) => (2 * Math.PI * (cuts[k]! + ((cuts[k + 1]! - cuts[k]!) * j) / outerPerSector)) / vertices;
  const outerArcs = Array.from({ length: 12 }, (_, k) => Array.from({ length: outerPerSector + 1 }, (_, j) => at(700, outerAngle(k, j))));
  const ring = (points: Position[]) => [...points, points[0]!];
  const neighbours = outerArcs.map((arc, k): MultiPolygon => {
    const innerArc = Array.from({ length: cuts[k + 1]! - cuts[k]! + 1 }, (_, i) => inner[(cuts[k]! + i) % vertices]!);
    // Counter-clockwise: out along the first ray, round the outer arc, back along the inner arc.
    return { type: 'MultiPolygon', coordinates: [[ring([...arc, ...innerArc.reverse()])]] };
  });
  const parentRing = outerArcs.flatMap((arc) => arc.slice(0, -1));
  return {
    parent: { type: 'MultiPolygon', coordinates: [[ring(parentRing)]] },
    centre: { type: 'MultiPolygon', coordinates: [[ring(inner)]] },
    neighbours,
  };
}

/** The centre with vertex `i` moved by `metres` (outwards, into a neighbour): one edit, as a drag step makes. */
export function nudged(shape: MultiPolygon, i: number, seed: number, metres = 0.5): MultiPolygon {
  const ring = shape.coordinates[0]![0]!.slice(0, -1);
  const k = i % ring.length;
  const [x, y] = ring[k]!;
  const [cx, cy] = meanOf(ring);
  const len = Math.hypot(x! - cx, y! - cy);
  const step = (metres / 111_000) * (1 + 0.2 * Math.sin(seed));
  ring[k] = [x! + ((x! - cx) / len) * step, y! + ((y! - cy) / len) * step];
  return { type: 'MultiPolygon', coordinates: [[[...ring, ring[0]!]]] };
}

/** The mean of a ring's positions (the fixture's centre cell is a circle: its centre). */
export function meanOf(ring: Position[]): [number, number] {
  let x = 0;
  let y = 0;
  for (const p of ring) {
    x += p[0]! / ring.length;
    y += p[1]! / ring.length;
  }
  return [x, y];
}
