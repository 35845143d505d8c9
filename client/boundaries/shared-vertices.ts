import type { MultiPolygon, Position } from 'geojson';
import { liveCells, withShape, type EditorCells } from './editor-cells.ts';

/**
 * Shared edges: neighbours that share a border hold the same vertices along it. When an edit moves,
 * inserts or removes one vertex of a cell, the same change is made to every neighbour holding that
 * vertex (or that segment), so a common border can never open a gap or an overlap.
 */

const EPS = 1e-9;
const same = (p: Position, q: Position) => Math.abs(p[0]! - q[0]!) < EPS && Math.abs(p[1]! - q[1]!) < EPS;

/** One vertex-level change between two shapes of a cell, or null when the edit was anything else. */
type VertexEdit =
  | { kind: 'move'; from: Position; to: Position }
  | { kind: 'insert'; between: [Position, Position]; at: Position }
  | { kind: 'remove'; at: Position };

/** The open ring (without its closing position). */
const open = (ring: Position[]) => ring.slice(0, -1);
const close = (ring: Position[]) => [...ring, ring[0]!];

/** Finds the single vertex change between two versions of a shape with the same rings. */
export function vertexEdit(before: MultiPolygon, after: MultiPolygon): VertexEdit | null {
  if (before.coordinates.length !== after.coordinates.length) return null;
  let found: VertexEdit | null = null;
  for (let p = 0; p < before.coordinates.length; p++) {
    const rb = before.coordinates[p]!;
    const ra = after.coordinates[p]!;
    if (rb.length !== ra.length) return null;
    for (let r = 0; r < rb.length; r++) {
      const b = open(rb[r]!);
      const a = open(ra[r]!);
      if (a.length === b.length) {
        const diff = b.map((_, i) => i).filter((i) => !same(b[i]!, a[i]!));
        if (diff.length === 0) continue;
        if (diff.length !== 1 || found) return null;
        found = { kind: 'move', from: b[diff[0]!]!, to: a[diff[0]!]! };
      } else if (a.length === b.length + 1) {
        const i = a.findIndex((v, k) => k >= b.length || !same(v, b[k]!));
        if (found || !a.slice(i + 1).every((v, k) => same(v, b[i + k]!))) return null;
        found = { kind: 'insert', between: [a[(i - 1 + a.length) % a.length]!, a[(i + 1) % a.length]!], at: a[i]! };
      } else if (a.length === b.length - 1) {
        const i = b.findIndex((v, k) => k >= a.length || !same(v, a[k]!));
        if (found || !b.slice(i + 1).every((v, k) => same(v, a[i + k]!))) return null;
        found = { kind: 'remove', at: b[i]! };
      } else return null;
    }
  }
  return found;
}

function applyToRing(ring: Position[], edit: VertexEdit): Position[] | null {
  const o = open(ring);
  if (edit.kind === 'move') {
    if (!o.some((v) => same(v, edit.from))) return null;
    return close(o.map((v) => (same(v, edit.from) ? edit.to : v)));
  }
  if (edit.kind === 'remove') {
    if (!o.some((v) => same(v, edit.at)) || o.length <= 3) return null;
    return close(o.filter((v) => !same(v, edit.at)));
  }
  const [p, q] = edit.between;
  for (let k = 0; k < o.length; k++) {
    const v = o[k]!;
    const w = o[(k + 1) % o.length]!;
    if ((same(v, p) && same(w, q)) || (same(v, q) && same(w, p))) return close([...o.slice(0, k + 1), edit.at, ...o.slice(k + 1)]);
  }
  return null;
}

/** The same edit made to a shape, or null when the shape does not hold that vertex or segment. */
function applyVertexEdit(shape: MultiPolygon, edit: VertexEdit): MultiPolygon | null {
  let touched = false;
  const coordinates = shape.coordinates.map((poly) =>
    poly.map((ring) => {
      const next = applyToRing(ring, edit);
      if (!next) return ring;
      touched = true;
      return next;
    }),
  );
  return touched ? { type: 'MultiPolygon', coordinates } : null;
}

/**
 * Applies a cell's new shape and carries its vertex edit to the neighbours sharing the vertex or
 * segment; returns the new state and the codes of the neighbours that followed.
 */
export function editWithNeighbours(cells: EditorCells, code: string, shape: MultiPolygon): { cells: EditorCells; followed: string[] } {
  const cell = cells.get(code);
  if (!cell) return { cells, followed: [] };
  const edit = vertexEdit(cell.geometry, shape);
  let next = withShape(cells, code, shape);
  const followed: string[] = [];
  if (edit)
    for (const other of liveCells(cells)) {
      if (other.code === code) continue;
      const moved = applyVertexEdit(other.geometry, edit);
      if (moved) {
        next = withShape(next, other.code, moved);
        followed.push(other.code);
      }
    }
  return { cells: next, followed };
}
