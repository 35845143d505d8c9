import { describe, expect, it } from 'vitest';
import { spotlights } from '../../../../../../client/map/layers/spotlight/spotlight-layers.ts';
import { bboxAround } from '../../../../../../client/map/bounds.ts';

const spot = (id: string) => ({ id, position: [117.1, 31.8] as [number, number] });

describe('spotlights on the map', () => {
  it('rings the picked case still and the emergency breathing, each with its own layers', () => {
    expect(spotlights(null, null, 0, 1)).toEqual([]);
    const both = spotlights(spot('1'), spot('2'), 500, 2);
    expect(both.map((l) => l.id)).toEqual(['picked-ring', 'picked-halo', 'takeover-ring', 'takeover-halo']);
    // A quarter through its two-second breath, the emergency's halo has grown and faded a quarter.
    const halo = both[3]!.props;
    expect(halo.getRadius).toBe(22 + 18 * 0.25);
    expect((halo.getLineColor as unknown as number[])[3]).toBe(Math.round(220 * 0.75));
    expect(both[1]!.props.getRadius).toBe(22);
    expect(both[0]!.props.radiusScale).toBe(2);
  });

  it('frames a point with the same span either side', () => {
    expect(bboxAround([117, 31], [0.004, 0.0035])).toEqual([116.996, 30.9965, 117.004, 31.0035]);
  });
});
