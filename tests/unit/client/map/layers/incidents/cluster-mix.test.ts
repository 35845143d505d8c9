import { describe, expect, it } from 'vitest';
import { arcsKey, mixArcs, mixOf } from '../../../../../../client/map/layers/incidents/cluster-mix.ts';

describe('a cluster’s colour mix', () => {
  it('counts colours, unknown ones as blue', () => {
    expect(mixOf(['red', 'blue', 'blue', 'purple', 'orange'])).toEqual({ red: 1, orange: 1, yellow: 0, blue: 3 });
  });

  it('shares the ring by count, most urgent first, covering the whole turn without gaps', () => {
    const arcs = mixArcs({ red: 6, orange: 0, yellow: 6, blue: 12 }, 24);
    expect(arcs.map((a) => a.colour)).toEqual(['red', 'yellow', 'blue']);
    expect(arcs.map((a) => Math.round((a.to - a.from) * 24))).toEqual([6, 6, 12]);
    expect(arcs[0]!.from).toBe(0);
    expect(arcs.at(-1)!.to).toBeCloseTo(1);
    for (let i = 1; i < arcs.length; i++) expect(arcs[i]!.from).toBe(arcs[i - 1]!.to);
  });

  it('shows a single red case among hundreds of blue ones', () => {
    const arcs = mixArcs({ red: 1, orange: 0, yellow: 0, blue: 500 });
    expect(arcs[0]).toMatchObject({ colour: 'red', from: 0 });
    expect(arcs[0]!.to).toBeCloseTo(1 / 24);
  });

  it('draws one ring for mixes that round alike, another when a case is late', () => {
    const a = mixArcs({ red: 10, orange: 0, yellow: 0, blue: 100 });
    const b = mixArcs({ red: 11, orange: 0, yellow: 0, blue: 104 });
    expect(arcsKey(a, false)).toBe(arcsKey(b, false));
    expect(arcsKey(a, true)).not.toBe(arcsKey(a, false));
    expect(mixArcs({ red: 0, orange: 0, yellow: 0, blue: 0 })).toEqual([]);
  });
});
