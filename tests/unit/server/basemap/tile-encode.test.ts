import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { describe, expect, it } from 'vitest';
import { encodeTile, toVtFeatures } from '../../../../server/basemap/tile-encode.ts';

describe('tile encoding', () => {
  it('round-trips polygons, lines and properties through the protobuf', () => {
    const bytes = encodeTile([
      {
        layer: 'blocks',
        props: { land_use: 'park', unused: null },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [0, 100],
              [100, 100],
              [100, 0],
              [0, 0],
            ],
          ],
        },
      },
      {
        layer: 'roads',
        props: { class: 'arterial', name: '人民路' },
        geometry: {
          type: 'LineString',
          coordinates: [
            [0, 0],
            [50, 50],
          ],
        },
      },
      { layer: 'roads', props: {}, geometry: null },
    ]);
    const tile = new VectorTile(new PbfReader(bytes));
    expect(tile.layers.blocks!.length).toBe(1);
    expect(tile.layers.blocks!.feature(0).properties).toEqual({ land_use: 'park' });
    expect(tile.layers.blocks!.feature(0).type).toBe(3);
    expect(tile.layers.roads!.length).toBe(1);
    expect(tile.layers.roads!.feature(0).properties.name).toBe('人民路');
  });

  it('drops degenerate parts that snapping to the tile grid can leave', () => {
    expect(toVtFeatures({ type: 'LineString', coordinates: [[1, 1]] }, {})).toEqual([]);
    expect(
      toVtFeatures(
        {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 1],
              [0, 0],
            ],
          ],
        },
        {},
      ),
    ).toEqual([]);
    expect(toVtFeatures({ type: 'GeometryCollection', geometries: [] }, {})).toEqual([]);
    const multi = toVtFeatures(
      {
        type: 'MultiPolygon',
        coordinates: [
          [
            [
              [0, 0],
              [0, 5],
              [5, 5],
              [0, 0],
            ],
          ],
          [
            [
              [9, 9],
              [9, 12],
              [12, 12],
              [9, 9],
            ],
          ],
        ],
      },
      {},
    );
    expect(multi).toHaveLength(1);
    expect(multi[0]!.geometry).toHaveLength(2);
  });
});
