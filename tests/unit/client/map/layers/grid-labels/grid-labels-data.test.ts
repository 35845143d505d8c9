import { describe, expect, it } from 'vitest';
import type { GridCollection } from '../../../../../../client/api/grids.ts';
import { bboxOfCoordinates } from '../../../../../../client/map/bounds.ts';
import { gridLabelsFrom } from '../../../../../../client/map/layers/grid-labels/grid-labels-data.ts';

describe('grid labels and bounds', () => {
  const fc = {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        geometry: {
          type: 'MultiPolygon',
          coordinates: [
            [
              [
                [116, 34],
                [117, 34],
                [117, 35],
                [116, 34],
              ],
            ],
          ],
        },
        properties: {
          code: 'a',
          name: '第一网格',
          level: 'grid',
          parentCode: null,
          version: 1,
          areaKm2: 1,
          labelLon: 116.5,
          labelLat: 34.2,
        },
      },
      {
        type: 'Feature',
        geometry: { type: 'MultiPolygon', coordinates: [] },
        properties: { code: 'b', name: '空', level: 'grid', parentCode: null, version: 1, areaKm2: 0, labelLon: NaN, labelLat: NaN },
      },
    ],
  } as unknown as GridCollection;

  it('places labels at the label points and skips cells without one', () => {
    expect(gridLabelsFrom(fc)).toEqual([{ code: 'a', text: '第一网格', position: [116.5, 34.2], areaKm2: 1 }]);
    expect(gridLabelsFrom(undefined)).toEqual([]);
  });

  it('computes the bbox of nested coordinates and null for empty ones', () => {
    expect(bboxOfCoordinates(fc.features.map((f) => f.geometry.coordinates))).toEqual([116, 34, 117, 35]);
    expect(bboxOfCoordinates([])).toBeNull();
    expect(bboxOfCoordinates([[null, null]])).toBeNull();
  });
});
