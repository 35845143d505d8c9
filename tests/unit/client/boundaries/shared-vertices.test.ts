import type { MultiPolygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { editWithNeighbours, vertexEdit } from '../../../../client/boundaries/shared-vertices.ts';
import { cell, square, state, withRing } from './fixtures.ts';

const ring = (g: MultiPolygon) => g.coordinates[0]![0]!;

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
