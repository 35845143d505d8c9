import { Delaunay } from 'd3-delaunay';
import { centroid, signedArea, type Vec } from './geometry.ts';
import type { Projection } from './projection.ts';
import type { Rng } from './random.ts';
import type { ScaleSpec, TownCentre } from './scales.ts';

/**
 * The block mesh: a Voronoi diagram whose cells are the blocks and whose edges
 * are the streets. Vertices are shared by index, so neighbouring blocks share
 * bit-identical coordinates and every union of blocks tiles exactly.
 */
export interface Mesh {
  /** Vertex positions in local metres. */
  vertices: Vec[];
  /** Each block: its Voronoi site and its ring of vertex ids, counter-clockwise, not closed. */
  cells: { site: Vec; ring: number[] }[];
  /** Each street segment: its two vertex ids and the one or two cells it bounds. */
  edges: MeshEdge[];
}

/** One edge of the mesh; `cells.length === 1` marks the district's outline. */
interface MeshEdge {
  a: number;
  b: number;
  cells: number[];
}

/** Outline radius at an angle: a lobed blob so the district is not a circle. */
function outlineRadius(spec: ScaleSpec, phases: number[], angle: number): number {
  return (
    spec.radiusM *
    (1 + 0.16 * Math.sin(2 * angle + phases[0]!) + 0.09 * Math.sin(3 * angle + phases[1]!) + 0.05 * Math.sin(5 * angle + phases[2]!))
  );
}

/** Desired block spacing at a point: fine in town cores, coarse in open country. */
export function spacingAt(spec: ScaleSpec, centres: readonly TownCentre[], p: Vec): number {
  let urban = 0;
  for (const c of centres) {
    const d = Math.hypot(p[0] - c.x, p[1] - c.y) / c.radius;
    urban = Math.max(urban, d < 1 ? 1 : Math.max(0, 1 - (d - 1) * 1.5));
  }
  return spec.ruralSpacingM + (spec.urbanSpacingM - spec.ruralSpacingM) * urban;
}

/** Builds the Voronoi block mesh of the district. */
export function buildMesh(spec: ScaleSpec, centres: readonly TownCentre[], projection: Projection, rng: Rng): Mesh {
  const phases = [rng.range(0, 6.283), rng.range(0, 6.283), rng.range(0, 6.283)];
  const half = spec.radiusM * 1.4;
  const step = spec.urbanSpacingM;
  const sites: Vec[] = [];
  for (let y = -half; y < half; y += step) {
    for (let x = -half; x < half; x += step) {
      const p: Vec = [x + rng.range(0, step), y + rng.range(0, step)];
      const s = spacingAt(spec, centres, p);
      if (rng.next() < (step / s) ** 2) sites.push(p);
    }
  }
  // Two rounds of Lloyd relaxation turn random points into town-like blocks.
  let points = sites;
  for (let round = 0; round < 2; round++) {
    const voronoi = Delaunay.from(points as [number, number][]).voronoi([-half, -half, half, half]);
    points = points.map((p, i) => {
      const poly = voronoi.cellPolygon(i);
      return poly ? centroid(poly.slice(0, -1) as Vec[]) : p;
    });
  }
  const delaunay = Delaunay.from(points as [number, number][]);
  const circumcenters = delaunay.voronoi([-half, -half, half, half]).circumcenters;
  const inside = (p: Vec): boolean => Math.hypot(p[0], p[1]) < outlineRadius(spec, phases, Math.atan2(p[1], p[0]));

  // Canonical vertex per rounded lon/lat so coincident circumcentres become one vertex.
  const vertexOfTriangle = new Map<number, number>();
  const vertexByKey = new Map<string, number>();
  const vertices: Vec[] = [];
  const vertexFor = (t: number): number => {
    const known = vertexOfTriangle.get(t);
    if (known !== undefined) return known;
    const p: Vec = [circumcenters[2 * t]!, circumcenters[2 * t + 1]!];
    const key = projection.toLonLat(p).join(',');
    let id = vertexByKey.get(key);
    if (id === undefined) {
      id = vertices.length;
      vertices.push(p);
      vertexByKey.set(key, id);
    }
    vertexOfTriangle.set(t, id);
    return id;
  };

  const cells: Mesh['cells'] = [];
  const { inedges, halfedges, triangles } = delaunay;
  for (let i = 0; i < points.length; i++) {
    if (!inside(points[i]!)) continue;
    const e0 = inedges[i]!;
    if (e0 === -1) continue;
    const ring: number[] = [];
    let e = e0;
    let bounded = true;
    do {
      const id = vertexFor(Math.floor(e / 3));
      if (ring[ring.length - 1] !== id) ring.push(id);
      e = e % 3 === 2 ? e - 2 : e + 1;
      if (triangles[e] !== i) throw new Error('mesh: broken half-edge walk');
      e = halfedges[e]!;
      if (e === -1) bounded = false;
    } while (bounded && e !== e0);
    if (!bounded) continue;
    if (ring.length > 1 && ring[0] === ring[ring.length - 1]) ring.pop();
    if (ring.length < 3) continue;
    if (signedArea(ring.map((v) => vertices[v]!)) < 0) ring.reverse();
    cells.push({ site: points[i]!, ring });
  }

  const edgeIndex = new Map<string, MeshEdge>();
  cells.forEach((cell, c) => {
    cell.ring.forEach((a, k) => {
      const b = cell.ring[(k + 1) % cell.ring.length]!;
      const key = a < b ? `${a}:${b}` : `${b}:${a}`;
      const edge = edgeIndex.get(key);
      if (edge) edge.cells.push(c);
      else edgeIndex.set(key, { a: Math.min(a, b), b: Math.max(a, b), cells: [c] });
    });
  });
  return { vertices, cells, edges: [...edgeIndex.values()] };
}

/** Keeps only the largest edge-connected set of blocks so every level is contiguous. */
export function largestComponent(mesh: Mesh): Mesh {
  const neighbours = mesh.cells.map(() => [] as number[]);
  for (const e of mesh.edges)
    if (e.cells.length === 2) {
      neighbours[e.cells[0]!]!.push(e.cells[1]!);
      neighbours[e.cells[1]!]!.push(e.cells[0]!);
    }
  const comp = new Int32Array(mesh.cells.length).fill(-1);
  const sizes: number[] = [];
  for (let s = 0; s < mesh.cells.length; s++) {
    if (comp[s] !== -1) continue;
    const id = sizes.length;
    let size = 0;
    const stack = [s];
    comp[s] = id;
    while (stack.length) {
      const c = stack.pop()!;
      size++;
      for (const n of neighbours[c]!)
        if (comp[n] === -1) {
          comp[n] = id;
          stack.push(n);
        }
    }
    sizes.push(size);
  }
  const keep = sizes.indexOf(Math.max(...sizes));
  const remap = new Map<number, number>();
  const cells = mesh.cells.filter((_, i) => {
    if (comp[i] !== keep) return false;
    remap.set(i, remap.size);
    return true;
  });
  const edges = mesh.edges
    .map((e) => ({ ...e, cells: e.cells.filter((c) => remap.has(c)).map((c) => remap.get(c)!) }))
    .filter((e) => e.cells.length > 0);
  return { vertices: mesh.vertices, cells, edges };
}
