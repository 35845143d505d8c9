import { describe, expect, it } from 'vitest';
import { roadLabelsFrom, textAngleFromBearing } from '../../../../../../client/map/layers/road-labels/road-labels-data.ts';

describe('road labels', () => {
  it('turns bearings into angles that never read upside down', () => {
    expect(textAngleFromBearing(90)).toBe(0);
    expect(textAngleFromBearing(270)).toBe(0);
    expect(textAngleFromBearing(0)).toBe(90);
    expect(textAngleFromBearing(180)).toBe(90);
    expect(textAngleFromBearing(45)).toBe(45);
    expect(textAngleFromBearing(135)).toBe(-45);
    for (let b = 0; b <= 360; b += 7) {
      const a = textAngleFromBearing(b);
      expect(a).toBeGreaterThan(-90);
      expect(a).toBeLessThanOrEqual(90);
    }
  });

  it('labels each road name once, at its longest stretch', () => {
    const labels = roadLabelsFrom([
      { name: '人民路', roadClass: 'arterial', lon: 1, lat: 1, bearing: 90, lengthM: 100 },
      { name: '人民路', roadClass: 'arterial', lon: 2, lat: 2, bearing: 90, lengthM: 900 },
      { name: '幸福街', roadClass: 'local', lon: 3, lat: 3, bearing: 0, lengthM: 300 },
    ]);
    expect(labels.map((l) => [l.text, l.position[0], l.major])).toEqual([
      ['人民路', 2, true],
      ['幸福街', 3, false],
    ]);
  });
});
