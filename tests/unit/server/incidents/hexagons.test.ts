import { describe, expect, it } from 'vitest';
import { booleanPointInPolygon, distance, point, polygon } from '@turf/turf';
import { hexBin, hexCentre, hexRing, mercatorSize } from '../../../../server/incidents/hexagons.ts';

describe('hexagon bins', () => {
  const size = mercatorSize(300, 34.78);

  it('puts a point in the hexagon whose ring contains it', () => {
    for (let k = 0; k < 500; k++) {
      const lon = 116.9 + ((k * 37) % 100) * 0.0007;
      const lat = 34.75 + ((k * 53) % 100) * 0.0006;
      const [q, r] = hexBin(lon, lat, size);
      expect(booleanPointInPolygon(point([lon, lat]), polygon([hexRing(q, r, size)]))).toBe(true);
    }
  });

  it('gives the centre back its own bin, and neighbours centres about √3·size apart on the ground', () => {
    const [q, r] = hexBin(116.95, 34.78, size);
    expect(hexBin(...hexCentre(q, r, size), size)).toEqual([q, r]);
    const metres = distance(hexCentre(q, r, size), hexCentre(q, r + 1, size), { units: 'meters' });
    expect(metres).toBeGreaterThan(300 * Math.sqrt(3) * 0.97);
    expect(metres).toBeLessThan(300 * Math.sqrt(3) * 1.03);
  });
});
