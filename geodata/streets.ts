import { dist, distToPolyline, type Vec } from './geometry.ts';
import type { Mesh } from './mesh.ts';
import type { Rng } from './random.ts';
import type { ScaleSpec, TownCentre } from './scales.ts';
import { shortestPath, type WeightedGraph } from './shortest-path.ts';

/** What runs along a mesh edge. `outline` is the district boundary; `river` is water. */
export type EdgeKind = 'arterial' | 'secondary' | 'local' | 'lane' | 'river' | 'outline';

/** A road class drawn on the base map. */
export type RoadClass = 'arterial' | 'secondary' | 'local' | 'lane';

/** An ordered run of mesh vertices forming one named or unnamed street. */
interface StreetChain {
  roadClass: RoadClass;
  vertices: number[];
  /** Chains of one laid route share a route number (and so a name); local streets have none. */
  route: number | null;
}

/** The street network laid over the block mesh. */
interface StreetPlan {
  /** Kind of each mesh edge, by edge index. */
  edgeKind: EdgeKind[];
  chains: StreetChain[];
  /** The river's course as vertex ids, or empty when the district has none. */
  river: number[];
}

/** Setback of buildings from each kind of edge, in metres. */
export const SETBACK_M: Record<EdgeKind, number> = {
  arterial: 18,
  secondary: 13,
  local: 8,
  lane: 6,
  river: 34,
  outline: 8,
};

function buildGraph(mesh: Mesh): WeightedGraph {
  const adjacency: [number, number][][] = mesh.vertices.map(() => []);
  mesh.edges.forEach((e, i) => {
    if (e.cells.length !== 2) return;
    adjacency[e.a]!.push([e.b, i]);
    adjacency[e.b]!.push([e.a, i]);
  });
  return { adjacency };
}

function nearestVertex(mesh: Mesh, graph: WeightedGraph, p: Vec): number {
  let best = -1;
  let bestD = Infinity;
  mesh.vertices.forEach((v, i) => {
    if (graph.adjacency[i]!.length === 0) return;
    const d = dist(v, p);
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  });
  return best;
}

/** Follows a target line through the mesh: cheap near the line, dear far from it. */
function traceAlong(mesh: Mesh, graph: WeightedGraph, target: Vec[], tolerance: number, penalty: (edge: number) => number): number[] {
  const from = nearestVertex(mesh, graph, target[0]!);
  const to = nearestVertex(mesh, graph, target[target.length - 1]!);
  return shortestPath(graph, from, to, (i) => {
    const e = mesh.edges[i]!;
    const a = mesh.vertices[e.a]!;
    const b = mesh.vertices[e.b]!;
    const mid: Vec = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    const d = distToPolyline(mid, target) / tolerance;
    return dist(a, b) * (1 + d * d) * penalty(i);
  });
}

function pathVertices(mesh: Mesh, edges: number[], start: Vec): number[] {
  if (edges.length === 0) return [];
  const first = mesh.edges[edges[0]!]!;
  const second = mesh.edges[edges[1] ?? edges[0]!]!;
  let current =
    edges.length > 1
      ? first.a === second.a || first.a === second.b
        ? first.b
        : first.a
      : dist(mesh.vertices[first.a]!, start) < dist(mesh.vertices[first.b]!, start)
        ? first.a
        : first.b;
  const out = [current];
  for (const i of edges) {
    const e = mesh.edges[i]!;
    current = e.a === current ? e.b : e.a;
    out.push(current);
  }
  return out;
}

/** Minimum spanning tree over the town centres (Prim), as index pairs. */
function spanningPairs(centres: readonly TownCentre[]): [number, number][] {
  if (centres.length < 2) return [];
  const inTree = new Set([0]);
  const pairs: [number, number][] = [];
  while (inTree.size < centres.length) {
    let best: [number, number] = [0, 0];
    let bestD = Infinity;
    for (const i of inTree) {
      centres.forEach((c, j) => {
        if (inTree.has(j)) return;
        const d = Math.hypot(c.x - centres[i]!.x, c.y - centres[i]!.y);
        if (d < bestD) {
          bestD = d;
          best = [i, j];
        }
      });
    }
    inTree.add(best[1]);
    pairs.push(best);
  }
  return pairs;
}

/** Links unclassified edges into the straightest possible chains. */
function chainLocalStreets(mesh: Mesh, edgeKind: EdgeKind[]): StreetChain[] {
  const byVertex = new Map<number, number[]>();
  edgeKind.forEach((k, i) => {
    if (k !== 'local' && k !== 'lane') return;
    const e = mesh.edges[i]!;
    for (const v of [e.a, e.b]) byVertex.set(v, [...(byVertex.get(v) ?? []), i]);
  });
  const used = new Set<number>();
  const heading = (from: number, to: number): number => {
    const a = mesh.vertices[from]!;
    const b = mesh.vertices[to]!;
    return Math.atan2(b[1] - a[1], b[0] - a[0]);
  };
  const extend = (line: number[]): void => {
    for (;;) {
      const end = line[line.length - 1]!;
      const before = line[line.length - 2]!;
      const h = heading(before, end);
      let best = -1;
      let bestTurn = 0.7;
      for (const i of byVertex.get(end) ?? []) {
        if (used.has(i)) continue;
        const e = mesh.edges[i]!;
        const next = e.a === end ? e.b : e.a;
        let turn = Math.abs(heading(end, next) - h);
        if (turn > Math.PI) turn = 2 * Math.PI - turn;
        if (turn < bestTurn) {
          bestTurn = turn;
          best = i;
        }
      }
      if (best === -1) return;
      used.add(best);
      const e = mesh.edges[best]!;
      line.push(e.a === end ? e.b : e.a);
    }
  };
  const chains: StreetChain[] = [];
  edgeKind.forEach((k, i) => {
    if ((k !== 'local' && k !== 'lane') || used.has(i)) return;
    used.add(i);
    const e = mesh.edges[i]!;
    const forward = [e.a, e.b];
    extend(forward);
    const backward = [e.b, e.a];
    extend(backward);
    chains.push({ roadClass: k, vertices: [...backward.slice(2).reverse(), ...forward], route: null });
  });
  return chains;
}

/**
 * Lays the river, arterials, secondary roads and local streets over the mesh.
 * The river meanders across the district; arterials cross it through the centre;
 * secondary roads link town centres (county) or cut across quarters (demo).
 */
export function planStreets(
  mesh: Mesh,
  spec: ScaleSpec,
  centres: readonly TownCentre[],
  isUrban: (p: Vec) => boolean,
  rng: Rng,
): StreetPlan {
  const graph = buildGraph(mesh);
  const edgeKind: EdgeKind[] = mesh.edges.map((e) => (e.cells.length === 2 ? 'local' : 'outline'));
  const R = spec.radiusM;
  const tolerance = spec.urbanSpacingM * 1.2;

  const riverAngle = rng.range(0, Math.PI);
  const dir: Vec = [Math.cos(riverAngle), Math.sin(riverAngle)];
  const perp: Vec = [-dir[1], dir[0]];
  const amplitude = R * rng.range(0.12, 0.2);
  const wavelength = R * rng.range(1.1, 1.6);
  const phase = rng.range(0, 6.283);
  const offset = R * rng.range(-0.35, 0.35);
  const riverTarget: Vec[] = [];
  for (let t = -1.5 * R; t <= 1.5 * R; t += R / 40) {
    const s = offset + amplitude * Math.sin((2 * Math.PI * t) / wavelength + phase);
    riverTarget.push([t * dir[0] + s * perp[0], t * dir[1] + s * perp[1]]);
  }
  const riverEdges = traceAlong(mesh, graph, riverTarget, tolerance, () => 1);
  for (const i of riverEdges) edgeKind[i] = 'river';
  const river = pathVertices(mesh, riverEdges, riverTarget[0]!);

  const chains: StreetChain[] = [];
  let routes = 0;
  const notRiver = (i: number): number => (edgeKind[i] === 'river' ? 40 : 1);
  const lay = (roadClass: 'arterial' | 'secondary', target: Vec[], penalty: (i: number) => number): void => {
    const edges = traceAlong(mesh, graph, target, tolerance, penalty).filter((i) => edgeKind[i] !== 'river');
    const fresh = edges.filter((i) => edgeKind[i] === 'local');
    if (fresh.length === 0) return;
    for (const i of fresh) edgeKind[i] = roadClass;
    const route = ++routes;
    // Split the path where it reuses an existing road so each chain is contiguous.
    let run: number[] = [];
    const flush = (): void => {
      if (run.length > 0) chains.push({ roadClass, vertices: pathVertices(mesh, run, target[0]!), route });
      run = [];
    };
    for (const i of edges) {
      if (fresh.includes(i)) run.push(i);
      else flush();
    }
    flush();
  };

  for (let k = 0; k < spec.arterials; k++) {
    const angle = riverAngle + Math.PI / 2 + (k - (spec.arterials - 1) / 2) * (Math.PI / (spec.arterials + 1)) + rng.range(-0.15, 0.15);
    const d: Vec = [Math.cos(angle), Math.sin(angle)];
    const shift = k === 0 ? 0 : R * rng.range(-0.25, 0.25);
    const o: Vec = [-d[1] * shift, d[0] * shift];
    lay(
      'arterial',
      [
        [o[0] - 1.5 * R * d[0], o[1] - 1.5 * R * d[1]],
        [o[0] + 1.5 * R * d[0], o[1] + 1.5 * R * d[1]],
      ],
      notRiver,
    );
  }
  if (centres.length > 1) {
    for (const [i, j] of spanningPairs(centres)) {
      lay(
        'secondary',
        [
          [centres[i]!.x, centres[i]!.y],
          [centres[j]!.x, centres[j]!.y],
        ],
        notRiver,
      );
    }
  } else {
    for (let k = 0; k < 4; k++) {
      const angle = rng.range(0, Math.PI);
      const d: Vec = [Math.cos(angle), Math.sin(angle)];
      const shift = R * rng.range(0.25, 0.6) * (k % 2 === 0 ? 1 : -1);
      const o: Vec = [-d[1] * shift, d[0] * shift];
      lay(
        'secondary',
        [
          [o[0] - 1.5 * R * d[0], o[1] - 1.5 * R * d[1]],
          [o[0] + 1.5 * R * d[0], o[1] + 1.5 * R * d[1]],
        ],
        notRiver,
      );
    }
  }
  // Outside towns the remaining streets are village lanes.
  mesh.edges.forEach((e, i) => {
    if (edgeKind[i] !== 'local') return;
    const a = mesh.vertices[e.a]!;
    const b = mesh.vertices[e.b]!;
    if (!isUrban([(a[0] + b[0]) / 2, (a[1] + b[1]) / 2])) edgeKind[i] = 'lane';
  });
  chains.push(...chainLocalStreets(mesh, edgeKind));
  return { edgeKind, chains, river };
}
