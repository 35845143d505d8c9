import { describe, expect, it } from 'vitest';
import { labelOrder, type GridLabel } from '../../../../../../client/map/layers/grid-labels/grid-labels-data.ts';
import { placeLabels, textEms } from '../../../../../../client/map/layers/grid-labels/label-placement.ts';
import { worldPixel } from '../../../../../../client/map/world-pixel.ts';

/** A label `dx` pixels east of a fixed point at zoom 14. */
const at = (code: string, dx: number, text = '第一网格', areaKm2 = 1): GridLabel => {
  const [x0] = worldPixel([117, 34], 14);
  const lon = ((x0 + dx) / (512 * 2 ** 14)) * 360 - 180;
  return { code, text, position: [lon, 34], areaKm2 };
};

describe('label placement', () => {
  it('measures CJK at a full em and Latin at about half', () => {
    expect(textEms('第一网格')).toBe(4);
    expect(textEms('A1')).toBeCloseTo(1.16);
  });

  it('keeps the first of two labels that would overlap and both when they are apart', () => {
    // Four characters at 16 px are 64 px wide: 40 px apart they collide, 100 px apart they do not.
    expect(placeLabels([at('a', 0), at('b', 40)], 14, 16).map((l) => l.code)).toEqual(['a']);
    expect(placeLabels([at('b', 40), at('a', 0)], 14, 16).map((l) => l.code)).toEqual(['b']);
    expect(placeLabels([at('a', 0), at('b', 100)], 14, 16).map((l) => l.code)).toEqual(['a', 'b']);
    // Zoomed in one level the same two are twice as far apart on screen.
    expect(placeLabels([at('a', 0), at('b', 40)], 15, 16).map((l) => l.code)).toEqual(['a', 'b']);
  });

  it('gives way to a cluster on the map', () => {
    const label = at('a', 0);
    expect(placeLabels([label], 14, 16, [{ position: label.position, radius: 20 }])).toEqual([]);
    expect(placeLabels([label], 14, 16, [{ position: at('x', 200).position, radius: 20 }])).toEqual([label]);
  });

  it('never lets two placed labels overlap however many crowd in', () => {
    const crowd = Array.from({ length: 2425 }, (_, i) => at(String(i), (i * 37) % 3000, '松柏社区第十二网格'));
    const placed = placeLabels(crowd, 14, 16);
    expect(placed.length).toBeGreaterThan(10);
    expect(placed.length).toBeLessThan(crowd.length);
    const xs = placed.map((l) => worldPixel(l.position, 14)[0]).sort((a, b) => a - b);
    const width = textEms('松柏社区第十二网格') * 16;
    for (let i = 1; i < xs.length; i++) expect(xs[i]! - xs[i - 1]!).toBeGreaterThanOrEqual(width);
  });

  it('orders the selected cell first, then larger cells, then by code', () => {
    const labels = [at('c', 0, 'x', 1), at('a', 0, 'x', 1), at('b', 0, 'x', 5), at('d', 0, 'x', 0.1)];
    expect(labelOrder(labels, null).map((l) => l.code)).toEqual(['b', 'a', 'c', 'd']);
    expect(labelOrder(labels, 'd').map((l) => l.code)).toEqual(['d', 'b', 'a', 'c']);
  });
});
