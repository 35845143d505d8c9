import { describe, expect, it } from 'vitest';
import { checkCell, findGaps, indexed, withIndexes } from '../../../../client/boundaries/client-checks.ts';
import { square, withRing } from './fixtures.ts';

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
