import type { Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { candidatesOf, snapPointer } from '../../../../client/boundaries/snap.ts';
import { square } from './fixtures.ts';

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
