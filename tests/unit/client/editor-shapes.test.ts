import type { MultiPolygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { checkCell, findGaps, indexed, withIndexes } from '../../../client/editor/client-checks.ts';
import {
  changedCodes,
  nextChildCode,
  push,
  redo,
  startHistory,
  undo,
  withDeleted,
  withNewCell,
  type EditorCell,
  type EditorCells,
} from '../../../client/editor/editor-cells.ts';
import { editWithNeighbours, vertexEdit } from '../../../client/editor/shared-vertices.ts';
import { candidatesOf, snapPointer } from '../../../client/editor/snap.ts';

/** Squares of 0.01° side, side by side: A on the left, B on the right, sharing the edge x = 0.01. */
const square = (x0: number, x1: number, y0 = 0, y1 = 0.01): MultiPolygon => ({
  type: 'MultiPolygon',
  coordinates: [
    [
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0],
      ],
    ],
  ],
});
const cell = (code: string, geometry: MultiPolygon): EditorCell => ({
  code,
  name: code,
  action: 'unchanged',
  geometry,
  published: geometry,
  version: 1,
});
const state = (...cells: EditorCell[]): EditorCells => new Map(cells.map((c) => [c.code, c]));
const ring = (g: MultiPolygon) => g.coordinates[0]![0]!;
const withRing = (r: Position[]): MultiPolygon => ({ type: 'MultiPolygon', coordinates: [[r]] });

describe('shared vertices', () => {
  const A = cell('A', square(0, 0.01));
  const B = cell('B', square(0.01, 0.02));
  const C = cell('C', square(0.05, 0.06));

  it('moves a vertex both neighbours hold in both, and leaves a cell that does not hold it alone', () => {
    const moved = withRing(ring(A.geometry).map((p) => (p[0] === 0.01 && p[1] === 0.01 ? [0.012, 0.011] : p)));
    expect(vertexEdit(A.geometry, moved)).toEqual({ kind: 'move', from: [0.01, 0.01], to: [0.012, 0.011] });
    const { cells, followed } = editWithNeighbours(state(A, B, C), 'A', moved);
    expect(followed).toEqual(['B']);
    expect(ring(cells.get('B')!.geometry)).toContainEqual([0.012, 0.011]);
    expect(cells.get('B')!.action).toBe('update');
    expect(cells.get('C')).toBe(C);
  });

  it('inserts a vertex on a shared segment into the neighbour too, so dragging it next keeps the border shared', () => {
    const r = ring(A.geometry);
    const inserted = withRing([...r.slice(0, 2), [0.01, 0.005], ...r.slice(2)]);
    expect(vertexEdit(A.geometry, inserted)).toMatchObject({ kind: 'insert', at: [0.01, 0.005] });
    const { cells } = editWithNeighbours(state(A, B), 'A', inserted);
    expect(ring(cells.get('B')!.geometry)).toContainEqual([0.01, 0.005]);
    const dragged = withRing(ring(cells.get('A')!.geometry).map((p) => (p[0] === 0.01 && p[1] === 0.005 ? [0.013, 0.005] : p)));
    const after = editWithNeighbours(cells, 'A', dragged).cells;
    expect(ring(after.get('B')!.geometry)).toContainEqual([0.013, 0.005]);
  });

  it('does not propagate an edit that changed more than one vertex', () => {
    const shifted = withRing(ring(A.geometry).map(([x, y]) => [x! + 0.001, y!]));
    expect(vertexEdit(A.geometry, shifted)).toBeNull();
    expect(editWithNeighbours(state(A, B), 'A', shifted).followed).toEqual([]);
  });
});

describe('client checks', () => {
  const parent = square(0, 0.02);
  const A = square(0, 0.01);
  const B = square(0.01, 0.02);

  it('finds nothing wrong with two cells that tile their parent', () => {
    const siblings = withIndexes([{ code: 'B', geometry: B }]);
    expect(checkCell('A', A, siblings, indexed(parent))).toEqual([]);
    expect(findGaps([A, B], parent)).toEqual([]);
  });

  it('reports an overlap with the sibling, the part outside the parent, a self-intersection and a sliver, each where it is', () => {
    const wide = square(-0.001, 0.011);
    const problems = checkCell('A', wide, withIndexes([{ code: 'B', geometry: B }]), indexed(parent));
    const overlap = problems.find((p) => p.kind === 'overlap')!;
    expect(overlap.other).toBe('B');
    expect(overlap.areaM2).toBeGreaterThan(100_000); // 0.001° × 0.01° is about 110 m × 1.1 km
    expect(problems.find((p) => p.kind === 'outside')!.areaM2).toBeGreaterThan(100_000);
    const bowtie = withRing([
      [0, 0],
      [0.01, 0.01],
      [0.01, 0],
      [0, 0.01],
      [0, 0],
    ]);
    const crossed = checkCell('A', bowtie, [], indexed(parent));
    expect(crossed.map((p) => p.kind)).toContain('self_intersection');
    expect(crossed.find((p) => p.kind === 'self_intersection')!.geometry).toEqual({ type: 'MultiPoint', coordinates: [[0.005, 0.005]] });
    const tiny = square(0, 0.00005, 0, 0.00005);
    expect(checkCell('A', tiny, [], indexed(parent)).map((p) => p.kind)).toEqual(['sliver']);
  });

  it('finds the gap a shrunk cell leaves', () => {
    const gaps = findGaps([square(0, 0.009), B], parent);
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.areaM2).toBeGreaterThan(100_000);
  });
});

describe('snapping', () => {
  const project = (p: Position) => ({ x: p[0]! * 100_000, y: -p[1]! * 100_000 });
  const candidates = candidatesOf(
    [square(0, 0.01)],
    [
      [
        [0.02, 0],
        [0.02, 0.01],
      ],
    ],
  );

  it('prefers a vertex, then an edge, then a road, within the tolerance on screen', () => {
    expect(snapPointer({ x: 1003, y: -1004 }, candidates, project)).toEqual({ kind: 'vertex', position: [0.01, 0.01] });
    const edge = snapPointer({ x: 1005, y: -500 }, candidates, project)!;
    expect(edge.kind).toBe('edge');
    expect(edge.position[0]).toBeCloseTo(0.01, 9);
    expect(edge.position[1]).toBeCloseTo(0.005, 9);
    expect(snapPointer({ x: 1996, y: -500 }, candidates, project)!.kind).toBe('road');
    expect(snapPointer({ x: 1500, y: -500 }, candidates, project)).toBeNull();
  });
});

describe('editor cells and history', () => {
  it('gives new cells the next free code under the parent, counting deleted ones', () => {
    expect(nextChildCode('379901001005', ['379901001005001', '379901001005004', '379901001006001'])).toBe('379901001005005');
  });

  it('undoes and redoes whole states, and a new edit clears what could be redone', () => {
    const s0 = state(cell('A', square(0, 0.01)));
    const s1 = withNewCell(s0, 'N', 'new', square(0.01, 0.02));
    const s2 = withDeleted(s1, 'A');
    let h = push(push(startHistory(s0), s1), s2);
    h = undo(h);
    expect(h.present).toBe(s1);
    expect(changedCodes(s2, h.present)).toEqual(['A']);
    h = redo(h);
    expect(h.present).toBe(s2);
    h = push(undo(h), s0);
    expect(h.future).toEqual([]);
    expect(withDeleted(s1, 'N').has('N')).toBe(false);
  });
});
