import { describe, expect, it } from 'vitest';
import { centroid, clipHalfPlane, insetPolygon, insideWithMargins, signedArea, smoothLine, type Vec } from '../../../geodata/geometry.ts';

const square: Vec[] = [
  [0, 0],
  [10, 0],
  [10, 10],
  [0, 10],
];

describe('planar helpers', () => {
  it('computes signed area and centroid of a CCW square', () => {
    expect(signedArea(square)).toBe(100);
    expect(signedArea([...square].reverse())).toBe(-100);
    expect(centroid(square)).toEqual([5, 5]);
  });

  it('keeps points at least each edge’s margin inside', () => {
    const poly = { points: square, margins: [1, 1, 1, 4] };
    expect(insideWithMargins(poly, [5, 5])).toBe(true);
    expect(insideWithMargins(poly, [3, 5])).toBe(false);
    expect(insideWithMargins(poly, [5, 0.5])).toBe(false);
  });

  it('clips to a half-plane and gives the cut edge its own margin', () => {
    const half = clipHalfPlane({ points: square, margins: [1, 1, 1, 1] }, [5, 0], [0, 1], 7);
    // Left of the upward line x = 5 is the half with x ≤ 5.
    expect(signedArea(half.points)).toBeCloseTo(50);
    expect(half.points.every((p) => p[0] <= 5)).toBe(true);
    expect(half.margins).toContain(7);
  });

  it('insets a convex polygon by its margins', () => {
    const inner = insetPolygon({ points: square, margins: [1, 2, 1, 2] }, 1);
    expect(signedArea(inner)).toBeCloseTo(6 * 8);
  });

  it('smooths a line and keeps its ends', () => {
    const line: Vec[] = [
      [0, 0],
      [10, 0],
      [10, 10],
    ];
    const smooth = smoothLine(line, 2);
    expect(smooth[0]).toEqual([0, 0]);
    expect(smooth[smooth.length - 1]).toEqual([10, 10]);
    expect(smooth.length).toBeGreaterThan(line.length);
  });
});
